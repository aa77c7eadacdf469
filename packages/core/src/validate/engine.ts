/**
 * The validation engine: one streaming pass over a Table. Per cell: missing? → cast to the field's type (one `type`
 * finding on failure, no constraint checks) → constraints → unique/primary keys → PII scan → profiler.
 * Checkers are compiled once per field into small closures so the per-cell work is a few calls and no allocation.
 *
 * Memory is flat in the number of rows except for `unique`/`primaryKey`/`uniqueKeys`, which keep every distinct key
 * seen (with the line of its first occurrence) and the findings themselves.
 */
import type { FindingCode } from '../findings.js';
import type { ColumnProfiler, Profiler } from '../profile/types.js';
import type { Table } from '../readers/types.js';
import { castSchemaValue, compileCaster, describeType, type Caster, type CastValue } from '../schema/cast.js';
import { formatTemporal } from '../schema/temporal.js';
import type { FieldType, PiiMode, SchemaField, TableSchema } from '../schema/types.js';
import { detectPii, PII_LABELS, type PiiKind } from './pii.js';
import type { CheckSummary, CodeCounts, ColumnSummary, FileValidation, ValidationFinding } from './types.js';

export interface TableValidationOptions {
  /** How the file is named in findings and results (default: table.path). */
  displayPath?: string | undefined;
  /** Fed with every cell of every row, in schema field order. */
  profiler?: Profiler | undefined;
  /** Keep at most this many error findings per file (all are counted). Default: keep all. */
  maxErrors?: number | undefined;
}

interface Check {
  code: FindingCode;
  fails(value: CastValue, text: string): boolean;
  message(value: CastValue, text: string): string;
}

interface FieldPlan {
  field: SchemaField;
  name: string;
  type: FieldType;
  /** Data column index, or -1 when the header lacks the field. */
  column: number;
  /** null: the default missing values `[""]`. */
  missing: ReadonlySet<string> | null;
  cast: Caster;
  required: boolean;
  checks: Check[];
  unique: Map<string, number> | null;
  pii: PiiMode;
  piiSkip: PiiKind | undefined;
  piiHits: Map<PiiKind, { count: number; line: number }>;
  maxMissingShare: number | undefined;
  feed: (p: ColumnProfiler, v: CastValue) => void;
  profiler: ColumnProfiler | undefined;
  missingCount: number;
  invalidCount: number;
  errors: CodeCounts;
  warnings: CodeCounts;
}

const NUMERIC: ReadonlySet<FieldType> = new Set(['number', 'integer', 'year']);
const TEMPORAL: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'time']);

/** Quotes a cell value for a message, shortened so one line stays readable. */
export function quoteValue(text: string, max = 60): string {
  const t = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `'${t.replace(/[\r\n]+/g, ' ')}'`;
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

function compileChecks(field: SchemaField, type: FieldType, cast: Caster): Check[] {
  const c = field.constraints ?? {};
  const checks: Check[] = [];
  const bound = (key: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum', fails: (v: number, b: number) => boolean, words: string) => {
    if (c[key] === undefined) return;
    const b = castSchemaValue(cast, type, c[key]);
    if (typeof b !== 'number') return;
    const shown = renderBound(type, b);
    checks.push({
      code: key,
      fails: (v) => fails(v as number, b),
      message: (_v, text) => `${quoteValue(text)} is ${words} ${shown}`,
    });
  };
  bound('minimum', (v, b) => v < b, 'less than the minimum');
  bound('maximum', (v, b) => v > b, 'greater than the maximum');
  bound('exclusiveMinimum', (v, b) => v <= b, 'not greater than the exclusive minimum');
  bound('exclusiveMaximum', (v, b) => v >= b, 'not less than the exclusive maximum');
  if (c.enum !== undefined) {
    const allowed = new Set<CastValue>();
    for (const e of c.enum) {
      const v = castSchemaValue(cast, type, e);
      if (v !== undefined) allowed.add(v);
    }
    const list = c.enum.map(String);
    const shown = list.length > 10 ? `${list.slice(0, 10).join(', ')}, … (${list.length} values)` : list.join(', ');
    checks.push({ code: 'enum', fails: (v) => !allowed.has(v), message: (_v, text) => `${quoteValue(text)} is not one of ${shown}` });
  }
  if (c.pattern !== undefined) {
    // XML Schema patterns match the whole value.
    const re = new RegExp(`^(?:${c.pattern})$`, 'u');
    const p = c.pattern;
    checks.push({ code: 'pattern', fails: (v) => !re.test(String(v)), message: (_v, text) => `${quoteValue(text)} does not match the pattern ${p}` });
  }
  if (c.minLength !== undefined) {
    const n = c.minLength;
    checks.push({
      code: 'minLength',
      fails: (v) => codePointLength(String(v)) < n,
      message: (v, text) => `${quoteValue(text)} has ${codePointLength(String(v))} characters, fewer than minLength ${n}`,
    });
  }
  if (c.maxLength !== undefined) {
    const n = c.maxLength;
    checks.push({
      code: 'maxLength',
      fails: (v) => codePointLength(String(v)) > n,
      message: (v, text) => `${quoteValue(text)} has ${codePointLength(String(v))} characters, more than maxLength ${n}`,
    });
  }
  return checks;
}

/** Unique-key text of a cast value: numbers compare by value, except integers too large to hold exactly. */
function keyOf(value: CastValue, text: string, type: FieldType): string {
  if (typeof value === 'number') return type === 'integer' && !Number.isSafeInteger(value) ? text.replace(/^\+|^(-?)0+(?=\d)/, '$1') : String(value);
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
}

function feederFor(type: FieldType): (p: ColumnProfiler, v: CastValue) => void {
  if (NUMERIC.has(type) || TEMPORAL.has(type)) return (p, v) => p.addNumber(v as number);
  if (type === 'boolean') return (p, v) => p.addBoolean(v as boolean);
  return (p, v) => p.addString(v as string);
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

function planFields(schema: TableSchema, columns: number[], profiler: Profiler | undefined): FieldPlan[] {
  const schemaMissing = schema.missingValues ?? [''];
  const primary = new Set(schema.primaryKey ?? []);
  const ext = schema['x-mlci'];
  return schema.fields.map((field, i) => {
    const type = field.type ?? 'any';
    const missingList = field.missingValues ?? schemaMissing;
    const cast = compileCaster(field);
    const rules = ext?.fields?.[field.name];
    const textual = type === 'string' || type === 'any';
    return {
      field,
      name: field.name,
      type,
      column: columns[i]!,
      missing: missingList.length === 1 && missingList[0] === '' ? null : new Set(missingList),
      cast,
      required: field.constraints?.required === true || primary.has(field.name),
      checks: compileChecks(field, type, cast),
      unique: field.constraints?.unique ? new Map() : null,
      pii: textual ? (rules?.pii ?? ext?.pii ?? 'warn') : 'off',
      piiSkip: field.format === 'email' ? 'email' : undefined,
      piiHits: new Map(),
      maxMissingShare: rules?.maxMissingShare ?? ext?.maxMissingShare,
      feed: feederFor(type),
      profiler: profiler?.column(i),
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
  seen: Map<string, number>;
  failures: number;
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
  const header = mapHeader(schema, table.header, ordered);
  const plans = planFields(schema, header.columns, options.profiler);
  const byName = new Map(plans.map((p) => [p.name, p]));
  for (const f of header.findings) push(f, f.field !== null ? byName.get(f.field) : undefined);
  for (const issue of table.headerIssues) {
    const plan = issue.field !== undefined ? byName.get(issue.field) : undefined;
    push({ line: issue.line, field: issue.field ?? null, code: issue.code, message: issue.message }, plan);
  }

  const keys: KeyPlan[] = [];
  const index = new Map(schema.fields.map((f, i) => [f.name, i]));
  if (schema.primaryKey) keys.push({ code: 'primaryKey', fields: schema.primaryKey.map((n) => index.get(n)!), label: schema.primaryKey.join(', '), seen: new Map(), failures: 0 });
  for (const key of schema.uniqueKeys ?? []) {
    if (key.length === 1) continue; // same as the field's unique constraint, handled per cell when set
    keys.push({ code: 'unique', fields: key.map((n) => index.get(n)!), label: key.join(', '), seen: new Map(), failures: 0 });
  }
  for (const key of schema.uniqueKeys ?? []) {
    if (key.length === 1) {
      const plan = plans[index.get(key[0]!)!]!;
      plan.unique ??= new Map();
    }
  }
  const keyParts: Array<string | undefined> = new Array(plans.length);
  const keyTexts: string[] = new Array(plans.length);
  const width = table.header.length;
  let rows = 0;

  const mode = schema.fieldsMatch ?? 'exact';
  const extraAllowed = mode === 'subset' || mode === 'partial';
  for await (const batch of table.batches) {
    for (const issue of batch.issues) {
      const plan = issue.field !== undefined ? byName.get(issue.field) : undefined;
      // A JSON key missing from the header: an error when it is a schema field (its values were not read) or when
      // fieldsMatch forbids extra fields.
      if (issue.code === 'extra-field' && plan === undefined && extraAllowed) continue;
      push({ line: issue.line, field: issue.field ?? null, code: issue.code, message: issue.message }, plan);
    }
    const batchRows = batch.rows;
    const lines = batch.lines;
    for (let r = 0; r < batchRows.length; r++) {
      const row = batchRows[r]!;
      const line = lines[r]!;
      rows++;
      if (row.length !== width && ordered) {
        push({ line, field: null, code: 'row-length', message: `row has ${row.length} cells but the header has ${width}` });
      }
      for (let f = 0; f < plans.length; f++) {
        const plan = plans[f]!;
        keyParts[f] = undefined;
        const col = plan.column;
        if (col < 0 || col >= row.length) {
          // Absent column or short row: reported once as missing-field/row-length, counted as missing.
          plan.missingCount++;
          plan.profiler?.addMissing();
          continue;
        }
        const text = row[col]!;
        if (plan.missing === null ? text === '' : plan.missing.has(text)) {
          plan.missingCount++;
          plan.profiler?.addMissing();
          if (plan.required) push({ line, field: plan.name, code: 'required', message: text === '' ? 'value is missing but the field is required' : `${quoteValue(text)} is a missing value but the field is required` }, plan);
          continue;
        }
        const value = plan.cast(text);
        if (value === undefined) {
          plan.invalidCount++;
          plan.profiler?.addInvalid();
          push({ line, field: plan.name, code: 'type', message: `${quoteValue(text)} is not ${describeType(plan.field)}` }, plan);
          continue;
        }
        const checks = plan.checks;
        for (let k = 0; k < checks.length; k++) {
          const check = checks[k]!;
          if (check.fails(value, text)) push({ line, field: plan.name, code: check.code, message: check.message(value, text) }, plan);
        }
        const key = plan.unique !== null || keys.length > 0 ? keyOf(value, text, plan.type) : undefined;
        keyParts[f] = key;
        keyTexts[f] = text;
        if (plan.unique !== null) {
          const first = plan.unique.get(key!);
          if (first === undefined) plan.unique.set(key!, line);
          else push({ line, field: plan.name, code: 'unique', message: `${quoteValue(text)} also appears at line ${first} (unique)` }, plan);
        }
        if (plan.pii !== 'off') {
          const kind = detectPii(text, plan.piiSkip);
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
        if (plan.profiler !== undefined) plan.feed(plan.profiler, value);
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
        const first = key.seen.get(composite);
        if (first === undefined) key.seen.set(composite, line);
        else {
          key.failures++;
          const shown = key.fields.map((i) => quoteValue(keyTexts[i]!, 40)).join(', ');
          const plan = key.fields.length === 1 ? plans[key.fields[0]!] : undefined;
          push({ line, field: key.label, code: key.code, message: `${key.code === 'primaryKey' ? 'primary key' : 'unique key'} (${key.label}) ${shown} also appears at line ${first}` }, plan);
        }
      }
    }
  }

  const warnings: ValidationFinding[] = [];
  for (const plan of plans) {
    for (const [kind, hit] of plan.piiHits) {
      bump(plan.warnings, 'pii');
      warnings.push({
        line: hit.line,
        field: plan.name,
        code: 'pii',
        message: `${hit.count} value${hit.count === 1 ? '' : 's'} look${hit.count === 1 ? 's' : ''} like ${PII_LABELS[kind]} (first at line ${hit.line}); set x-mlci.fields.${plan.name}.pii to 'forbid' to fail on them or 'off' if the column is meant to hold them`,
      });
    }
  }

  const ext = schema['x-mlci'];
  if (ext?.rows?.min !== undefined && rows < ext.rows.min) push({ line: null, field: null, code: 'rows', message: `${rows} rows, fewer than the minimum ${ext.rows.min} (x-mlci.rows.min)` });
  if (ext?.rows?.max !== undefined && rows > ext.rows.max) push({ line: null, field: null, code: 'rows', message: `${rows} rows, more than the maximum ${ext.rows.max} (x-mlci.rows.max)` });
  for (const plan of plans) {
    if (plan.maxMissingShare === undefined || rows === 0) continue;
    const share = plan.missingCount / rows;
    if (share > plan.maxMissingShare) {
      push({ line: null, field: plan.name, code: 'missing-share', message: `${(share * 100).toFixed(1)}% of values are missing (${plan.missingCount} of ${rows}), more than the allowed ${(plan.maxMissingShare * 100).toFixed(1)}% (maxMissingShare)` }, plan);
    }
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
    for (const c of p.checks) add(c.code);
    if (p.maxMissingShare !== undefined) add('missing-share');
    if (p.pii === 'forbid') add('pii');
  }
  for (const k of keys) {
    checks.push({ field: k.label, code: k.code, failures: k.failures });
  }
  return checks;
}
