/** Streaming table readers: the contract every format (CSV, TSV, JSON Lines, JSON arrays, gzip of any) meets. */

/**
 * - `csv`, `tsv`: RFC 4180 delimited text (TSV is the same parser with a tab delimiter; quotes allowed).
 * - `jsonl`: JSON Lines / NDJSON, one object per line.
 * - `json`: one JSON array of objects (Frictionless "keyed" dialect) or of arrays (first array = header).
 */
export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'json';

export interface ReadOptions {
  /** Format; inferred from the file name (`.csv`, `.tsv`, `.jsonl`/`.ndjson`, `.json`, optionally `.gz`) when absent. */
  format?: TableFormat | undefined;
  /**
   * Field delimiter for CSV-like formats (one ASCII character). Defaults: tab for tsv; for csv `,`, unless the header
   * line has no comma but `;`, tab or `|` (a European Excel export): then that one. Giving it turns sniffing off.
   */
  delimiter?: string | undefined;
  /** Quote character for CSV-like formats (one ASCII character, or '' for no quoting). Default `"`. */
  quote?: string | undefined;
  /**
   * CSV-like formats: whether the first row holds column names (default true). When false the first row is data and
   * the header is `field1`, `field2`, … (as many as the first row has cells), the Frictionless convention.
   */
  header?: boolean | undefined;
  /** CSV-like formats: lines starting with this character are skipped, like empty lines (Frictionless `commentChar`). */
  commentChar?: string | undefined;
  /** CSV-like formats: drop spaces at the start of each field, so `a, "b"` reads b (Frictionless `skipInitialSpace`). */
  skipInitialSpace?: boolean | undefined;
  /**
   * Character set of the file: `utf-8` (default; invalid bytes are `encoding` issues), `iso-8859-1`/`latin1` or
   * `windows-1252`/`cp1252` (Excel's legacy CSV on Western Windows). Case-insensitive, as Frictionless `encoding`.
   */
  encoding?: string | undefined;
  /** Rows per batch handed to consumers. Default 2048 (measured: larger batches outlive V8's young generation). */
  batchRows?: number | undefined;
  /** Read at most this many data rows (schema inference reads a sample). */
  maxRows?: number | undefined;
  /** Bytes per read from disk (and per gunzip output chunk). Default 256 KiB. Tests set it tiny to split rows across chunks. */
  chunkSize?: number | undefined;
  /**
   * CSV-like formats: hand unquoted rows over as their text plus cell offsets (RowBatch `texts`/`starts`) instead of
   * one string per cell. For consumers that parse numbers straight from the row's text (the validation engine).
   */
  packed?: boolean | undefined;
}

/**
 * A problem in the file's syntax or encoding, found while reading. Reading goes on after it.
 * - `encoding`: bytes that are not valid UTF-8 (decoded with U+FFFD in their place).
 * - `format`: malformed syntax (an unterminated quote; a JSON Lines line that is not an object).
 * - `extra-field`: JSON rows only: a key that is not in the header (the first object's keys). Reported once per key, at
 *   the first row that has it; its values are not part of any row.
 */
export interface ReadIssue {
  line: number;
  code: 'encoding' | 'format' | 'extra-field';
  message: string;
  /** The key concerned, for `extra-field`. */
  field?: string | undefined;
}

export interface RowBatch {
  /**
   * Data rows, each an array of raw cell texts (JSON values are rendered as text: see the reader). With `packed`
   * reading, a row that is PACKED_ROW is in `texts`/`starts` instead.
   */
  rows: string[][];
  /** 1-based physical line where each row starts, parallel to `rows`. */
  lines: number[];
  /** Issues found in the bytes this batch covers. */
  issues: ReadIssue[];
  /** Packed reading: the text holding row r where rows[r] is PACKED_ROW ('' elsewhere); rows may share one text. */
  texts?: string[] | undefined;
  /**
   * Packed reading, header.length + 1 entries per row: cell c of packed row r is texts[r][starts[i + c],
   * starts[i + c + 1] - 1) with i = r * (header.length + 1). A packed row has exactly header.length cells.
   */
  starts?: Int32Array | undefined;
}

/** The placeholder in RowBatch.rows for a row held in `texts`/`starts` (packed reading). */
export const PACKED_ROW: readonly string[] = Object.freeze([]);

export interface Table {
  path: string;
  format: TableFormat;
  /** CSV-like formats: the delimiter used (given, default, or sniffed from the header line). */
  delimiter?: string | undefined;
  /** Column names from the header row (CSV/TSV), the first object's keys (JSON) or the first array (JSON arrays). */
  header: string[];
  /** Issues in the header itself (and, for JSON formats, in lines before the first object). */
  headerIssues: ReadIssue[];
  /** Batches of data rows, in file order. Iterate once. */
  batches: AsyncIterable<RowBatch>;
  /** CSV-like formats: the first line with a quote inside an unquoted field (read as text), or 0. */
  strayQuoteLine?(): number;
  /** Bytes read so far from the (decompressed) file. */
  bytesRead(): number;
  /** Releases the file when the batches are not iterated to the end (iterating to the end, or breaking out, closes it). */
  close?(): Promise<void>;
}
