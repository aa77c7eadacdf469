import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';

/** The decompressed bytes of a file, read in chunks. */
export interface ByteSource {
  /**
   * Returns `carry` (bytes left unparsed by the previous call) followed by at least one new chunk, reading until the
   * result holds `minBytes` or the file ends. The buffer may reuse memory: it is valid until the next call.
   */
  next(carry: Buffer, minBytes: number): Promise<{ buf: Buffer; eof: boolean }>;
  gzip: boolean;
  bytesRead(): number;
  close(): Promise<void>;
}

/** Bytes per read. 256 KiB keeps the rows parsed from one read within a batch or two (see DEFAULT_BATCH_ROWS). */
export const DEFAULT_CHUNK_SIZE = 1 << 18;

/**
 * Opens `path` for streaming. Missing, directory or unreadable files are UsageErrors naming the path; gzip is
 * recognised by its magic bytes (whatever the name says) and decompressed on the fly.
 */
export async function openByteSource(path: string, chunkSize = DEFAULT_CHUNK_SIZE, range?: { start: number; end: number }): Promise<ByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw openError(path, err);
  }
  let gzip = false;
  let seekable = true;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      throw new UsageError('is a directory, not a data file', { where: path, fix: 'Pass the path of a .csv, .tsv, .jsonl or .json file', code: 'file-not-found' });
    }
    if (stat.isFile()) {
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } else {
      // A pipe (`<(zcat …)`, /dev/stdin) cannot be peeked at: trust the name.
      seekable = false;
      gzip = path.toLowerCase().endsWith('.gz');
    }
  } catch (err) {
    await handle.close().catch(() => {});
    throw err instanceof UsageError ? err : openError(path, err);
  }
  if (range !== undefined && (gzip || !seekable)) {
    await handle.close().catch(() => {});
    throw new UsageError(gzip ? 'a gzip file cannot be split by byte ranges' : 'a pipe cannot be split by byte ranges', { where: path, fix: 'Shard by file (pass at least as many files as shards), or decompress the file first', code: 'invalid-option' });
  }
  return gzip ? gunzipSource(path, handle, chunkSize, seekable) : fileSource(path, handle, chunkSize, seekable, range?.start ?? 0, range?.end ?? Infinity);
}

/** Plain files: read straight into one reused buffer, carried bytes moved to its front (no per-chunk garbage). */
function fileSource(path: string, handle: FileHandle, chunkSize: number, seekable: boolean, start = 0, end = Infinity): ByteSource {
  let work = Buffer.allocUnsafe(2 * chunkSize);
  let read = 0;
  let closed = false;
  let position = start;
  return {
    gzip: false,
    bytesRead: () => read,
    async next(carry, minBytes) {
      const want = Math.max(carry.length + 1, minBytes);
      const size = Math.max(want, carry.length + chunkSize);
      if (work.length < size) {
        const bigger = Buffer.allocUnsafe(Math.max(size, 2 * work.length));
        carry.copy(bigger, 0);
        work = bigger;
      } else if (carry.length > 0 && (carry.buffer !== work.buffer || carry.byteOffset !== work.byteOffset)) {
        carry.copy(work, 0); // Buffer#copy handles the overlap when carry is a tail of work
      }
      let filled = carry.length;
      let eof = false;
      while (filled < want) {
        let n: number;
        const room = Math.min(work.length - filled, end - position);
        try {
          n = room <= 0 ? 0 : (await handle.read(work, filled, room, seekable ? position : null)).bytesRead;
        } catch (err) {
          throw readError(path, false, err);
        }
        if (n === 0) {
          eof = true;
          break;
        }
        filled += n;
        position += n;
        read += n;
      }
      return { buf: work.subarray(0, filled), eof };
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close().catch(() => {});
    },
  };
}

function gunzipSource(path: string, handle: FileHandle, chunkSize: number, seekable: boolean): ByteSource {
  const file = handle.createReadStream({ ...(seekable ? { start: 0 } : {}), highWaterMark: chunkSize, autoClose: true });
  const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(chunkSize, 1 << 20)) });
  file.on('error', (err) => gunzip.destroy(err));
  const stream: Readable = file.pipe(gunzip);
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let read = 0;
  let closed = false;
  return {
    gzip: true,
    bytesRead: () => read,
    async next(carry, minBytes) {
      const want = Math.max(carry.length + 1, minBytes);
      const parts = carry.length > 0 ? [carry] : [];
      let filled = carry.length;
      let eof = false;
      while (filled < want) {
        let r: IteratorResult<Buffer>;
        try {
          r = await iterator.next();
        } catch (err) {
          throw readError(path, true, err);
        }
        if (r.done) {
          eof = true;
          break;
        }
        parts.push(r.value);
        filled += r.value.length;
        read += r.value.length;
      }
      return { buf: parts.length === 1 ? parts[0]! : Buffer.concat(parts, filled), eof };
    },
    async close() {
      if (closed) return;
      closed = true;
      stream.destroy();
      file.destroy();
      await handle.close().catch(() => {});
    },
  };
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function openError(path: string, err: unknown): UsageError {
  switch (errnoCode(err)) {
    case 'ENOENT':
      return new UsageError('file not found', { where: path, fix: 'Check the path (relative paths are resolved against the working directory)', code: 'file-not-found', cause: err });
    case 'EISDIR':
      return new UsageError('is a directory, not a data file', { where: path, fix: 'Pass the path of a .csv, .tsv, .jsonl or .json file', code: 'file-not-found', cause: err });
    case 'EACCES':
    case 'EPERM':
      return new UsageError('permission denied', { where: path, fix: 'Make the file readable by this user (chmod +r)', code: 'file-unreadable', cause: err });
    default:
      return new UsageError(`cannot open the file (${err instanceof Error ? err.message : String(err)})`, { where: path, fix: 'Check that the path names a readable file', code: 'file-unreadable', cause: err });
  }
}

function readError(path: string, gzip: boolean, err: unknown): UsageError {
  const message = err instanceof Error ? err.message : String(err);
  if (gzip && typeof err === 'object' && err !== null && 'errno' in err && errnoCode(err)?.startsWith('Z_')) {
    return new UsageError(`the gzip data is corrupt or truncated (${message})`, { where: path, fix: 'Re-create the .gz file, e.g. gzip -k <file>, and check it with gzip -t', code: 'file-unreadable', cause: err });
  }
  return new UsageError(`cannot read the file (${message})`, { where: path, fix: 'Check that the path names a readable file', code: 'file-unreadable', cause: err });
}
