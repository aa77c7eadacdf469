import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { CsvParser, cutRow, splitRow } from './csv.js';
import { charsetOf, hasBom, hasUtf16Bom, type Charset } from './decode.js';
import { JsonArrayParser } from './json.js';
import { JsonLinesParser } from './jsonl.js';
import type { RecordParser, RowSink } from './parser.js';
import { DEFAULT_CHUNK_SIZE, openByteSource, type ByteSource } from './source.js';
import { PACKED_ROW, type ReadIssue, type ReadOptions, type RowBatch, type Table, type TableFormat } from './types.js';

/**
 * Rows per batch. Small enough that a batch dies young (V8 scavenges it instead of promoting it to the old
 * generation): on 1M x 10 cells, 2048 rows ran ~1.5x faster and with half the peak RSS of 8192 (bench/readers.mjs).
 */
export const DEFAULT_BATCH_ROWS = 2048;

const EXTENSIONS: Record<string, TableFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
};

const MAX_HEADER_ISSUES = 1000;

/** The table format a file name implies (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`, `.json`, each optionally `.gz`). */
export function detectFormat(path: string): TableFormat | undefined {
  let name = basename(path).toLowerCase();
  if (name.endsWith('.gz')) name = name.slice(0, -3);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[name.slice(dot + 1)];
}

/**
 * Opens a data file for one streaming pass. Resolves once the header is known; rows follow in `batches`.
 * Syntax and encoding problems are ReadIssues (reading goes on); a file that cannot be read is a UsageError.
 */
export async function openTable(path: string, options: ReadOptions = {}, range?: TableRange): Promise<Table> {
  const format = options.format ?? detectFormat(path);
  if (format === undefined) {
    throw new UsageError('cannot tell the data format from the file name', {
      where: path,
      fix: 'Name it .csv, .tsv, .jsonl, .ndjson or .json (optionally .gz), or give the format explicitly',
      code: 'unknown-format',
    });
  }
  const parser = createParser(range?.delimiter !== undefined ? { ...options, delimiter: range.delimiter } : options, format);
  if (range !== undefined) {
    if (!(parser instanceof CsvParser || parser instanceof JsonLinesParser)) {
      throw new UsageError('a JSON array file cannot be split by byte ranges', { where: path, fix: 'Shard by file, or convert it to JSON Lines', code: 'invalid-option' });
    }
    if (range.header !== undefined) parser.resume(range.header, range.line);
  }
  const batchRows = positiveInteger(options.batchRows, DEFAULT_BATCH_ROWS, 'batchRows');
  const maxRows = options.maxRows === undefined ? Infinity : nonNegativeInteger(options.maxRows, 'maxRows');
  const chunkSize = positiveInteger(options.chunkSize, DEFAULT_CHUNK_SIZE, 'chunkSize');
  const source = await openByteSource(path, chunkSize, range);
  const reader = new TableReader(path, source, parser, batchRows, maxRows, options.packed === true && parser instanceof CsvParser);
  // A range past the file's start begins mid-file: no byte order mark to look for.
  if (range !== undefined && range.start > 0) reader.started = true;
  try {
    await reader.readHeader();
  } catch (err) {
    await source.close();
    throw err;
  }
  return {
    path,
    format,
    ...(parser instanceof CsvParser ? { delimiter: parser.delimiter } : {}),
    header: parser.header ?? [],
    headerIssues: reader.headerIssues,
    batches: reader.batches(),
    bytesRead: () => source.bytesRead(),
    ...(parser instanceof CsvParser ? { strayQuoteLine: () => parser.strayQuoteLine } : {}),
    close: () => source.close(),
  };
}

/**
 * Rows in bytes [start, end) of a file, both row boundaries (see readers/range.ts), with the header read beforehand
 * from the file's start. `line` is the physical line at `start`.
 */
export interface TableRange {
  start: number;
  end: number;
  line: number;
  /** Absent for a range at the file's start: the parser reads the header itself. */
  header?: string[] | undefined;
  /** The delimiter the header read used (it may have been sniffed). */
  delimiter?: string | undefined;
}

function createParser(options: ReadOptions, format: TableFormat): RecordParser {
  const charset = options.encoding === undefined ? 'utf-8' : charsetOf(options.encoding);
  if (charset === undefined) {
    throw new UsageError(`unsupported encoding ${JSON.stringify(options.encoding)}: mlci reads utf-8, iso-8859-1 (latin1) and windows-1252`, {
      where: 'encoding',
      fix: `Convert the file to UTF-8 first, e.g. iconv -f ${options.encoding} -t UTF-8 in.csv > out.csv`,
      code: 'invalid-option',
    });
  }
  return parserFor(format, options, charset);
}

function parserFor(format: TableFormat, options: ReadOptions, charset: Charset): RecordParser {
  switch (format) {
    case 'csv':
    case 'tsv':
      return new CsvParser({
        delimiter: options.delimiter ?? (format === 'tsv' ? '\t' : ','),
        sniffDelimiter: format === 'csv' && options.delimiter === undefined,
        quote: options.quote ?? '"',
        header: options.header ?? true,
        commentChar: options.commentChar ?? '',
        skipInitialSpace: options.skipInitialSpace ?? false,
      }, charset);
    case 'jsonl':
      return new JsonLinesParser(charset);
    case 'json':
      return new JsonArrayParser(charset);
    default:
      throw new UsageError(`unknown format ${JSON.stringify(format)}`, { where: 'format', fix: 'Use csv, tsv, jsonl or json', code: 'unknown-format' });
  }
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${name} must be a positive integer, got ${value}`, { where: name, fix: `Set ${name} to 1 or more`, code: 'invalid-option' });
  }
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new UsageError(`${name} must be a non-negative integer, got ${value}`, { where: name, fix: `Set ${name} to 0 or more`, code: 'invalid-option' });
  }
  return value;
}

/** Feeds chunks to a parser, carrying unparsed bytes over, and gathers rows into batches. */
class TableReader implements RowSink {
  readonly headerIssues: ReadIssue[] = [];
  /** Bytes the parser left for the next call (the start of an incomplete record). */
  private carry: Buffer = Buffer.alloc(0);
  private wantBytes = 0;
  started = false;
  private eof = false;
  private rowCount = 0;
  private current: RowBatch;
  private ready: RowBatch[] = [];
  /** Set on packed reading. */
  readonly textRow?: (text: string, start: number, end: number, line: number, delimiter: string) => void;

  constructor(
    private readonly path: string,
    private readonly source: ByteSource,
    private readonly parser: RecordParser,
    private readonly batchRows: number,
    private readonly maxRows: number,
    private readonly packed = false,
  ) {
    this.current = this.emptyBatch();
    if (packed) this.textRow = this.packRow;
  }

  row(cells: string[], line: number): void {
    if (this.rowCount >= this.maxRows) return;
    this.rowCount++;
    const batch = this.current;
    batch.rows.push(cells);
    batch.texts?.push('');
    batch.lines.push(line);
    if (batch.rows.length >= this.batchRows) this.nextBatch();
  }

  private packRow(text: string, start: number, end: number, line: number, delimiter: string): void {
    if (this.rowCount >= this.maxRows) return;
    const width = this.parser.header!.length;
    const batch = this.current;
    const r = batch.rows.length;
    const starts = (batch.starts ??= new Int32Array(this.batchRows * (width + 1)));
    if (!cutRow(text, start, end, delimiter, starts, r * (width + 1), width)) {
      this.row(splitRow(text.slice(start, end), delimiter, width), line);
      return;
    }
    this.rowCount++;
    batch.rows.push(PACKED_ROW as string[]);
    batch.texts!.push(text);
    batch.lines.push(line);
    if (batch.rows.length >= this.batchRows) this.nextBatch();
  }

  private nextBatch(): void {
    this.ready.push(this.current);
    this.current = this.emptyBatch();
  }

  private emptyBatch(): RowBatch {
    return this.packed ? { rows: [], lines: [], issues: [], texts: [] } : { rows: [], lines: [], issues: [] };
  }

  issue(issue: ReadIssue): void {
    if (this.parser.header === undefined) {
      // Nothing but bad lines before the header (a binary file read as JSON Lines): keep memory bounded.
      const listed = this.headerIssues.length;
      if (listed < MAX_HEADER_ISSUES) this.headerIssues.push(issue);
      else if (listed === MAX_HEADER_ISSUES) {
        this.headerIssues.push({ line: issue.line, code: issue.code, message: `more issues before the first row from this line on are not listed (the first ${MAX_HEADER_ISSUES} are)` });
      }
      return;
    }
    if (this.rowCount >= this.maxRows) return;
    const batch = this.current;
    batch.issues.push(issue);
    // Issues also fill batches, so a file of bad lines streams with flat memory too.
    if (batch.issues.length >= this.batchRows) this.nextBatch();
  }

  private get full(): boolean {
    return this.rowCount >= this.maxRows;
  }

  async readHeader(): Promise<void> {
    while (this.parser.header === undefined && !this.eof) await this.step();
  }

  async *batches(): AsyncGenerator<RowBatch> {
    try {
      for (;;) {
        while (this.ready.length > 0) yield this.ready.shift()!;
        if (this.eof || this.full) break;
        await this.step();
      }
      const last = this.current;
      this.current = this.emptyBatch();
      if (last.rows.length > 0 || last.issues.length > 0) yield last;
    } finally {
      await this.source.close();
    }
  }

  /** Reads at least one chunk and parses every complete record available. */
  private async step(): Promise<void> {
    const { buf: read, eof } = await this.source.next(this.carry, this.wantBytes);
    this.eof = eof;
    let buf = read;
    if (!this.started) {
      if (buf.length < 3 && !eof) {
        this.carry = buf;
        return;
      }
      this.started = true;
      if (hasBom(buf)) buf = buf.subarray(3);
      else if (hasUtf16Bom(buf)) {
        throw new UsageError('the file is UTF-16 (it starts with a UTF-16 byte order mark)', {
          where: this.path,
          fix: 'Save it as UTF-8 (in Excel: CSV UTF-8), or convert it: iconv -f UTF-16 -t UTF-8 in.csv > out.csv',
          code: 'unsupported-encoding',
        });
      }
    }
    const used = this.parser.parse(buf, eof, this);
    this.carry = buf.subarray(used);
    // A record longer than what was read: wait for twice as much before parsing again, so time stays linear.
    this.wantBytes = used === 0 && !eof ? 2 * buf.length : 0;
  }
}

