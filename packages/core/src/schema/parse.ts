/**
 * Reading and checking Table Schemas and Data Package descriptors (JSON or YAML). A bad schema is a UsageError that
 * names the file, line, key path and what is allowed.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { parseYamlWithSchema } from '../config/load.js';
import { castSchemaValue, compileCaster } from './cast.js';
import { FIELD_TYPES, FIELDS_MATCH, STRING_FORMATS, type FieldType, type SchemaField, type TableSchema } from './types.js';

const oneOf = (what: string, values: readonly string[]) =>
  ({ error: (issue: { input?: unknown }) => `${JSON.stringify(issue.input)} is not ${what}; use one of ${values.join(', ')}` }) as const;

const missingValuesSchema = z
  .array(z.union([z.string(), z.strictObject({ value: z.string(), label: z.string().optional() })]))
  .transform((list) => list.map((v) => (typeof v === 'string' ? v : v.value)));

const boundSchema = z.union([z.number(), z.string()]).optional();

const CONSTRAINT_KEYS = ['required', 'unique', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'pattern', 'minLength', 'maxLength', 'jsonSchema'];
const FIELD_KEYS = [
  'name', 'title', 'type', 'format', 'description', 'example', 'constraints', 'missingValues', 'rdfType', 'categories',
  'categoriesOrdered', 'trueValues', 'falseValues', 'decimalChar', 'groupChar', 'bareNumber', 'itemType', 'delimiter',
];
const SCHEMA_KEYS = ['$schema', 'fields', 'missingValues', 'primaryKey', 'uniqueKeys', 'foreignKeys', 'fieldsMatch', 'name', 'title', 'description', 'x-mlci'];

/** Edit distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The known key an unknown key was probably meant to be (`constraint`, `primarykey`, `missing_values`), if any. */
export function misspeltKey(key: string, known: readonly string[]): string | undefined {
  if (known.includes(key) || key.length < 4) return undefined;
  // Other tools' x- extensions are theirs; only a near miss of our own key is flagged.
  if (key.startsWith('x-') && !known.some((k) => k.startsWith('x-'))) return undefined;
  const squash = (k: string) => k.toLowerCase().replace(/[_-]/g, '');
  return known.find((k) => squash(k) === squash(key) || (key.length >= 6 && distance(key.toLowerCase(), k.toLowerCase()) <= 2));
}

/** Table Schema allows custom properties, so unknown keys pass, except ones that look like a misspelt standard key. */
function refineKeys(value: object, known: readonly string[], ctx: Ctx, at: PropertyKey[]): void {
  for (const key of Object.keys(value)) {
    const meant = misspeltKey(key, known);
    if (meant !== undefined) ctx.addIssue({ code: 'custom', path: [...at, key], message: `unknown key '${key}'; did you mean '${meant}'?` });
  }
}

const constraintsSchema = z
  .looseObject({
    required: z.boolean().optional(),
    unique: z.boolean().optional(),
    minimum: boundSchema,
    maximum: boundSchema,
    exclusiveMinimum: boundSchema,
    exclusiveMaximum: boundSchema,
    enum: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
    pattern: z.string().optional(),
    minLength: z.int().nonnegative().optional(),
    maxLength: z.int().nonnegative().optional(),
    jsonSchema: z.unknown().optional(),
  })
  // The constraint keys are a closed list in the standard: an unknown one is a typo that would silently check nothing.
  .superRefine((c, ctx) => {
    for (const key of Object.keys(c)) {
      if (CONSTRAINT_KEYS.includes(key)) continue;
      const meant = misspeltKey(key, CONSTRAINT_KEYS);
      ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' is not a Table Schema constraint; ${meant ? `did you mean '${meant}'? ` : ''}use one of ${CONSTRAINT_KEYS.join(', ')}` });
    }
  });

const piiSchema = z.enum(['warn', 'forbid', 'off'], oneOf('a PII mode', ['warn', 'forbid', 'off']));
const shareSchema = z.number().min(0).max(1).optional();

const extensionSchema = z
  .strictObject({
    rows: z.strictObject({ min: z.int().nonnegative().optional(), max: z.int().nonnegative().optional() }).optional(),
    maxMissingShare: shareSchema,
    pii: piiSchema.optional(),
    fields: z.record(z.string(), z.strictObject({ maxMissingShare: shareSchema, pii: piiSchema.optional() })).optional(),
  })
  .describe('mlci dataset rules');

const fieldSchema = z.looseObject({
  name: z.string().min(1),
  type: z.enum(FIELD_TYPES, oneOf('a Table Schema type', FIELD_TYPES)).optional(),
  format: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  missingValues: missingValuesSchema.optional(),
  constraints: constraintsSchema.optional(),
  trueValues: z.array(z.string()).optional(),
  falseValues: z.array(z.string()).optional(),
  decimalChar: z.string().length(1).optional(),
  groupChar: z.string().length(1).optional(),
  bareNumber: z.boolean().optional(),
  categories: z
    .array(z.union([z.string(), z.number(), z.looseObject({ value: z.union([z.string(), z.number()]), label: z.string().optional() })]))
    .optional(),
});

type Ctx = z.core.$RefinementCtx;

/** Checks what the shape alone cannot: formats, constraint values per type, key references. */
function refineSchema(schema: TableSchema, ctx: Ctx, base: PropertyKey[] = []): void {
  refineKeys(schema, SCHEMA_KEYS, ctx, base);
  schema.fields.forEach((field, i) => refineKeys(field, FIELD_KEYS, ctx, [...base, 'fields', i]));
  const names = new Map<string, number>();
  schema.fields.forEach((field, i) => {
    const at = [...base, 'fields', i];
    if (names.has(field.name)) {
      ctx.addIssue({ code: 'custom', path: [...at, 'name'], message: `duplicate field name '${field.name}' (also fields[${names.get(field.name)}]); field names must be unique` });
    }
    names.set(field.name, i);
    refineField(field, ctx, at);
  });
  const checkRefs = (list: string[], path: PropertyKey[]) =>
    list.forEach((name, j) => {
      if (!names.has(name)) {
        ctx.addIssue({ code: 'custom', path: [...path, j], message: `'${name}' is not a field of this schema; use one of ${[...names.keys()].join(', ')}` });
      }
    });
  if (schema.primaryKey) checkRefs(schema.primaryKey, [...base, 'primaryKey']);
  schema.uniqueKeys?.forEach((key, k) => checkRefs(key, [...base, 'uniqueKeys', k]));
  const ext = schema['x-mlci'];
  if (ext?.fields) checkRefs(Object.keys(ext.fields), [...base, 'x-mlci', 'fields']);
  if (ext?.rows?.min !== undefined && ext.rows.max !== undefined && ext.rows.min > ext.rows.max) {
    ctx.addIssue({ code: 'custom', path: [...base, 'x-mlci', 'rows'], message: `min (${ext.rows.min}) is larger than max (${ext.rows.max})` });
  }
}

const ORDERED: ReadonlySet<FieldType> = new Set(['number', 'integer', 'year', 'date', 'datetime', 'time']);
const LENGTHED: ReadonlySet<FieldType> = new Set(['string', 'any']);

function refineField(field: SchemaField, ctx: Ctx, at: PropertyKey[]): void {
  const type = field.type ?? 'any';
  if (type === 'string' && field.format !== undefined && !(STRING_FORMATS as readonly string[]).includes(field.format)) {
    ctx.addIssue({ code: 'custom', path: [...at, 'format'], message: `'${field.format}' is not a string format; use one of ${STRING_FORMATS.join(', ')}` });
    return;
  }
  let caster;
  try {
    caster = compileCaster(field);
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: [...at, 'format'], message: `'${field.format}': ${(err as Error).message}` });
    return;
  }
  const c = field.constraints;
  if (!c) return;
  if ((c as { jsonSchema?: unknown }).jsonSchema !== undefined) {
    ctx.addIssue({ code: 'custom', path: [...at, 'constraints', 'jsonSchema'], message: 'jsonSchema applies to object and array fields, which mlci does not validate; remove it' });
  }
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const value = c[key];
    if (value === undefined) continue;
    if (!ORDERED.has(type)) {
      ctx.addIssue({ code: 'custom', path: [...at, 'constraints', key], message: `${key} applies to number, integer, year, date, datetime and time fields, not ${type}` });
    } else if (castSchemaValue(caster, type, value) === undefined) {
      ctx.addIssue({ code: 'custom', path: [...at, 'constraints', key], message: `${JSON.stringify(value)} is not a valid ${type} value for this field` });
    }
  }
  for (const key of ['minLength', 'maxLength'] as const) {
    if (c[key] !== undefined && !LENGTHED.has(type)) {
      ctx.addIssue({ code: 'custom', path: [...at, 'constraints', key], message: `${key} applies to string and any fields, not ${type}` });
    }
  }
  if (c.pattern !== undefined) {
    if (type !== 'string' && type !== 'any') {
      ctx.addIssue({ code: 'custom', path: [...at, 'constraints', 'pattern'], message: `pattern applies to string fields, not ${type}` });
    } else {
      try {
        new RegExp(`^(?:${c.pattern})$`, 'u');
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: [...at, 'constraints', 'pattern'], message: `not a valid regular expression (${(err as Error).message})` });
      }
    }
  }
  c.enum?.forEach((value, j) => {
    if (castSchemaValue(caster, type, value) === undefined) {
      ctx.addIssue({ code: 'custom', path: [...at, 'constraints', 'enum', j], message: `${JSON.stringify(value)} is not a valid ${type} value for this field` });
    }
  });
}

export const tableSchemaSchema = z
  .looseObject({
    $schema: z.string().optional(),
    fields: z
      .array(fieldSchema, { error: (issue) => (issue.input === undefined ? "missing: a Table Schema lists its columns in a 'fields' array" : undefined) })
      .min(1, 'a Table Schema needs at least one field'),
    missingValues: missingValuesSchema.optional(),
    primaryKey: z.union([z.string(), z.array(z.string()).min(1)]).transform((k) => (typeof k === 'string' ? [k] : k)).optional(),
    uniqueKeys: z.array(z.array(z.string()).min(1)).optional(),
    fieldsMatch: z.enum(FIELDS_MATCH, oneOf('a fieldsMatch mode', FIELDS_MATCH)).optional(),
    'x-mlci': extensionSchema.optional(),
  })
  .superRefine((schema, ctx) => refineSchema(schema as TableSchema, ctx));

const dialectSchema = z.looseObject({
  delimiter: z.string().length(1).optional(),
  quoteChar: z.string().length(1).optional(),
  header: z.boolean().optional(),
  json: z.looseObject({ keyed: z.boolean().optional() }).optional(),
  csv: z.looseObject({ delimiter: z.string().length(1).optional(), quoteChar: z.string().length(1).optional(), header: z.boolean().optional() }).optional(),
});

const resourceSchema = z
  .looseObject({
    name: z.string().optional(),
    path: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    data: z.unknown().optional(),
    type: z.string().optional(),
    profile: z.string().optional(),
    format: z.string().optional(),
    mediatype: z.string().optional(),
    encoding: z.string().optional(),
    schema: z.unknown().optional(),
    dialect: z.union([z.string(), dialectSchema]).optional(),
  })
  // An inline schema is checked on its own so its issues keep their full key path (a union would only say "invalid").
  .transform((resource, ctx) => {
    const raw = resource.schema;
    if (raw === undefined || typeof raw === 'string') return { ...resource, schema: raw as string | undefined };
    const parsed = tableSchemaSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['schema', ...issue.path], message: issue.message });
      return z.NEVER;
    }
    return { ...resource, schema: parsed.data as TableSchema };
  });

export const dataPackageSchema = z.looseObject({
  name: z.string().optional(),
  resources: z.array(resourceSchema).min(1, 'a Data Package needs at least one resource'),
});

export type DataPackageResource = z.infer<typeof resourceSchema>;
export type DataPackage = z.infer<typeof dataPackageSchema>;

async function readText(path: string, what: string, where: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? (err as Error).message)}`, {
      where,
      fix: `Check the ${what} path`,
      code: 'file-not-found',
    });
  }
}

/**
 * A `.json` file must be JSON: the YAML parser would accept a trailing comma or a comment silently.
 * Throws a UsageError naming the line of the first syntax error.
 */
function checkJsonSyntax(text: string, file: string, what: string): void {
  if (!/\.json$/i.test(file)) return;
  try {
    JSON.parse(text);
  } catch (err) {
    const at = jsonErrorOffset(text);
    const line = text.slice(0, at.offset).split('\n').length;
    const message = at.message ?? (err as Error).message.replace(/,? (?:".*" is not valid JSON|in JSON at position).*$/s, '');
    throw new UsageError(`${what} is not valid JSON: ${message.replace(/^Unexpected/, 'unexpected')}`, {
      where: line ? `${file}:${line}` : file,
      fix: 'Fix the syntax at that line',
      code: 'config-syntax',
    });
  }
}

/**
 * Where JSON text first breaks (V8's messages do not always carry a position): a small recursive-descent scan,
 * run only after JSON.parse has failed.
 */
export function jsonErrorOffset(text: string): { offset: number; message?: string } {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('control character in a string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === '}' ? "trailing comma before '}'" : 'expected a double-quoted property name');
        str();
        ws();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail("trailing comma before ']'");
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail(c === undefined ? 'unexpected end of text' : `unexpected ${JSON.stringify(c)}`);
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail('unexpected text after the end of the JSON value');
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'offset' in e) return e as { offset: number; message: string };
    throw e;
  }
  return { offset: i };
}

/** Parses Table Schema text (JSON or YAML); `file` names it in errors. */
export function parseTableSchema(text: string, file: string): TableSchema {
  checkJsonSyntax(text, file, 'Table Schema');
  return parseYamlWithSchema(text, file, tableSchemaSchema, 'Table Schema') as TableSchema;
}

/** Reads and checks a Table Schema file. */
export async function loadTableSchema(path: string, displayPath = path): Promise<TableSchema> {
  return parseTableSchema(await readText(path, 'schema', displayPath), displayPath);
}

/** True when a parsed JSON/YAML document is a Data Package descriptor rather than a Table Schema. */
export function isDataPackageDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && Array.isArray((doc as { resources?: unknown }).resources) && !('fields' in doc);
}

export function parseDataPackage(text: string, file: string): DataPackage {
  checkJsonSyntax(text, file, 'Data Package descriptor');
  return parseYamlWithSchema(text, file, dataPackageSchema, 'Data Package descriptor');
}

export type SchemaDocument = { kind: 'schema'; schema: TableSchema } | { kind: 'datapackage'; descriptor: DataPackage };

/** Reads a file that holds either a Table Schema or a Data Package descriptor, deciding by its content. */
export async function loadSchemaDocument(path: string, displayPath = path): Promise<SchemaDocument> {
  const text = await readText(path, 'schema', displayPath);
  let probe: unknown;
  try {
    probe = JSON.parse(text);
  } catch {
    probe = undefined; // YAML or broken: the schema parser reports syntax with a line number
  }
  const looksLikePackage = probe !== undefined ? isDataPackageDocument(probe) : /^resources\s*:/m.test(text) && !/^fields\s*:/m.test(text);
  if (looksLikePackage) return { kind: 'datapackage', descriptor: parseDataPackage(text, displayPath) };
  return { kind: 'schema', schema: parseTableSchema(text, displayPath) };
}
