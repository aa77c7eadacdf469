export { openTable, detectFormat, DEFAULT_BATCH_ROWS } from './open.js';
export { formatCsvField, formatCsvRow, formatCsv, writeCsv, type CsvWriteOptions } from './write.js';
export { renderJsonValue } from './keyed.js';
