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
  /** A windows-1252 file with bytes >= 0x80: latin1 plus the 0x80-0x9F block (€, curly quotes, dashes…). */
  Windows1252: 3,
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

// windows-1252 0x80-0x9F (WHATWG Encoding Standard); the five bytes it leaves undefined map to the same C1 code.
const CP1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;

export function decodeWindows1252(buf: Buffer, start: number, end: number): string {
  const text = decodeLatin1(buf, start, end);
  return C1.test(text) ? text.replace(C1_ALL, (c) => String.fromCharCode(CP1252_C1[c.charCodeAt(0) - 0x80]!)) : text;
}

export type Decoder = (buf: Buffer, start: number, end: number) => string;

export function decoderFor(encoding: Encoding): Decoder {
  return encoding === Encoding.Ascii ? decodeLatin1 : encoding === Encoding.Windows1252 ? decodeWindows1252 : decodeUtf8;
}

export function decode(buf: Buffer, start: number, end: number, encoding: Encoding): string {
  return decoderFor(encoding)(buf, start, end);
}

/** Character sets a file may be declared in; anything else is converted to UTF-8 first. */
export type Charset = 'utf-8' | 'latin1' | 'windows-1252';

const CHARSETS: Record<string, Charset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-1': 'latin1',
  'iso8859-1': 'latin1',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

/** The charset an `encoding` option names (case-insensitive, common aliases), or undefined when unsupported. */
export function charsetOf(name: string): Charset | undefined {
  return CHARSETS[name.trim().toLowerCase()];
}

/** Classifies `buf`; a trailing incomplete character is ignored unless `final` (the next chunk completes it). */
export function classify(buf: Buffer, final: boolean, charset: Charset = 'utf-8'): Encoding {
  // In a single-byte charset every byte is a character: nothing to validate.
  if (charset === 'latin1') return Encoding.Ascii;
  if (isAscii(buf)) return Encoding.Ascii;
  if (charset === 'windows-1252') return Encoding.Windows1252;
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

/** A UTF-16 byte order mark (Excel's "Unicode text" export), which no charset here can read. */
export function hasUtf16Bom(buf: Buffer): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}
