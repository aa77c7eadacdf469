/**
 * Streaming table readers: one pass over a file in batches of text rows, with the physical line each row starts on.
 *
 * - CSV/TSV (RFC 4180): quoted fields, doubled quotes, delimiters and line breaks inside quotes; LF, CRLF and lone
 *   CR each end one line; empty lines are skipped (still counted); a UTF-8 BOM is stripped. Lenient like Python's
 *   csv module: a quote inside an unquoted field is text, text after a closing quote joins the field.
 * - JSON Lines and JSON arrays (of objects, or of arrays with a header first): the header is the first object's
 *   keys; a key outside it is an `extra-field` issue once, at its first row, and its values are dropped.
 * - gzip by magic bytes, any format. Named pipes stream too.
 * - Problems in the data are ReadIssues (`encoding`, `format`, `extra-field`) and reading goes on; a file that
 *   cannot be read at all is a UsageError naming it.
 * - Memory stays flat: bytes are read in 256 KiB chunks into one reused buffer, rows are decoded one at a time, and
 *   batches are handed on as they fill.
 */
export { openTable, detectFormat, DEFAULT_BATCH_ROWS } from './open.js';
export { PACKED_ROW } from './types.js';
export { formatCsvField, formatCsvRow, formatCsv, writeCsv, type CsvWriteOptions } from './write.js';
export { renderJsonValue } from './keyed.js';
export { shardByteRange, rowBoundaryAt, type RowBoundary } from './range.js';
export type { TableRange } from './open.js';
