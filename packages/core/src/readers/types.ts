/** Streaming table readers: the contract every format (CSV, TSV, JSON Lines, gzip of either) meets. */

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

export interface ReadOptions {
  /** Format; inferred from the file name (`.csv`, `.tsv`, `.jsonl`/`.ndjson`, optionally `.gz`) when absent. */
  format?: TableFormat | undefined;
  /** Field delimiter for CSV-like formats (one character). Defaults: `,` for csv, tab for tsv. */
  delimiter?: string | undefined;
  /** Quote character for CSV-like formats. Default `"`. */
  quote?: string | undefined;
  /** Rows per batch handed to consumers. */
  batchRows?: number | undefined;
  /** Read at most this many data rows (schema inference reads a sample). */
  maxRows?: number | undefined;
}

/** A problem in the file's syntax or encoding, found while reading. Reading goes on after it. */
export interface ReadIssue {
  line: number;
  code: 'encoding' | 'format';
  message: string;
}

export interface RowBatch {
  /** Data rows, each an array of raw cell texts (JSON Lines values are rendered as text: see the reader). */
  rows: string[][];
  /** 1-based physical line where each row starts, parallel to `rows`. */
  lines: number[];
  /** Issues found in the bytes this batch covers. */
  issues: ReadIssue[];
}

export interface Table {
  path: string;
  format: TableFormat;
  /** Column names from the header row (CSV/TSV) or the first object's keys (JSON Lines). */
  header: string[];
  /** Issues in the header itself. */
  headerIssues: ReadIssue[];
  /** Batches of data rows, in file order. Iterate once. */
  batches: AsyncIterable<RowBatch>;
  /** Bytes read so far from the (decompressed) file. */
  bytesRead(): number;
}
