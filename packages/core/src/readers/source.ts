import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';

/** The decompressed bytes of a file, as a stream of chunks. */
export interface ByteSource {
  chunks: AsyncIterator<Buffer>;
  gzip: boolean;
  bytesRead(): number;
  close(): Promise<void>;
}

export const DEFAULT_CHUNK_SIZE = 1 << 20;

/**
 * Opens `path` for streaming. Missing, directory or unreadable files are UsageErrors naming the path; gzip is
 * recognised by its magic bytes (whatever the name says) and decompressed on the fly.
 */
export async function openByteSource(path: string, chunkSize = DEFAULT_CHUNK_SIZE): Promise<ByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw openError(path, err);
  }
  let gzip = false;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      throw new UsageError('is a directory, not a data file', { where: path, fix: 'Pass the path of a .csv, .tsv, .jsonl or .json file', code: 'file-not-found' });
    }
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch (err) {
    await handle.close().catch(() => {});
    throw err instanceof UsageError ? err : openError(path, err);
  }

  const file = handle.createReadStream({ start: 0, highWaterMark: chunkSize, autoClose: true });
  let stream: Readable = file;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(chunkSize, 1 << 20)) });
    file.on('error', (err) => gunzip.destroy(err));
    stream = file.pipe(gunzip);
  }
  let read = 0;
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: AsyncIterator<Buffer> = {
    async next() {
      try {
        const r = await iterator.next();
        if (!r.done) read += r.value.length;
        return r;
      } catch (err) {
        throw readError(path, gzip, err);
      }
    },
  };
  let closed = false;
  return {
    chunks,
    gzip,
    bytesRead: () => read,
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
