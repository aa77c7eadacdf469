import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';

export interface CsvWriteOptions {
  /** Default `,`. */
  delimiter?: string | undefined;
  /** Default `"`. */
  quote?: string | undefined;
  /** Record terminator. Default LF. */
  newline?: '\n' | '\r\n' | undefined;
}

/**
 * One field, quoted per RFC 4180 when it holds the delimiter, the quote, a CR or LF (or starts with a byte order
 * mark, which a reader would strip); quotes inside are doubled.
 */
export function formatCsvField(value: string, options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  if (
    value.includes(quote) ||
    value.includes(delimiter) ||
    value.includes('\n') ||
    value.includes('\r') ||
    value.charCodeAt(0) === 0xfeff
  ) {
    return quote + value.replaceAll(quote, quote + quote) + quote;
  }
  return value;
}

/** One record without its terminator. A record of one empty field is written `""`: an empty line is no record. */
export function formatCsvRow(cells: readonly string[], options: CsvWriteOptions = {}): string {
  if (cells.length === 1 && cells[0] === '') {
    const quote = options.quote ?? '"';
    return quote + quote;
  }
  const delimiter = options.delimiter ?? ',';
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += delimiter;
    line += formatCsvField(cells[i]!, options);
  }
  return line;
}

/** A whole table as CSV text, each record terminated by the newline. */
export function formatCsv(header: readonly string[], rows: Iterable<readonly string[]>, options: CsvWriteOptions = {}): string {
  const newline = options.newline ?? '\n';
  let text = formatCsvRow(header, options) + newline;
  for (const row of rows) text += formatCsvRow(row, options) + newline;
  return text;
}

/**
 * Streams a table to `path` as CSV (gzip-compressed when the name ends in `.gz`), respecting backpressure.
 * Returns the number of data rows written.
 */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
  options: CsvWriteOptions = {},
): Promise<{ rows: number }> {
  const newline = options.newline ?? '\n';
  const file = createWriteStream(path);
  const out: Writable = path.toLowerCase().endsWith('.gz') ? createGzip() : file;
  if (out !== file) out.pipe(file);
  const failed = new Promise<never>((_, reject) => {
    const fail = (err: Error) =>
      reject(new UsageError(`cannot write the file (${err.message})`, { where: path, fix: 'Check that the folder exists and is writable', code: 'file-unwritable', cause: err }));
    file.on('error', fail);
    out.on('error', fail);
  });
  failed.catch(() => {});
  let count = 0;
  let text = formatCsvRow(header, options) + newline;
  const flush = async () => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
    text = '';
  };
  for await (const row of rows) {
    text += formatCsvRow(row, options) + newline;
    count++;
    if (text.length >= 1 << 16) await flush();
  }
  out.end(text);
  await Promise.race([once(file, 'close'), failed]);
  return { rows: count };
}
