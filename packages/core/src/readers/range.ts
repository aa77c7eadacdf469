/**
 * Exact byte-range shards of one delimited file. Shard i of n covers the rows that start in bytes
 * [i*size/n, (i+1)*size/n): each end is moved to the first row boundary at or after it, so every row belongs to
 * exactly one shard. Whether a line break ends a row depends on the quotes before it; in RFC 4180 an even number of
 * quote bytes before a position means it is outside a quoted field, so the bytes before a shard's start are only
 * counted (quote bytes for the parity, line breaks for exact physical line numbers), never parsed.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { detectFormat, openTable } from './open.js';
import { CR, LF } from './parser.js';
import type { ReadOptions, Table } from './types.js';

/** A row boundary: a byte offset and the 1-based physical line that starts there. */
export interface RowBoundary {
  offset: number;
  line: number;
}

const CHUNK = 1 << 22;

function count(buf: Buffer, byte: number, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte); i >= 0 && i < end; i = buf.indexOf(byte, i + 1)) n++;
  return n;
}

/**
 * The first row boundary at or after `target`, and its physical line. `quote` is the quote byte (-1: none);
 * `notBefore` is a boundary known to hold (the end of the header row): a result is never before it.
 */
export async function rowBoundaryAt(handle: FileHandle, size: number, target: number, quote: number, notBefore: RowBoundary = { offset: 0, line: 1 }, chunk = CHUNK): Promise<RowBoundary> {
  if (target <= notBefore.offset) return notBefore;
  if (target >= size) target = size;
  // Phase 1: bytes [0, target - 1): quote parity and line breaks, counted with native scans.
  const stop = target - 1;
  const CHUNK = chunk;
  const buf = Buffer.allocUnsafe(CHUNK + 1);
  let quotes = 0;
  let breaks = 0;
  for (let base = 0; base < stop; base += CHUNK) {
    const want = Math.min(CHUNK + 1, size - base);
    const { bytesRead } = await handle.read(buf, 0, want, base);
    const end = Math.min(CHUNK, stop - base, bytesRead);
    const view = buf.subarray(0, bytesRead);
    if (quote >= 0) quotes += count(view, quote, end);
    breaks += count(view, LF, end);
    // A CR counts unless it is the first half of a CRLF.
    for (let i = view.indexOf(CR); i >= 0 && i < end; i = view.indexOf(CR, i + 1)) if (view[i + 1] !== LF) breaks++;
  }
  if (target >= size) {
    return { offset: size, line: 1 + breaks + (await lastByteIsBreak(handle, size)) };
  }
  // Phase 2: from target - 1, byte by byte, to the first line break outside quotes.
  let inQuote = quotes % 2 === 1;
  let pos = Math.max(stop, 0);
  let base = pos;
  let filled = 0;
  const at = async (p: number): Promise<number> => {
    if (p >= size) return -1;
    if (p < base || p >= base + filled) {
      base = p;
      filled = (await handle.read(buf, 0, Math.min(CHUNK, size - p), p)).bytesRead;
    }
    return buf[p - base]!;
  };
  for (;;) {
    const b = await at(pos);
    if (b < 0) return { offset: size, line: 1 + breaks };
    if (b === quote) inQuote = !inQuote;
    else if (b === LF || b === CR) {
      const crlf = b === CR && (await at(pos + 1)) === LF;
      const next = crlf ? pos + 2 : pos + 1;
      breaks++;
      if (!inQuote && next >= target) return { offset: next, line: 1 + breaks };
      pos = next;
      continue;
    }
    pos++;
  }
}

async function lastByteIsBreak(handle: FileHandle, size: number): Promise<number> {
  if (size === 0) return 0;
  const one = Buffer.alloc(1);
  await handle.read(one, 0, 1, size - 1);
  return one[0] === LF || one[0] === CR ? 1 : 0;
}

/** Where the header row ends: after the first non-empty record (leading blank lines and a BOM are part of it). */
export async function headerEnd(handle: FileHandle, size: number, quote: number): Promise<RowBoundary> {
  const buf = Buffer.allocUnsafe(Math.min(size, 1 << 16));
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  let start = 0;
  let lines = 1;
  while (start < bytesRead && (buf[start] === LF || buf[start] === CR)) {
    if (!(buf[start] === CR && buf[start + 1] === LF)) lines++;
    start++;
  }
  // The first non-empty record ends at the first line break outside quotes after `start`.
  const end = await rowBoundaryAt(handle, size, start + 1, quote, { offset: start, line: lines });
  return end;
}

/**
 * The byte range of shard `index` (0-based) of `count` over a file: row boundaries, the start's physical line.
 * `header` false: the first row is data.
 */
export async function shardByteRange(path: string, index: number, count: number, quote: number, header: boolean): Promise<{ start: RowBoundary; end: RowBoundary; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new UsageError(`cannot open the file (${err instanceof Error ? err.message : String(err)})`, { where: path, fix: 'Check the path', code: 'file-not-found', cause: err });
  }
  try {
    const size = (await handle.stat()).size;
    const first = header ? await headerEnd(handle, size, quote) : { offset: 0, line: 1 };
    const from = Math.floor((index * size) / count);
    const to = Math.floor(((index + 1) * size) / count);
    const start = index === 0 ? first : await rowBoundaryAt(handle, size, from, quote, first);
    const end = index === count - 1 ? { offset: size, line: 0 } : await rowBoundaryAt(handle, size, to, quote, first);
    return { start, end, size };
  } finally {
    await handle.close();
  }
}

/**
 * Opens the rows of byte-range shard `index` of `count` of one file: the first shard reads the header itself; the
 * others take it (and a sniffed delimiter) from the file's start. CSV, TSV and JSON Lines; gzip and JSON arrays are
 * refused (they split only by file). `shown` names the file in errors.
 */
export async function openShardTable(path: string, shown: string, read: ReadOptions, index: number, count: number): Promise<Table> {
  const format = read.format ?? detectFormat(path);
  if (format === 'json') {
    throw new UsageError(`a JSON array file cannot be split into ${count} byte ranges`, { where: shown, fix: `Pass at least ${count} files so shards take whole files, or convert it to JSON Lines`, code: 'usage' });
  }
  const quoted = format !== 'jsonl';
  const quote = quoted ? (read.quote ?? '"') : '';
  const range = await shardByteRange(path, index, count, quote === '' ? -1 : quote.charCodeAt(0), quoted && read.header !== false);
  try {
    if (index === 0) return await openTable(path, read, { start: 0, end: range.end.offset, line: 1 });
    const head = await openTable(path, { ...read, maxRows: 1 });
    await head.close?.();
    return await openTable(path, read, { start: range.start.offset, end: range.end.offset, line: range.start.line, header: head.header, delimiter: head.delimiter });
  } catch (err) {
    // Name the file as the user did, not by its absolute path.
    if (err instanceof UsageError && err.where === path) throw new UsageError(err.what, { where: shown, fix: err.fix, code: err.code, cause: err });
    throw err;
  }
}
