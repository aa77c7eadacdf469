/**
 * Schema inference: the most specific Table Schema type that fits every non-missing value of a column
 * (integer > number > boolean > date > datetime > time > string), `required` when no value is missing, `enum` for
 * strings with at most `enumLimit` distinct values, and the observed range in the field's `x-mlci-observed` property.
 */
import { stringify } from 'yaml';
import type { Table } from '../readers/types.js';
import { DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES, isPlainDecimal, isPlainInteger } from './cast.js';
import { compileStrptime, formatTemporal, parseIsoDate, parseIsoDateTime, parseIsoTime } from './temporal.js';
import type { FieldType, SchemaField, TableSchema } from './types.js';

export interface InferOptions {
  /** Rows to read; undefined reads the whole table (the caller opens the table with the same `maxRows`). */
  maxRows?: number | undefined;
  /** Strings with at most this many distinct values get an `enum`. Default 100. */
  enumLimit?: number | undefined;
  /** Values read as missing. Default `[""]`. */
  missingValues?: string[] | undefined;
}

/** The observed range and counts noted on each inferred field (a custom property; Table Schema allows them). */
export interface ObservedRange {
  rows: number;
  missing: number;
  distinct?: number | undefined;
  min?: number | string | undefined;
  max?: number | string | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
}

export const OBSERVED_KEY = 'x-mlci-observed';

type Parser = (s: string) => number | undefined;

interface Candidate {
  type: FieldType;
  format: string | undefined;
  parse: Parser;
  alive: boolean;
  min: number;
  max: number;
}

const BOOLEAN_WORDS = new Set([...DEFAULT_TRUE_VALUES, ...DEFAULT_FALSE_VALUES]);

function parseNumber(s: string): number | undefined {
  if (isPlainDecimal(s)) return Number(s);
  return s === 'NaN' ? NaN : s === 'INF' ? Infinity : s === '-INF' ? -Infinity : undefined;
}

function candidates(): Candidate[] {
  const c = (type: FieldType, parse: Parser, format?: string): Candidate => ({ type, format, parse, alive: true, min: Infinity, max: -Infinity });
  return [
    c('integer', (s) => (isPlainInteger(s) ? Number(s) : undefined)),
    c('number', parseNumber),
    c('boolean', (s) => (BOOLEAN_WORDS.has(s) ? 0 : undefined)),
    c('date', parseIsoDate),
    c('date', compileStrptime('%m/%d/%Y', 'date'), '%m/%d/%Y'),
    c('date', compileStrptime('%d/%m/%Y', 'date'), '%d/%m/%Y'),
    c('date', compileStrptime('%Y/%m/%d', 'date'), '%Y/%m/%d'),
    c('datetime', parseIsoDateTime),
    c('datetime', compileStrptime('%Y-%m-%d %H:%M:%S', 'datetime'), '%Y-%m-%d %H:%M:%S'),
    c('datetime', compileStrptime('%Y-%m-%d %H:%M', 'datetime'), '%Y-%m-%d %H:%M'),
    c('datetime', compileStrptime('%Y/%m/%d %H:%M', 'datetime'), '%Y/%m/%d %H:%M'),
    c('time', parseIsoTime),
  ];
}

interface ColumnState {
  name: string;
  rows: number;
  missing: number;
  candidates: Candidate[];
  distinct: Set<string> | null;
  minLength: number;
  maxLength: number;
}

/** Infers a Table Schema from a table's header and rows (reads the batches once). */
export async function inferSchema(table: Table, options: InferOptions = {}): Promise<TableSchema> {
  const enumLimit = options.enumLimit ?? 100;
  const missing = new Set(options.missingValues ?? ['']);
  const columns: ColumnState[] = table.header.map((name) => ({
    name,
    rows: 0,
    missing: 0,
    candidates: candidates(),
    distinct: new Set(),
    minLength: Infinity,
    maxLength: 0,
  }));
  let rows = 0;
  const maxRows = options.maxRows ?? Infinity;
  reading: for await (const batch of table.batches) {
    for (const row of batch.rows) {
      // Leaving the loop closes the file.
      if (rows >= maxRows) break reading;
      rows++;
      for (let i = 0; i < columns.length; i++) {
        const col = columns[i]!;
        col.rows++;
        const text = i < row.length ? row[i]! : '';
        if (missing.has(text)) {
          col.missing++;
          continue;
        }
        if (col.distinct !== null) {
          col.distinct.add(text);
          if (col.distinct.size > enumLimit) col.distinct = null;
        }
        if (text.length < col.minLength) col.minLength = text.length;
        if (text.length > col.maxLength) col.maxLength = text.length;
        for (const cand of col.candidates) {
          if (!cand.alive) continue;
          const v = cand.parse(text);
          if (v === undefined) {
            cand.alive = false;
            continue;
          }
          if (v < cand.min) cand.min = v;
          if (v > cand.max) cand.max = v;
        }
      }
    }
  }
  return { fields: columns.map((c) => fieldOf(c, enumLimit)) };
}

function fieldOf(col: ColumnState, enumLimit: number): SchemaField {
  const present = col.rows - col.missing;
  const best = present === 0 ? undefined : col.candidates.find((c) => c.alive);
  const type: FieldType = best?.type ?? 'string';
  const field: SchemaField = { name: col.name, type };
  if (best?.format !== undefined) field.format = best.format;
  const constraints: NonNullable<SchemaField['constraints']> = {};
  if (col.rows > 0 && col.missing === 0) constraints.required = true;
  const observed: ObservedRange = { rows: col.rows, missing: col.missing };
  if (col.distinct !== null) observed.distinct = col.distinct.size;
  if (best && (type === 'integer' || type === 'number') && Number.isFinite(best.min)) {
    observed.min = best.min;
    observed.max = best.max;
  } else if (best && (type === 'date' || type === 'datetime' || type === 'time') && Number.isFinite(best.min)) {
    observed.min = formatTemporal(best.min, type);
    observed.max = formatTemporal(best.max, type);
  } else if (type === 'string' && present > 0) {
    observed.minLength = col.minLength;
    observed.maxLength = col.maxLength;
    // An enum lists categories; a column whose every value is different (names, ids) has none.
    const distinct = col.distinct;
    if (distinct !== null && distinct.size <= enumLimit && (distinct.size < present || present === 1)) {
      constraints.enum = [...distinct].sort();
    }
  }
  if (Object.keys(constraints).length > 0) field.constraints = constraints;
  field[OBSERVED_KEY] = observed;
  return field;
}

/** Renders a schema as JSON (2-space indent) or YAML text. */
export function stringifySchema(schema: TableSchema, format: 'json' | 'yaml' = 'json'): string {
  return format === 'yaml' ? stringify(schema) : JSON.stringify(schema, null, 2) + '\n';
}
