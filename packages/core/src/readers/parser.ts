import type { ReadIssue } from './types.js';

/** Receives what a parser finds, in file order. */
export interface RowSink {
  row(cells: string[], line: number): void;
  issue(issue: ReadIssue): void;
  /**
   * Packed reading (CSV-like formats): an unquoted data row, text[start, end), cut into cells by the sink. `text` may
   * hold several rows (one decode for many). Absent: every row comes through `row`.
   */
  textRow?(text: string, start: number, end: number, line: number, delimiter: string): void;
}

/**
 * A resumable record parser over a byte stream. The reader hands it a buffer that starts where the previous call
 * stopped; the parser consumes whole records and returns how many bytes it consumed. The bytes it leaves are handed
 * back, followed by the next chunk, on the next call.
 */
export interface RecordParser {
  /** Column names, once the parser has seen enough to know them. */
  readonly header: string[] | undefined;
  /** Parses the complete records at the start of `buf` (everything, when `final`); returns the bytes consumed. */
  parse(buf: Buffer, final: boolean, sink: RowSink): number;
}

export const LF = 0x0a;
export const CR = 0x0d;

/** First index of `byte` in `buf` at or after `from`, or `buf.length` when absent. */
export function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i < 0 ? buf.length : i;
}

/** Physical line breaks in buf[from, to): LF, CR and CRLF each count once. */
export function countLineBreaks(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b === LF) n++;
    else if (b === CR && buf[i + 1] !== LF) n++;
  }
  return n;
}

export const ENCODING_MESSAGE = 'bytes that are not valid UTF-8 (read as U+FFFD); save the file as UTF-8';
