/**
 * The validation engine: one streaming pass over a Table. Per cell: missing? → cast to the field's type (one `type`
 * finding on failure, no constraint checks) → constraints → unique/primary keys → PII scan → profiler.
 * Checkers are compiled once per field into small closures so the per-cell work is a few calls and no allocation.
 * Packed rows (RowBatch texts/starts) are read in place: numbers, dates and booleans never become strings of their
 * own. A text value seen before reuses its string and, when it passed then, its checks (TextMemo).
 *
 * Memory is flat in the number of rows except for `unique`/`primaryKey`/`uniqueKeys`, which keep every distinct key
 * seen (with the line of its first occurrence) and the findings themselves.
 */
import type { FindingCode } from '../findings.js';
import type { ColumnProfiler, Profiler } from '../profile/types.js';
import { PACKED_ROW, type ReadIssue, type Table } from '../readers/types.js';
import { BOOLEAN_SCAN_MAX, booleanTexts, castSchemaValue, compileCaster, describeType, parsePlainDecimalAt, parsePlainIntegerAt, textIn, type Caster, type CastValue } from '../schema/cast.js';
import { formatTemporal, parseIsoDateAt } from '../schema/temporal.js';
import type { FieldType, PiiMode, SchemaField, TableSchema } from '../schema/types.js';
import { KeySet } from './keyset.js';
import { TextMemo } from './memo.js';
import { detectPii, PII_LABELS, type PiiKind } from './pii.js';
import type { CheckSummary, CodeCounts, ColumnSummary, FileValidation, ValidationFinding } from './types.js';

export interface TableValidationOptions {
  /** How the file is named in findings and results (default: table.path). */
  displayPath?: string | undefined;
  /** Fed with every cell of every row, in schema field order. */
  profiler?: Profiler | undefined;
  /** Keep at most this many error findings per file (all are counted). Default: keep all. */
  maxErrors?: number | undefined;
  /** The file has no header row (dialect `header: false`): schema fields map to columns by position. */
  headerless?: boolean | undefined;
  /** Validating one byte-range shard of the file: see ShardCollector. */
  shard?: ShardCollector | undefined;
  /** Reuse the checks of repeated text values (TextMemo; default true). False checks every cell afresh: tests compare. */
  memoText?: boolean | undefined;
}

/**
 * What a shard keeps for the merge (validate/shard.ts). A shard past the first reports no header findings; no shard
 * reports dataset-level findings (`rows`, `missing-share`), which the merge computes on the whole.
 */
export interface ShardCollector {
  /** The shard holding the file's start: it reports the header findings. */
  first: boolean;
  /** One log per unique field and key, filled by the engine. */
  keys: ShardKeyLog[];
  /** PII hits per field: [kind, count, first line], in first-seen order. */
  pii: Array<{ field: string; hits: Array<[PiiKind, number, number]> }>;
}

/**
 * Every key's first occurrence in the shard, in line order: its 64-bit hash, its line, the index in the shard's error
 * list where a duplicate finding for that row would go, and the key as findings show it (chunks of lines joined by
 * "\n": shown keys never hold a line break, and a few long strings keep the garbage collector idle).
 */
export interface ShardKeyLog {
  code: 'unique' | 'primaryKey';
  /** A field's `unique` constraint, or a primary/unique key over `fields` fields (label: their names joined by ', '). */
  kind: 'field' | 'key';
  fields: number;
  field: string;
  lo: number[];
  hi: number[];
  line: number[];
  at: number[];
  shown: string[];
}

class KeyLogWriter {
  private pending: string[] = [];
  constructor(readonly log: ShardKeyLog) {}
  add(set: KeySet, line: number, at: number, shown: string): void {
    const log = this.log;
    log.lo.push(set.lastLo);
    log.hi.push(set.lastHi);
    log.line.push(line);
    log.at.push(at);
    this.pending.push(shown);
    if (this.pending.length >= 4096) this.flush();
  }
  flush(): void {
    if (this.pending.length > 0) this.log.shown.push(this.pending.join('\n'));
    this.pending = [];
  }
}

/**
 * A field's constraints as flat data, checked inline in the row loop (closures per check made the loop's call sites
 * megamorphic: measured 2x slower).
 */
interface Constraints {
  /** Codes of the constraints set, in checking order (the JUnit test cases). */
  codes: FindingCode[];
  /** Numeric/temporal bounds; ±Infinity when absent. */
  bounded: boolean;
  min: number;
  max: number;
  xmin: number;
  xmax: number;
  shown: Record<'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum', string>;
  enumSet: ReadonlySet<CastValue> | null;
  /** Small enums are scanned: comparing a few strings beats hashing each fresh cell string for a Set. */
  enumList: CastValue[] | null;
  enumShown: string;
  pattern: RegExp | null;
  patternSource: string;
  lengthChecked: boolean;
  minLength: number;
  maxLength: number;
}

/**
 * Cast fast paths: 0 the compiled caster, 1 plain number, 2 plain integer, 3 ISO date, 4 text as is, 5 boolean by a
 * few texts. 1, 2, 3 and 5 read the cell in place in its row's text: no string per cell.
 */
type CastKind = 0 | 1 | 2 | 3 | 4 | 5;

interface FieldPlan {
  field: SchemaField;
  name: string;
  type: FieldType;
  /** Data column index, or -1 when the header lacks the field. */
  column: number;
  /** null: the default missing values `[""]`. */
  missing: ReadonlySet<string> | null;
  cast: Caster;
  castKind: CastKind;
  /** castKind 4: repeated values' shared strings and check results; null once the column proves high-cardinality. */
  memo: TextMemo | null;
  /** castKind 5: the texts read as true and as false. */
  trueTexts: string[];
  falseTexts: string[];
  required: boolean;
  constraints: Constraints;
  unique: KeySet | null;
  /** Part of a unique constraint, the primary key or a unique key: its key text is needed. */
  keyed: boolean;
  keyLog: KeyLogWriter | null;
  pii: PiiMode;
  piiSkip: PiiKind | undefined;
  piiHits: Map<PiiKind, { count: number; line: number }>;
  maxMissingShare: number | undefined;
  /** How cast values reach the profiler: 0 number, 1 boolean, 2 string. */
  feed: 0 | 1 | 2;
  profiler: ColumnProfiler | undefined;
  /**
   * The batch's numbers or strings for the profiler, handed over per column at the end of each batch: one monomorphic
   * loop per column instead of a call per cell through a site that sees every column kind.
   */
  numbers: Float64Array;
  strings: string[];
  buffered: number;
  missingCount: number;
  invalidCount: number;
  errors: CodeCounts;
  warnings: CodeCounts;
}

const NUMERIC: ReadonlySet<FieldType> = new Set(['number', 'integer', 'year']);
const TEMPORAL: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'time']);

/**
 * Quotes a cell value for a message, shortened so one line stays readable. Joined into a fresh string: a cell cut
 * from a packed span would otherwise keep the whole span alive for as long as the finding lives.
 */
export function quoteValue(text: string, max = 60): string {
  const t = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return ["'", t.replace(/[\r\n]+/g, ' '), "'"].join('');
}

function renderBound(type: FieldType, value: CastValue): string {
  if (typeof value === 'number' && TEMPORAL.has(type)) return formatTemporal(value, type as 'date' | 'datetime' | 'time');
  return String(value);
}

/** Counts characters as code points, so minLength/maxLength treat an emoji as one character. */
function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

function compileConstraints(field: SchemaField, type: FieldType, cast: Caster): Constraints {
  const c = field.constraints ?? {};
  const out: Constraints = {
    codes: [],
    bounded: false,
    min: -Infinity,
    max: Infinity,
    xmin: -Infinity,
    xmax: Infinity,
    shown: { minimum: '', maximum: '', exclusiveMinimum: '', exclusiveMaximum: '' },
    enumSet: null,
    enumList: null,
    enumShown: '',
    pattern: null,
    patternSource: '',
    lengthChecked: false,
    minLength: 0,
    maxLength: Infinity,
  };
  const bounds = { minimum: 'min', maximum: 'max', exclusiveMinimum: 'xmin', exclusiveMaximum: 'xmax' } as const;
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (c[key] === undefined) continue;
    const b = castSchemaValue(cast, type, c[key]);
    if (typeof b !== 'number') continue;
    out[bounds[key]] = b;
    out.shown[key] = renderBound(type, b);
    out.bounded = true;
    out.codes.push(key);
  }
  if (c.enum !== undefined) {
    const allowed = new Set<CastValue>();
    for (const e of c.enum) {
      const v = castSchemaValue(cast, type, e);
      if (v !== undefined) allowed.add(v);
    }
    const list = c.enum.map(String);
    out.enumSet = allowed;
    if (allowed.size <= 16) out.enumList = [...allowed];
    out.enumShown = list.length > 10 ? `${list.slice(0, 10).join(', ')}, … (${list.length} values)` : list.join(', ');
    out.codes.push('enum');
  }
  if (c.pattern !== undefined) {
    // XML Schema patterns match the whole value.
    out.pattern = new RegExp(`^(?:${c.pattern})$`, 'u');
    out.patternSource = c.pattern;
    out.codes.push('pattern');
  }
  if (c.minLength !== undefined) {
    out.minLength = c.minLength;
    out.lengthChecked = true;
    out.codes.push('minLength');
  }
  if (c.maxLength !== undefined) {
    out.maxLength = c.maxLength;
    out.lengthChecked = true;
    out.codes.push('maxLength');
  }
  return out;
}

/** `bools`: a boolean field's texts (booleanTexts). */
function castKindOf(field: SchemaField, type: FieldType, bools: { yes: string[]; no: string[] }): CastKind {
  const plainFormat = field.format === undefined || field.format === 'default';
  if (field.categories !== undefined && field.categories.length > 0) return 0;
  if (type === 'number' && field.decimalChar === undefined && field.groupChar === undefined && field.bareNumber !== false) return 1;
  if (type === 'integer' && field.groupChar === undefined && field.bareNumber !== false) return 2;
  if (type === 'date' && plainFormat) return 3;
  if (type === 'any' || (type === 'string' && plainFormat)) return 4;
  if (type === 'boolean') return bools.yes.length + bools.no.length <= BOOLEAN_SCAN_MAX ? 5 : 0;
  return 0;
}

/** A cell quoted for a message (see quoteValue), cut from its row's text. */
function quoteCell(s: string, start: number, end: number): string {
  return quoteValue(s.slice(start, end));
}

/** A plain loop: Array.prototype.includes' generic SameValueZero path measured 1.5–2x slower on short lists. */
function listHas(list: CastValue[], value: CastValue): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
  // NaN is the one value === misses; an enum may list it.
  return value !== value && list.some((v) => v !== v);
}

/** Unique-key text of a cast value (cell s[start, end)): numbers compare by value, except integers too large to hold exactly. */
function keyOf(value: CastValue, s: string, start: number, end: number, type: FieldType): string {
  if (typeof value === 'number') return type === 'integer' && !Number.isSafeInteger(value) ? s.slice(start, end).replace(/^\+|^(-?)0+(?=\d)/, '$1') : String(value);
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
}

function feedOf(type: FieldType): 0 | 1 | 2 {
  if (NUMERIC.has(type) || TEMPORAL.has(type)) return 0;
  return type === 'boolean' ? 1 : 2;
}

function bump(counts: CodeCounts, code: FindingCode): void {
  counts[code] = (counts[code] ?? 0) + 1;
}

interface HeaderMapping {
  columns: number[];
  findings: ValidationFinding[];
}

/** Maps schema fields to data columns and reports header mismatches by the schema's `fieldsMatch` mode. */
export function mapHeader(schema: TableSchema, header: string[], ordered: boolean): HeaderMapping {
  const mode = schema.fieldsMatch ?? 'exact';
  const findings: ValidationFinding[] = [];
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    if (position.has(name)) findings.push({ line: 1, field: name, code: 'extra-field', message: `column '${name}' appears again as column ${i + 1} (first at column ${position.get(name)! + 1}); only the first is validated` });
    else position.set(name, i);
  });
  const names = new Set(schema.fields.map((f) => f.name));
  const columns = schema.fields.map((f) => position.get(f.name) ?? -1);
  const missing = schema.fields.filter((_f, i) => columns[i] === -1).map((f) => f.name);
  const extra = [...position.keys()].filter((n) => !names.has(n));
  const missingIsError = mode === 'exact' || mode === 'equal' || mode === 'subset';
  const extraIsError = mode === 'exact' || mode === 'equal' || mode === 'superset';
  const allowed = { exact: 'exactly the schema fields, in order', equal: 'exactly the schema fields, in any order', subset: 'every schema field', superset: 'only schema fields', partial: 'at least one schema field' }[mode];
  if (missingIsError) {
    for (const name of missing) findings.push({ line: 1, field: name, code: 'missing-field', message: `schema field '${name}' is not in the header (fieldsMatch '${mode}' requires ${allowed})` });
  }
  if (extraIsError) {
    for (const name of extra) findings.push({ line: 1, field: name, code: 'extra-field', message: `column '${name}' is not in the schema (fieldsMatch '${mode}' requires ${allowed})` });
  }
  if (mode === 'partial' && missing.length === schema.fields.length) {
    findings.push({ line: 1, field: null, code: 'missing-field', message: `none of the schema fields is in the header (fieldsMatch 'partial' requires ${allowed})` });
  }
  if (mode === 'exact' && ordered && missing.length === 0 && extra.length === 0) {
    schema.fields.forEach((f, i) => {
      if (columns[i] !== i) findings.push({ line: 1, field: f.name, code: 'missing-field', message: `field '${f.name}' is column ${columns[i]! + 1} in the header but ${i + 1} in the schema (fieldsMatch 'exact' requires the schema's order; use 'equal' to allow any order)` });
    });
  }
  return { columns, findings };
}

function planFields(schema: TableSchema, columns: number[], profiler: Profiler | undefined, memoText: boolean): FieldPlan[] {
  const schemaMissing = schema.missingValues ?? [''];
  const primary = new Set(schema.primaryKey ?? []);
  const ext = schema['x-mlci'];
  return schema.fields.map((field, i) => {
    const type = field.type ?? 'any';
    const missingList = field.missingValues ?? schemaMissing;
    const cast = compileCaster(field);
    const rules = ext?.fields?.[field.name];
    const textual = type === 'string' || type === 'any';
    const bools = type === 'boolean' ? booleanTexts(field) : { yes: [], no: [] };
    const castKind = castKindOf(field, type, bools);
    return {
      field,
      name: field.name,
      type,
      column: columns[i]!,
      missing: missingList.length === 1 && missingList[0] === '' ? null : new Set(missingList),
      cast,
      castKind,
      memo: memoText && castKind === 4 ? new TextMemo() : null,
      trueTexts: bools.yes,
      falseTexts: bools.no,
      required: field.constraints?.required === true || primary.has(field.name),
      constraints: compileConstraints(field, type, cast),
      unique: field.constraints?.unique ? new KeySet() : null,
      keyed: false,
      keyLog: null,
      pii: textual ? (rules?.pii ?? ext?.pii ?? 'warn') : 'off',
      piiSkip: field.format === 'email' ? 'email' : undefined,
      piiHits: new Map(),
      maxMissingShare: rules?.maxMissingShare ?? ext?.maxMissingShare,
      feed: feedOf(type),
      profiler: profiler?.column(i),
      numbers: new Float64Array(0),
      strings: [],
      buffered: 0,
      missingCount: 0,
      invalidCount: 0,
      errors: {},
      warnings: {},
    };
  });
}

interface KeyPlan {
  code: 'primaryKey' | 'unique';
  fields: number[];
  label: string;
  seen: KeySet;
  failures: number;
  keyLog: KeyLogWriter | null;
}

/** Validates one table against a schema in one streaming pass. */
export async function validateTable(table: Table, schema: TableSchema, options: TableValidationOptions = {}): Promise<FileValidation> {
  const maxErrors = options.maxErrors ?? Infinity;
  const errors: ValidationFinding[] = [];
  let errorCount = 0;
  const fileFindings: CodeCounts = {};
  const push = (f: ValidationFinding, plan?: FieldPlan) => {
    errorCount++;
    if (plan) bump(plan.errors, f.code);
    else if (f.field === null) bump(fileFindings, f.code);
    if (errors.length < maxErrors) errors.push(f);
  };

  const ordered = table.format === 'csv' || table.format === 'tsv';
  // Without a header row the reader names columns field1…fieldN; the schema's fields take those places in order.
  const names = options.headerless ? table.header.map((name, i) => schema.fields[i]?.name ?? name) : table.header;
  const header = mapHeader(schema, names, ordered);
  const plans = planFields(schema, header.columns, options.profiler, options.memoText !== false);
  const byName = new Map(plans.map((p) => [p.name, p]));
  const shard = options.shard;
  const headerFindings = shard === undefined || shard.first;
  if (headerFindings) for (const f of header.findings) push(f, f.field !== null ? byName.get(f.field) : undefined);
  if (headerFindings) for (const issue of table.headerIssues) {
    const plan = issue.field !== undefined ? byName.get(issue.field) : undefined;
    push({ line: issue.line, field: issue.field ?? null, code: issue.code, message: issue.message }, plan);
  }

  const keys: KeyPlan[] = [];
  const index = new Map(schema.fields.map((f, i) => [f.name, i]));
  if (schema.primaryKey) keys.push({ code: 'primaryKey', fields: schema.primaryKey.map((n) => index.get(n)!), label: schema.primaryKey.join(', '), seen: new KeySet(), failures: 0, keyLog: null });
  for (const key of schema.uniqueKeys ?? []) {
    if (key.length === 1) continue; // same as the field's unique constraint, handled per cell when set
    keys.push({ code: 'unique', fields: key.map((n) => index.get(n)!), label: key.join(', '), seen: new KeySet(), failures: 0, keyLog: null });
  }
  for (const key of schema.uniqueKeys ?? []) {
    if (key.length === 1) {
      const plan = plans[index.get(key[0]!)!]!;
      plan.unique ??= new KeySet();
    }
  }
  for (const plan of plans) plan.keyed = plan.unique !== null;
  for (const key of keys) for (const f of key.fields) plans[f]!.keyed = true;
  if (shard !== undefined) {
    const newLog = (code: 'unique' | 'primaryKey', kind: 'field' | 'key', fields: number, field: string) => {
      const log: ShardKeyLog = { code, kind, fields, field, lo: [], hi: [], line: [], at: [], shown: [] };
      shard.keys.push(log);
      return new KeyLogWriter(log);
    };
    for (const plan of plans) if (plan.unique !== null) plan.keyLog = newLog('unique', 'field', 1, plan.name);
    for (const key of keys) key.keyLog = newLog(key.code, 'key', key.fields.length, key.label);
  }
  /** Primary or multi-field unique keys: each cell's key part is kept for the row's composite keys. */
  const composite = keys.length > 0;
  const keyParts: Array<string | undefined> = new Array(plans.length);
  const keyTexts: string[] = new Array(plans.length);
  const width = table.header.length;
  let rows = 0;

  const mode = schema.fieldsMatch ?? 'exact';
  const extraAllowed = mode === 'subset' || mode === 'partial';
  const pushIssue = (issue: ReadIssue) => {
    const plan = issue.field !== undefined ? byName.get(issue.field) : undefined;
    // A JSON key missing from the header: an error when it is a schema field (its values were not read) or when
    // fieldsMatch forbids extra fields.
    if (issue.code === 'extra-field' && plan === undefined && extraAllowed) return;
    push({ line: issue.line, field: issue.field ?? null, code: issue.code, message: issue.message }, plan);
  };
  for await (const batch of table.batches) {
    // Issues go in by line among the rows' findings, so the order does not depend on where batches (or shards) split.
    const issues = batch.issues;
    let nextIssue = 0;
    const batchRows = batch.rows;
    const lines = batch.lines;
    if (options.profiler !== undefined) {
      for (const plan of plans) if (plan.feed === 0 && plan.numbers.length < batchRows.length) plan.numbers = new Float64Array(batchRows.length);
    }
    const texts = batch.texts;
    const starts = batch.starts;
    for (let r = 0; r < batchRows.length; r++) {
      const row = batchRows[r]!;
      const line = lines[r]!;
      while (nextIssue < issues.length && issues[nextIssue]!.line <= line) pushIssue(issues[nextIssue++]!);
      rows++;
      // A packed row is its text with cell offsets, and has the header's width by construction.
      const packed = row === PACKED_ROW;
      const rowText = packed ? texts![r]! : '';
      const base = r * (width + 1);
      if (!packed && row.length !== width && ordered) {
        push({ line, field: null, code: 'row-length', message: `row has ${row.length} cells but the header has ${width}` });
      }
      for (let f = 0; f < plans.length; f++) {
        const plan = plans[f]!;
        if (composite) keyParts[f] = undefined;
        const col = plan.column;
        // The cell is t[s, e): a packed row's text, or the cell's own string.
        let t: string;
        let s: number;
        let e: number;
        if (col < 0 || (!packed && col >= row.length)) {
          // Absent column or short row: reported once as missing-field/row-length, counted as missing.
          plan.missingCount++;
          plan.profiler?.addMissing();
          continue;
        }
        if (packed) {
          t = rowText;
          s = starts![base + col]!;
          e = starts![base + col + 1]! - 1;
        } else {
          t = row[col]!;
          s = 0;
          e = t.length;
        }
        // Only string casts, custom missing values and messages need the cell as a string of its own (cut once).
        let text: string | undefined;
        if (plan.missing === null ? s === e : plan.missing.has((text = t.slice(s, e)))) {
          plan.missingCount++;
          plan.profiler?.addMissing();
          if (plan.required) push({ line, field: plan.name, code: 'required', message: s === e ? 'value is missing but the field is required' : `${quoteCell(t, s, e)} is a missing value but the field is required` }, plan);
          continue;
        }
        let value: CastValue | undefined;
        /** A repeat of a text value that passed every per-value check before (see TextMemo). */
        let clean = false;
        let entry = -1;
        let memo: TextMemo | null = null;
        switch (plan.castKind) {
          case 1:
            value = parsePlainDecimalAt(t, s, e) ?? plan.cast(t.slice(s, e));
            break;
          case 2:
            value = parsePlainIntegerAt(t, s, e);
            break;
          case 3:
            value = parseIsoDateAt(t, s, e);
            break;
          case 4: {
            memo = plan.memo;
            if (memo === null) {
              value = text ??= t.slice(s, e);
              break;
            }
            entry = memo.lookup(t, s, e);
            if (entry >= 0) {
              value = text = memo.values[entry]!;
              clean = memo.clean[entry] === 1;
            } else {
              value = text ??= t.slice(s, e);
              entry = memo.add(text);
              if (entry >= 0) value = text = memo.values[entry]!;
            }
            if (entry < 0 || memo.crowded) dropMemo(plan);
            break;
          }
          case 5:
            value = textIn(plan.trueTexts, t, s, e) ? true : textIn(plan.falseTexts, t, s, e) ? false : undefined;
            break;
          default:
            value = plan.cast((text ??= t.slice(s, e)));
        }
        if (value === undefined) {
          plan.invalidCount++;
          plan.profiler?.addInvalid();
          push({ line, field: plan.name, code: 'type', message: `${quoteCell(t, s, e)} is not ${describeType(plan.field)}` }, plan);
          continue;
        }
        const before = errorCount;
        const c = plan.constraints;
        if (!clean) {
          if (c.bounded) {
            const n = value as number;
            if (n < c.min) push({ line, field: plan.name, code: 'minimum', message: `${quoteCell(t, s, e)} is less than the minimum ${c.shown.minimum}` }, plan);
            if (n > c.max) push({ line, field: plan.name, code: 'maximum', message: `${quoteCell(t, s, e)} is greater than the maximum ${c.shown.maximum}` }, plan);
            if (n <= c.xmin) push({ line, field: plan.name, code: 'exclusiveMinimum', message: `${quoteCell(t, s, e)} is not greater than the exclusive minimum ${c.shown.exclusiveMinimum}` }, plan);
            if (n >= c.xmax) push({ line, field: plan.name, code: 'exclusiveMaximum', message: `${quoteCell(t, s, e)} is not less than the exclusive maximum ${c.shown.exclusiveMaximum}` }, plan);
          }
          if (c.enumSet !== null && !(c.enumList !== null ? listHas(c.enumList, value) : c.enumSet.has(value))) push({ line, field: plan.name, code: 'enum', message: `${quoteCell(t, s, e)} is not one of ${c.enumShown}` }, plan);
          if (c.pattern !== null && !c.pattern.test(value as string)) push({ line, field: plan.name, code: 'pattern', message: `${quoteCell(t, s, e)} does not match the pattern ${c.patternSource}` }, plan);
          if (c.lengthChecked) {
            const len = codePointLength(value as string);
            if (len < c.minLength) push({ line, field: plan.name, code: 'minLength', message: `${quoteCell(t, s, e)} has ${len} characters, fewer than minLength ${c.minLength}` }, plan);
            if (len > c.maxLength) push({ line, field: plan.name, code: 'maxLength', message: `${quoteCell(t, s, e)} has ${len} characters, more than maxLength ${c.maxLength}` }, plan);
          }
        }
        const key = plan.keyed ? keyOf(value, t, s, e, plan.type) : undefined;
        // Key parts of the row's primary/unique keys (cut as strings only for fields in a key).
        if (composite && plan.keyed) {
          keyParts[f] = key;
          keyTexts[f] = t.slice(s, e);
        }
        if (plan.unique !== null) {
          const first = plan.unique.addOrGet(key!, line);
          if (first === 0 && plan.keyLog !== null) plan.keyLog.add(plan.unique, line, errors.length, quoteCell(t, s, e));
          if (first !== 0) push({ line, field: plan.name, code: 'unique', message: `${quoteCell(t, s, e)} also appears at line ${first} (unique)` }, plan);
        }
        let pii: PiiKind | undefined;
        if (!clean && plan.pii !== 'off') {
          const kind = (pii = detectPii(text ?? t.slice(s, e), plan.piiSkip));
          if (kind !== undefined) {
            if (plan.pii === 'forbid') {
              push({ line, field: plan.name, code: 'pii', message: `value looks like ${PII_LABELS[kind]} (not shown); x-mlci pii is 'forbid' for this field` }, plan);
            } else {
              const hit = plan.piiHits.get(kind);
              if (hit) hit.count++;
              else plan.piiHits.set(kind, { count: 1, line });
            }
          }
        }
        // Only findings of this cell can have been pushed since `before`, duplicates included: then it stays unmarked.
        if (entry >= 0 && !clean && errorCount === before && pii === undefined) memo!.clean[entry] = 1;
        if (plan.profiler !== undefined) {
          if (plan.feed === 0) plan.numbers[plan.buffered++] = value as number;
          // A memoized value is counted per entry and handed over as (value, count) once per batch.
          else if (entry >= 0 && plan.memo !== null) plan.memo.counts[entry]!++;
          else if (plan.feed === 2) plan.strings[plan.buffered++] = value as string;
          else plan.profiler.addBoolean(value as boolean);
        }
      }
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        let composite = '';
        let complete = true;
        for (let j = 0; j < key.fields.length; j++) {
          const part = keyParts[key.fields[j]!];
          if (part === undefined) {
            complete = false;
            break;
          }
          composite = j === 0 ? part : `${composite}\u001f${part}`;
        }
        if (!complete) continue;
        const first = key.seen.addOrGet(composite, line);
        if (first === 0 && key.keyLog !== null) key.keyLog.add(key.seen, line, errors.length, key.fields.map((i) => quoteValue(keyTexts[i]!, 40)).join(', '));
        if (first !== 0) {
          key.failures++;
          const shown = key.fields.map((i) => quoteValue(keyTexts[i]!, 40)).join(', ');
          const plan = key.fields.length === 1 ? plans[key.fields[0]!] : undefined;
          push({ line, field: key.label, code: key.code, message: `${key.code === 'primaryKey' ? 'primary key' : 'unique key'} (${key.label}) ${shown} also appears at line ${first}` }, plan);
        }
      }
    }
    while (nextIssue < issues.length) pushIssue(issues[nextIssue++]!);
    if (options.profiler !== undefined) for (const plan of plans) flushProfile(plan);
  }

  const warnings: ValidationFinding[] = [];
  for (const plan of plans) {
    for (const [kind, hit] of plan.piiHits) {
      bump(plan.warnings, 'pii');
      warnings.push(piiWarning(plan.name, kind, hit.count, hit.line));
    }
    if (shard !== undefined && plan.piiHits.size > 0) shard.pii.push({ field: plan.name, hits: [...plan.piiHits].map(([kind, hit]) => [kind, hit.count, hit.line]) });
    plan.keyLog?.flush();
  }
  for (const key of keys) key.keyLog?.flush();

  if (shard === undefined) {
    for (const f of datasetFindings(schema, rows, plans.map((p) => p.missingCount))) push(f, f.field !== null ? byName.get(f.field) : undefined);
  }

  const columns: ColumnSummary[] = plans.map((p) => ({ name: p.name, type: p.type, present: p.column >= 0, missing: p.missingCount, invalid: p.invalidCount, errors: p.errors, warnings: p.warnings }));
  return {
    path: options.displayPath ?? table.path,
    rows,
    errors,
    warnings,
    ...(errors.length < errorCount ? { truncated: true } : {}),
    errorCount,
    columns,
    fileFindings,
    checks: checksOf(schema, plans, keys, fileFindings, table.format),
  };
}

/** Stops memoizing a column (full or crowded), handing its pending counts to the profiler first to keep their order. */
function dropMemo(plan: FieldPlan): void {
  flushMemoCounts(plan);
  plan.memo = null;
}

function flushMemoCounts(plan: FieldPlan): void {
  const memo = plan.memo;
  const profiler = plan.profiler;
  if (memo === null || profiler === undefined) return;
  const n = memo.values.length;
  const counts = memo.counts;
  if (profiler.addStringCounts !== undefined) profiler.addStringCounts(memo.values, counts, n);
  else for (let i = 0; i < n; i++) for (let k = 0; k < counts[i]!; k++) profiler.addString(memo.values[i]!);
  counts.fill(0, 0, n);
}

/** Hands a batch's buffered values to the column's profiler. */
function flushProfile(plan: FieldPlan): void {
  flushMemoCounts(plan);
  const profiler = plan.profiler;
  const n = plan.buffered;
  if (profiler === undefined || n === 0) return;
  plan.buffered = 0;
  if (plan.feed === 0) {
    if (profiler.addNumbers !== undefined) profiler.addNumbers(plan.numbers, n);
    else for (let i = 0; i < n; i++) profiler.addNumber(plan.numbers[i]!);
  } else {
    const strings = plan.strings;
    if (profiler.addStrings !== undefined) profiler.addStrings(strings, n);
    else for (let i = 0; i < n; i++) profiler.addString(strings[i]!);
    // Drop the references so a batch's cells do not outlive it.
    strings.length = 0;
  }
}

/** The warning for a field's values that look like one kind of PII. */
export function piiWarning(field: string, kind: PiiKind, count: number, line: number): ValidationFinding {
  return {
    line,
    field,
    code: 'pii',
    message: `${count} value${count === 1 ? '' : 's'} look${count === 1 ? 's' : ''} like ${PII_LABELS[kind]} (first at line ${line}); set x-mlci.fields.${field}.pii to 'forbid' to fail on them or 'off' if the column is meant to hold them`,
  };
}

/** Findings on the file as a whole (`rows`, then `missing-share` per field), from its row count and missing counts per schema field. */
export function datasetFindings(schema: TableSchema, rows: number, missing: number[]): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  const ext = schema['x-mlci'];
  if (ext?.rows?.min !== undefined && rows < ext.rows.min) out.push({ line: null, field: null, code: 'rows', message: `${rows} rows, fewer than the minimum ${ext.rows.min} (x-mlci.rows.min)` });
  if (ext?.rows?.max !== undefined && rows > ext.rows.max) out.push({ line: null, field: null, code: 'rows', message: `${rows} rows, more than the maximum ${ext.rows.max} (x-mlci.rows.max)` });
  schema.fields.forEach((field, i) => {
    const max = ext?.fields?.[field.name]?.maxMissingShare ?? ext?.maxMissingShare;
    if (max === undefined || rows === 0) return;
    const share = missing[i]! / rows;
    if (share > max) {
      out.push({ line: null, field: field.name, code: 'missing-share', message: `${(share * 100).toFixed(1)}% of values are missing (${missing[i]} of ${rows}), more than the allowed ${(max * 100).toFixed(1)}% (maxMissingShare)` });
    }
  });
  return out;
}

/** Every check that ran on the file, with its failure count: the JUnit test cases. */
function checksOf(schema: TableSchema, plans: FieldPlan[], keys: KeyPlan[], fileFindings: CodeCounts, format: string): CheckSummary[] {
  const checks: CheckSummary[] = [];
  const headerFailures = (code: FindingCode) => plans.reduce((n, p) => n + (p.errors[code] ?? 0), 0) + (fileFindings[code] ?? 0);
  checks.push({ field: null, code: 'missing-field', failures: headerFailures('missing-field') });
  checks.push({ field: null, code: 'extra-field', failures: headerFailures('extra-field') });
  if (format === 'csv' || format === 'tsv') checks.push({ field: null, code: 'row-length', failures: fileFindings['row-length'] ?? 0 });
  checks.push({ field: null, code: 'encoding', failures: fileFindings.encoding ?? 0 });
  checks.push({ field: null, code: 'format', failures: fileFindings.format ?? 0 });
  if (schema['x-mlci']?.rows) checks.push({ field: null, code: 'rows', failures: fileFindings.rows ?? 0 });
  for (const p of plans) {
    const add = (code: FindingCode) => checks.push({ field: p.name, code, failures: p.errors[code] ?? 0 });
    add('type');
    if (p.required) add('required');
    if (p.unique !== null) add('unique');
    for (const code of p.constraints.codes) add(code);
    if (p.maxMissingShare !== undefined) add('missing-share');
    if (p.pii === 'forbid') add('pii');
  }
  for (const k of keys) {
    checks.push({ field: k.label, code: k.code, failures: k.failures });
  }
  return checks;
}
