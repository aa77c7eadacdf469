import { describe, expect, it } from 'vitest';
import type { ReadIssue, Table, TableFormat } from '../readers/types.js';
import { parseTableSchema } from '../schema/parse.js';
import type { TableSchema } from '../schema/types.js';
import { validateTable } from './engine.js';

/** An in-memory table; row i starts at line i + 2 unless lines are given. */
function table(header: string[], rows: string[][], opts: { lines?: number[]; issues?: ReadIssue[]; format?: TableFormat; batch?: number } = {}): Table {
  const lines = opts.lines ?? rows.map((_r, i) => i + 2);
  const size = opts.batch ?? 2;
  async function* batches() {
    for (let i = 0; i < Math.max(rows.length, 1); i += size) {
      yield { rows: rows.slice(i, i + size), lines: lines.slice(i, i + size), issues: i === 0 ? (opts.issues ?? []) : [] };
    }
  }
  return { path: 'mem.csv', format: opts.format ?? 'csv', header, headerIssues: [], batches: batches(), bytesRead: () => 0 };
}

const schema = (s: object): TableSchema => parseTableSchema(JSON.stringify(s), 'schema.json');

async function errors(s: object, header: string[], rows: string[][], opts = {}) {
  const r = await validateTable(table(header, rows, opts), schema(s), {});
  return r.errors.map((e) => [e.line, e.field, e.code]);
}

describe('constraints, each passing and failing', () => {
  const cases: Array<[string, object, string, string]> = [
    ['required', { type: 'string', constraints: { required: true } }, 'x', ''],
    ['minimum', { type: 'number', constraints: { minimum: 0 } }, '0', '-0.5'],
    ['maximum', { type: 'integer', constraints: { maximum: 10 } }, '10', '11'],
    ['exclusiveMinimum', { type: 'number', constraints: { exclusiveMinimum: 0 } }, '0.1', '0'],
    ['exclusiveMaximum', { type: 'number', constraints: { exclusiveMaximum: 1 } }, '0.99', '1'],
    ['minimum', { type: 'date', constraints: { minimum: '2020-01-01' } }, '2020-01-01', '2019-12-31'],
    ['maximum', { type: 'datetime', constraints: { maximum: '2020-01-01T00:00:00Z' } }, '2019-12-31T23:59:59Z', '2020-01-01T00:00:01Z'],
    ['maximum', { type: 'time', constraints: { maximum: '12:00:00' } }, '11:59:59', '12:00:01'],
    ['minimum', { type: 'year', constraints: { minimum: 2000 } }, '2000', '1999'],
    ['enum', { type: 'string', constraints: { enum: ['a', 'b'] } }, 'b', 'c'],
    ['enum', { type: 'integer', constraints: { enum: [1, 2] } }, '02', '3'],
    ['enum', { type: 'number', constraints: { enum: ['1.5'] } }, '1.50', '1.6'],
    ['enum', { type: 'number', constraints: { enum: ['NaN', 1] } }, 'NaN', '2'],
    ['pattern', { type: 'string', constraints: { pattern: '[A-Z]{2}\\d' } }, 'AB1', 'AB12'],
    ['minLength', { type: 'string', constraints: { minLength: 2 } }, '😀😀', '😀'],
    ['maxLength', { type: 'string', constraints: { maxLength: 3 } }, 'abc', 'abcd'],
    ['unique', { type: 'integer', constraints: { unique: true } }, '1', '01'],
  ];
  for (const [code, field, ok, bad] of cases) {
    it(`${code} on ${(field as { type: string }).type}: ${JSON.stringify(ok)} passes, ${JSON.stringify(bad)} fails`, async () => {
      const s = { fields: [{ name: 'v', ...field }] };
      // The unique case needs the first value present before the duplicate.
      const rows = code === 'unique' ? [[ok], [ok === '1' ? '2' : ok]] : [[ok]];
      expect(await errors(s, ['v'], rows)).toEqual([]);
      const failing = code === 'unique' ? [[ok], [bad]] : [[ok], [bad]];
      expect(await errors(s, ['v'], failing)).toEqual([[3, 'v', code]]);
    });
  }

  it('pattern is anchored to the whole value', async () => {
    const s = { fields: [{ name: 'v', type: 'string', constraints: { pattern: 'a|b' } }] };
    expect(await errors(s, ['v'], [['a'], ['b'], ['ab'], ['xa']])).toEqual([[4, 'v', 'pattern'], [5, 'v', 'pattern']]);
  });
});

describe('missing values and types', () => {
  it('a missing value only meets required; a wrong type gets one type finding and no constraint checks', async () => {
    const s = { fields: [{ name: 'n', type: 'integer', constraints: { required: true, minimum: 5, enum: [7], unique: true } }], missingValues: ['', 'NA'] };
    const r = await validateTable(table(['n'], [['7'], ['NA'], [''], ['x'], ['x'], ['3']]), schema(s));
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'required'],
      [4, 'required'],
      [5, 'type'],
      [6, 'type'],
      [7, 'minimum'],
      [7, 'enum'],
    ]);
    expect(r.errors[3]!.message).toBe("'x' is not an integer");
    expect(r.columns[0]).toMatchObject({ missing: 2, invalid: 2 });
  });

  it('a missing value without required passes and field-level missingValues replace the schema list', async () => {
    const s = { fields: [{ name: 'a', type: 'number', constraints: { minimum: 0 } }, { name: 'b', type: 'number', missingValues: ['-'] }], missingValues: ['NA'] };
    // a: 'NA' is missing (schema list); b: '-' is missing (field list) but 'NA' is not, so it fails its type.
    expect(await errors(s, ['a', 'b'], [['NA', '-'], ['1', 'NA']])).toEqual([[3, 'b', 'type']]);
  });

  it('type failures name the expected form', async () => {
    const s = { fields: [{ name: 'd', type: 'date' }, { name: 'b', type: 'boolean' }, { name: 'e', type: 'string', format: 'email' }] };
    const r = await validateTable(table(['d', 'b', 'e'], [['2012-07-32', 'yes', 'nobody']]), schema(s));
    expect(r.errors.map((e) => e.message)).toEqual([
      "'2012-07-32' is not a date (YYYY-MM-DD)",
      "'yes' is not a boolean (true, True, TRUE, 1, false, False, FALSE, 0)",
      "'nobody' is not a string in email format",
    ]);
  });
});

describe('unique and primary keys', () => {
  it('reports each later duplicate at its own line, naming the first', async () => {
    const s = { fields: [{ name: 'id', type: 'integer' }, { name: 'v', type: 'string' }], primaryKey: 'id' };
    const r = await validateTable(table(['id', 'v'], [['1', 'a'], ['2', 'b'], ['1', 'c'], ['1', 'd'], ['', 'e']], { lines: [2, 3, 5, 9, 10] }), schema(s));
    expect(r.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [5, 'id', 'primaryKey'],
      [9, 'id', 'primaryKey'],
      [10, 'id', 'required'],
    ]);
    expect(r.errors[1]!.message).toBe("primary key (id) '1' also appears at line 2");
  });

  it('composite primary keys compare cast values of all key fields', async () => {
    const s = { fields: [{ name: 'day', type: 'date' }, { name: 'site', type: 'string' }, { name: 'x', type: 'number' }], primaryKey: ['day', 'site'] };
    const rows = [
      ['2020-01-01', 'a', '1'],
      ['2020-01-01', 'b', '1'],
      ['2020-01-02', 'a', '1'],
      ['2020-01-01', 'b', '2'],
      ['2020-01-01', 'a', '3'],
    ];
    const r = await validateTable(table(['day', 'site', 'x'], rows), schema(s));
    expect(r.errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [5, 'day, site', 'primaryKey', "primary key (day, site) '2020-01-01', 'b' also appears at line 3"],
      [6, 'day, site', 'primaryKey', "primary key (day, site) '2020-01-01', 'a' also appears at line 2"],
    ]);
    expect(r.checks).toContainEqual({ field: 'day, site', code: 'primaryKey', failures: 2 });
  });

  it('uniqueKeys (v2) check composite uniqueness; a row with a missing part is not compared', async () => {
    const s = { fields: [{ name: 'a' }, { name: 'b' }], uniqueKeys: [['a', 'b']] };
    expect(await errors(s, ['a', 'b'], [['1', 'x'], ['1', 'y'], ['1', 'x'], ['1', ''], ['1', '']])).toEqual([[4, 'a, b', 'unique']]);
  });
});

describe('header against schema (fieldsMatch)', () => {
  const fields = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
  const run = async (mode: string | undefined, header: string[]) =>
    (await validateTable(table(header, [header.map(() => 'v')]), schema({ fields, ...(mode ? { fieldsMatch: mode } : {}) }))).errors.map((e) => [e.line, e.field, e.code]);

  it('exact (default): same fields in the same order', async () => {
    expect(await run(undefined, ['a', 'b', 'c'])).toEqual([]);
    expect(await run(undefined, ['a', 'c', 'b'])).toEqual([[1, 'b', 'missing-field'], [1, 'c', 'missing-field']]);
    expect(await run('exact', ['a', 'b', 'd'])).toEqual([[1, 'c', 'missing-field'], [1, 'd', 'extra-field']]);
  });
  it('equal: same fields in any order', async () => {
    expect(await run('equal', ['c', 'a', 'b'])).toEqual([]);
    expect(await run('equal', ['c', 'a'])).toEqual([[1, 'b', 'missing-field']]);
  });
  it('subset: every schema field, extra columns allowed', async () => {
    expect(await run('subset', ['z', 'c', 'a', 'b'])).toEqual([]);
    expect(await run('subset', ['a', 'b', 'z'])).toEqual([[1, 'c', 'missing-field']]);
  });
  it('superset: only schema fields, some may be absent', async () => {
    expect(await run('superset', ['b'])).toEqual([]);
    expect(await run('superset', ['b', 'z'])).toEqual([[1, 'z', 'extra-field']]);
  });
  it('partial: at least one schema field', async () => {
    expect(await run('partial', ['z', 'b'])).toEqual([]);
    expect(await run('partial', ['y', 'z'])).toEqual([[1, null, 'missing-field']]);
  });
  it('columns are matched by name, so values are checked in the right column', async () => {
    const s = { fields: [{ name: 'n', type: 'integer' }, { name: 's', type: 'string' }], fieldsMatch: 'equal' };
    expect(await errors(s, ['s', 'n'], [['text', '1'], ['1', 'text']])).toEqual([[3, 'n', 'type']]);
  });
  it('a JSON key outside the header (reported by the reader) is an error unless fieldsMatch allows extra fields', async () => {
    const issues: ReadIssue[] = [{ line: 3, code: 'extra-field', field: 'note', message: 'key "note" is not in the header' }];
    const s = (mode: string) => ({ fields: [{ name: 'a' }], fieldsMatch: mode });
    const run = async (mode: string) => (await errors(s(mode), ['a'], [['1'], ['2']], { format: 'jsonl', issues })).map((e) => e.slice(0, 3));
    expect(await run('exact')).toEqual([[3, 'note', 'extra-field']]);
    expect(await run('superset')).toEqual([[3, 'note', 'extra-field']]);
    expect(await run('subset')).toEqual([]);
    expect(await run('partial')).toEqual([]);
    // A schema field that only appears after the first object: its values were not read, so it is always reported.
    const late: ReadIssue[] = [{ line: 3, code: 'extra-field', field: 'b', message: 'key "b" is not in the header' }];
    const r = await errors({ fields: [{ name: 'a' }, { name: 'b' }], fieldsMatch: 'subset' }, ['a'], [['1'], ['2']], { format: 'jsonl', issues: late });
    expect(r).toEqual([[1, 'b', 'missing-field'], [3, 'b', 'extra-field']]);
  });

  it('JSON key order carries no meaning: exact does not check order for keyed formats', async () => {
    const s = { fields: [{ name: 'a' }, { name: 'b' }] };
    expect(await errors(s, ['b', 'a'], [['1', '2']], { format: 'jsonl' })).toEqual([]);
  });
});

describe('row length, encoding issues, dataset rules', () => {
  it('reports each row with too few or too many cells, field null', async () => {
    const s = { fields: [{ name: 'a' }, { name: 'b' }] };
    const r = await validateTable(table(['a', 'b'], [['1', '2'], ['1'], ['1', '2', '3']]), schema(s));
    expect(r.errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [3, null, 'row-length', 'row has 1 cells but the header has 2'],
      [4, null, 'row-length', 'row has 3 cells but the header has 2'],
    ]);
  });

  it('passes reader issues through with their line', async () => {
    const issues: ReadIssue[] = [{ line: 3, code: 'encoding', message: 'bytes that are not valid UTF-8' }];
    const r = await validateTable(table(['a'], [['x'], ['y']], { issues }), schema({ fields: [{ name: 'a' }] }));
    expect(r.errors).toEqual([{ line: 3, field: null, code: 'encoding', message: 'bytes that are not valid UTF-8' }]);
    expect(r.fileFindings).toEqual({ encoding: 1 });
  });

  it('checks row count bounds and the missing share per field (line null)', async () => {
    const s = { fields: [{ name: 'a' }, { name: 'b' }], 'x-mlci': { rows: { min: 5, max: 10 }, maxMissingShare: 0.5, fields: { b: { maxMissingShare: 0.2 } } } };
    const r = await validateTable(table(['a', 'b'], [['1', ''], ['', '2'], ['', '']]), schema(s));
    // a: 2 of 3 missing (66.7% > 50%); b: 2 of 3 missing (66.7% > 20%).
    expect(r.errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [null, null, 'rows', '3 rows, fewer than the minimum 5 (x-mlci.rows.min)'],
      [null, 'a', 'missing-share', '66.7% of values are missing (2 of 3), more than the allowed 50.0% (maxMissingShare)'],
      [null, 'b', 'missing-share', '66.7% of values are missing (2 of 3), more than the allowed 20.0% (maxMissingShare)'],
    ]);
    const ok = await validateTable(table(['a', 'b'], Array.from({ length: 6 }, () => ['1', '2'])), schema(s));
    expect(ok.errors).toEqual([]);
    const many = await validateTable(table(['a', 'b'], Array.from({ length: 11 }, () => ['1', '2'])), schema(s));
    expect(many.errors.map((e) => e.message)).toEqual(['11 rows, more than the maximum 10 (x-mlci.rows.max)']);
  });
});

describe('PII', () => {
  const rows = [['ada@example.org'], ['call +44 20 7946 0958'], ['4111 1111 1111 1111'], ['GB82 WEST 1234 5698 7654 32'], ['123-45-6789'], ['plain text']];
  it('warns once per kind per column by default, without failing', async () => {
    const r = await validateTable(table(['note'], rows), schema({ fields: [{ name: 'note', type: 'string' }] }));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.line, w.code, w.message.split(' (')[0]])).toEqual([
      [2, 'pii', '1 value looks like an email address'],
      [3, 'pii', '1 value looks like a phone number'],
      [4, 'pii', '1 value looks like a payment card number'],
      [5, 'pii', '1 value looks like an IBAN'],
      [6, 'pii', '1 value looks like a US Social Security number'],
    ]);
  });
  it("is an error per cell where the schema forbids it, and silent with 'off'", async () => {
    const forbid = await validateTable(table(['note'], rows), schema({ fields: [{ name: 'note', type: 'string' }], 'x-mlci': { fields: { note: { pii: 'forbid' } } } }));
    expect(forbid.errors.map((e) => [e.line, e.code])).toEqual([2, 3, 4, 5, 6].map((l) => [l, 'pii']));
    // The value itself is never echoed.
    expect(forbid.errors[2]!.message).toBe("value looks like a payment card number (Luhn-valid) (not shown); x-mlci pii is 'forbid' for this field");
    const off = await validateTable(table(['note'], rows), schema({ fields: [{ name: 'note', type: 'string' }], 'x-mlci': { pii: 'off' } }));
    expect(off.warnings).toEqual([]);
  });
  it('does not scan numeric columns or flag checksum-invalid numbers', async () => {
    const r = await validateTable(
      table(['id', 'card'], [['4111111111111111', '4111 1111 1111 1112'], ['5', 'GB82 WEST 1234 5698 7654 33']]),
      schema({ fields: [{ name: 'id', type: 'integer' }, { name: 'card', type: 'string' }] }),
    );
    expect(r.warnings).toEqual([]);
  });
});

describe('results', () => {
  it('summarises findings per column and lists the checks that ran', async () => {
    const s = { fields: [{ name: 'n', type: 'number', constraints: { required: true, minimum: 0 } }, { name: 's', type: 'string' }] };
    const r = await validateTable(table(['n', 's'], [['-1', 'a'], ['', 'b'], ['x', 'c']]), schema(s), { displayPath: 'data/x.csv' });
    expect(r.path).toBe('data/x.csv');
    expect(r.rows).toBe(3);
    expect(r.errorCount).toBe(3);
    expect(r.columns[0]).toEqual({ name: 'n', type: 'number', present: true, missing: 1, invalid: 1, errors: { minimum: 1, required: 1, type: 1 }, warnings: {} });
    expect(r.checks.filter((c) => c.field === 'n')).toEqual([
      { field: 'n', code: 'type', failures: 1 },
      { field: 'n', code: 'required', failures: 1 },
      { field: 'n', code: 'minimum', failures: 1 },
    ]);
  });

  it('keeps at most maxErrors findings but counts them all', async () => {
    const s = { fields: [{ name: 'n', type: 'integer' }] };
    const r = await validateTable(table(['n'], Array.from({ length: 50 }, () => ['x'])), schema(s), { maxErrors: 10 });
    expect(r.errors).toHaveLength(10);
    expect(r.errorCount).toBe(50);
    expect(r.truncated).toBe(true);
  });
});

describe('profiling while validating', () => {
  it('gives the profile that feeding each cell in order gives, across batches and past the exact cap', async () => {
    const { createProfiler } = await import('../profile/profiler.js');
    const { schemaProfiler } = await import('../profile/table.js');
    const s = schema({
      fields: [
        { name: 'x', type: 'number' },
        { name: 'k', type: 'integer' },
        { name: 'c', type: 'string' },
        { name: 'b', type: 'boolean' },
        { name: 'd', type: 'date' },
      ],
    });
    const specials = ['NaN', 'INF', '-INF', '-0', '0', '', 'oops'];
    const rows: string[][] = [];
    for (let i = 0; i < 300; i++) {
      const x = i % 17 === 0 ? specials[i % specials.length]! : String(((i * 7919) % 1000) / 8 - 40);
      rows.push([x, i % 11 === 0 ? '' : String(i % 23), `cat${(i * i) % 41}`, i % 3 === 0 ? 'true' : i % 5 === 0 ? 'x' : 'false', `2020-01-${String((i % 28) + 1).padStart(2, '0')}`]);
    }
    const fields = s.fields.map((f) => ({ name: f.name, type: f.type ?? 'any' }));
    // exactCap 20: the numeric and string columns switch to sketches mid-batch.
    const profiler = createProfiler(fields, { exactCap: 20 });
    await validateTable(table(['x', 'k', 'c', 'b', 'd'], rows, { batch: 64 }), s, { profiler });
    const reference = schemaProfiler(s, { exactCap: 20 });
    for (const row of rows) reference.feed(row, [0, 1, 2, 3, 4]);
    expect(profiler.finish()).toEqual(reference.profiler.finish());
  });
});
