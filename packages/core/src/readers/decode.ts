import { isAscii, isUtf8 } from 'node:buffer';

/**
 * How the bytes of one working buffer are decoded. Checked once per buffer with Node's SIMD validators, so the
 * common cases (pure ASCII, valid UTF-8) cost nothing per cell; only a buffer with bad bytes checks row by row.
 */
export const Encoding = {
  /** Every byte < 0x80: latin1 decoding is exact and fastest. */
  Ascii: 0,
  /** Valid UTF-8 (up to the last complete character). */
  Utf8: 1,
  /** Contains invalid UTF-8 somewhere: check each row, decode with U+FFFD. */
  Invalid: 2,
} as const;
export type Encoding = (typeof Encoding)[keyof typeof Encoding];

interface SliceableBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

// Buffer#latin1Slice/utf8Slice are what Buffer#toString calls after argument checks; use them when present.
const hasFastSlices = typeof (Buffer.prototype as Partial<SliceableBuffer>).latin1Slice === 'function' && typeof (Buffer.prototype as Partial<SliceableBuffer>).utf8Slice === 'function';

export const decodeLatin1: (buf: Buffer, start: number, end: number) => string = hasFastSlices
  ? (buf, start, end) => (buf as SliceableBuffer).latin1Slice(start, end)
  : (buf, start, end) => buf.toString('latin1', start, end);

export const decodeUtf8: (buf: Buffer, start: number, end: number) => string = hasFastSlices
  ? (buf, start, end) => (buf as SliceableBuffer).utf8Slice(start, end)
  : (buf, start, end) => buf.toString('utf8', start, end);

export function decode(buf: Buffer, start: number, end: number, encoding: Encoding): string {
  return encoding === Encoding.Ascii ? decodeLatin1(buf, start, end) : decodeUtf8(buf, start, end);
}

/** Classifies `buf`; a trailing incomplete character is ignored unless `final` (the next chunk completes it). */
export function classify(buf: Buffer, final: boolean): Encoding {
  if (isAscii(buf)) return Encoding.Ascii;
  const end = final ? buf.length : completeUtf8End(buf);
  return isUtf8(end === buf.length ? buf : buf.subarray(0, end)) ? Encoding.Utf8 : Encoding.Invalid;
}

export function isValidUtf8(buf: Buffer, start: number, end: number): boolean {
  return isUtf8(buf.subarray(start, end));
}

/** Length of `buf` without a trailing, incomplete UTF-8 sequence. */
export function completeUtf8End(buf: Buffer): number {
  const len = buf.length;
  let i = len - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return len;
  const lead = buf[i]!;
  if (lead < 0xc0) return len;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return len - i < need ? i : len;
}

export const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function hasBom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}
