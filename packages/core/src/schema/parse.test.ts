import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseDataPackage, parseTableSchema } from './parse.js';

function errorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

describe('parseTableSchema', () => {
  it('accepts a v2 schema in JSON and YAML and normalises keys', () => {
    const s = parseTableSchema(json({ fields: [{ name: 'id', type: 'integer' }], primaryKey: 'id', missingValues: ['', { value: 'NA', label: 'not available' }] }), 's.json');
    expect(s.primaryKey).toEqual(['id']);
    expect(s.missingValues).toEqual(['', 'NA']);
    const y = parseTableSchema('fields:\n  - name: d\n    type: date\n    constraints:\n      minimum: 2020-01-01\n', 's.yaml');
    expect(y.fields[0]!.constraints!.minimum).toBe('2020-01-01');
  });

  it('names file, line, key path and the allowed types for an unknown type', () => {
    const text = json({ fields: [{ name: 'a', type: 'string' }, { name: 'b', type: 'integer' }, { name: 'c', type: 'numbr' }] });
    const err = errorOf(() => parseTableSchema(text, 'schema.json'));
    expect(err.message).toBe(
      `schema.json:13: fields[2].type: "numbr" is not a Table Schema type; use one of string, number, integer, boolean, date, datetime, time, year, any. Correct fields[2].type in the Table Schema`,
    );
  });

  it('rejects constraint values that do not fit the field type', () => {
    const err = errorOf(() => parseTableSchema(json({ fields: [{ name: 'd', type: 'date', constraints: { minimum: '2020-13-01' } }] }), 's.json'));
    expect(err.message).toContain('fields[0].constraints.minimum: "2020-13-01" is not a valid date value for this field');
    const e2 = errorOf(() => parseTableSchema(json({ fields: [{ name: 's', type: 'string', constraints: { minimum: 3 } }] }), 's.json'));
    expect(e2.message).toContain('fields[0].constraints.minimum: minimum applies to number, integer, year, date, datetime and time fields, not string');
    const e3 = errorOf(() => parseTableSchema(json({ fields: [{ name: 'n', type: 'integer', constraints: { enum: [1, 'two'] } }] }), 's.json'));
    expect(e3.message).toContain('fields[0].constraints.enum[1]: "two" is not a valid integer value');
    const e4 = errorOf(() => parseTableSchema(json({ fields: [{ name: 's', type: 'string', constraints: { pattern: '(' } }] }), 's.json'));
    expect(e4.message).toContain('fields[0].constraints.pattern: not a valid regular expression');
  });

  it('rejects bad formats, duplicate names, unknown key references and bad extension keys', () => {
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 's', type: 'string', format: 'phone' }] }), 's.json')).message).toContain(
      "fields[0].format: 'phone' is not a string format; use one of default, email, uri, uuid, binary",
    );
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'd', type: 'date', format: '%d/%q/%Y' }] }), 's.json')).message).toContain("unknown directive '%q'");
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'a' }, { name: 'a' }] }), 's.json')).message).toContain("fields[1].name: duplicate field name 'a'");
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'a' }], primaryKey: ['a', 'b'] }), 's.json')).message).toContain("primaryKey[1]: 'b' is not a field of this schema; use one of a");
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'a' }], fieldsMatch: 'loose' }), 's.json')).message).toContain(
      'fieldsMatch: "loose" is not a fieldsMatch mode; use one of exact, equal, subset, superset, partial',
    );
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'a' }], 'x-mlci': { row: { min: 1 } } }), 's.json')).message).toContain('x-mlci: Unrecognized key: "row"');
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'a' }], 'x-mlci': { fields: { b: { pii: 'forbid' } } } }), 's.json')).message).toContain("x-mlci.fields[0]: 'b' is not a field");
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'a' }], 'x-mlci': { fields: { a: { pii: 'block' } } } }), 's.json')).message).toContain(
      'x-mlci.fields.a.pii: "block" is not a PII mode; use one of warn, forbid, off',
    );
    expect(errorOf(() => parseTableSchema(json({ fields: [{ name: 'a' }], 'x-mlci': { maxMissingShare: 1.5 } }), 's.json')).message).toContain('x-mlci.maxMissingShare');
    expect(errorOf(() => parseTableSchema(json({ fields: [] }), 's.json')).message).toContain('fields: a Table Schema needs at least one field');
  });

  it('flags misspelt keys (constraints are a closed list) but keeps custom properties', () => {
    const bad = (s: object) => errorOf(() => parseTableSchema(json(s), 's.json')).message;
    expect(bad({ fields: [{ name: 'a', type: 'number', constraints: { minimun: 0 } }] })).toContain(
      "fields[0].constraints.minimun: 'minimun' is not a Table Schema constraint; did you mean 'minimum'? use one of required, unique,",
    );
    expect(bad({ fields: [{ name: 'a', constraints: { nullable: false } }] })).toContain("'nullable' is not a Table Schema constraint; use one of");
    expect(bad({ fields: [{ name: 'a', constraints: { jsonSchema: { type: 'object' } } }] })).toContain('fields[0].constraints.jsonSchema: jsonSchema applies to object and array fields');
    expect(bad({ fields: [{ name: 'a', constraint: { required: true } }] })).toContain("fields[0].constraint: unknown key 'constraint'; did you mean 'constraints'?");
    expect(bad({ fields: [{ name: 'a' }], primarykey: 'a' })).toContain("primarykey: unknown key 'primarykey'; did you mean 'primaryKey'?");
    expect(bad({ fields: [{ name: 'a' }], missing_values: [''] })).toContain("did you mean 'missingValues'?");
    expect(bad({ fields: [{ name: 'a' }], 'x-mcli': {} })).toContain("did you mean 'x-mlci'?");
    expect(bad({ feilds: [{ name: 'a' }] })).toContain("fields: missing: a Table Schema lists its columns in a 'fields' array");
    const ok = parseTableSchema(json({ fields: [{ name: 'a', unit: 'mm', categories: ['x'], 'x-other': 1 }], 'x-vendor': true, licence: 'MIT' }), 's.json');
    expect(ok.fields[0]!.unit).toBe('mm');
  });

  it('reports syntax errors with their line', () => {
    const err = errorOf(() => parseTableSchema('{\n  "fields": [\n    { "name": "a", }\n  ]\n}', 'bad.json'));
    expect(err.message).toMatch(/^bad\.json:3: Table Schema is not valid JSON: .*Fix the syntax at that line$/);
    const y = errorOf(() => parseTableSchema('fields:\n  - name: a\n   type: string\n', 'bad.yaml'));
    // config/load.ts parses with prettyErrors off, so YAML syntax errors carry no line (reported to its owner).
    expect(y.message).toMatch(/^bad\.yaml(:3)?: Table Schema is not valid YAML\/JSON/);
  });

  it('nests key paths inside Data Package resources', () => {
    const err = errorOf(() => parseDataPackage(json({ resources: [{ name: 'r', path: 'r.csv', schema: { fields: [{ name: 'a', type: 'strin' }] } }] }), 'datapackage.json'));
    expect(err.message).toContain('resources[0].schema.fields[0].type: "strin" is not a Table Schema type');
  });
});
