import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileCaster, createProfiler, formatCsv, openTable, parseTableSchema, validateTable, type TableSchema } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';

// Packed reading hands the engine unquoted rows as text + cell offsets, and the engine reads numbers, dates and
// booleans in place; repeated text values reuse their first check (TextMemo). These tests check both find exactly
// what reading one string per cell and checking every cell afresh finds, profile included.

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
// Valid and invalid texts per type, with the edge cases of each fast path.
const cells: Record<string, fc.Arbitrary<string>> = {
  id: fc.oneof(fc.integer({ min: -3, max: 40 }).map(String), pick('', '01', '+7', '9007199254740993', '9007199254740993', 'x', '1.0')),
  amount: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), fc.integer({ min: -5, max: 5 }).map((n) => (n / 4).toFixed(2)), pick('', '1e3', '.5', '5.', '-0', '+0.25', 'NaN', 'INF', '-INF', '1,5', ' 1', '12345678901234567', '0.1234567890123456789', '-', '.')),
  day: pick('2020-01-01', '2019-12-31', '2020-02-29', '2021-02-29', '2020-1-01', '', 'NA', '20200101', '2020-13-01', '2024-07-15'),
  flag: pick('true', 'false', 'True', 'FALSE', '1', '0', 'yes', '', 'tru', 'true '),
  label: pick('a', 'b', 'c', 'a,b', 'say "hi"', 'two\nlines', '', 'NA', 'é', 'jane@example.com', '4111 1111 1111 1111', 'x'.repeat(12)),
  note: fc.string({ maxLength: 8 }),
};
const names = Object.keys(cells);
const row = fc.tuple(...names.map((n) => cells[n]!));
// Mostly full rows; some short or long ones (row-length findings, and the unpacked path for them).
const ragged = fc.oneof({ weight: 8, arbitrary: row }, { weight: 1, arbitrary: row.map((r) => r.slice(0, 3)) }, { weight: 1, arbitrary: row.map((r) => [...r, 'extra']) });

const schemas: TableSchema[] = [
  {
    fields: [
      { name: 'id', type: 'integer', constraints: { unique: true, minimum: 0 } },
      { name: 'amount', type: 'number', constraints: { maximum: 1000, exclusiveMinimum: -500 } },
      { name: 'day', type: 'date', missingValues: ['', 'NA'], constraints: { minimum: '2020-01-01' } },
      { name: 'flag', type: 'boolean', constraints: { required: true } },
      { name: 'label', type: 'string', constraints: { enum: ['a', 'b', 'c', 'a,b'], maxLength: 3 } },
      { name: 'note', type: 'string', constraints: { pattern: '[a-z]*' } },
    ],
    'x-mlci': { maxMissingShare: 0.2 },
  },
  {
    fields: [
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'number', bareNumber: false },
      { name: 'day', type: 'string', format: 'default' },
      { name: 'flag', type: 'boolean', trueValues: ['true', 'yes'], falseValues: ['false', ''] },
      { name: 'label', type: 'any' },
      { name: 'note', type: 'integer' },
    ],
    primaryKey: ['id', 'label'],
    missingValues: ['NA'],
  },
].map((s) => parseTableSchema(JSON.stringify(s), 'schema.json'));

const dir = testdir();

async function run(path: string, schema: TableSchema, packed: boolean, batchRows: number, memoText = true) {
  const profiler = createProfiler(schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any' })));
  const table = await openTable(path, { packed, batchRows, delimiter: ',' });
  const result = await validateTable(table, schema, { profiler, memoText });
  return { result, profile: profiler.finish() };
}

describe('packed rows and memoized text checks validate exactly like one string per cell checked afresh', () => {
  schemas.forEach((schema, i) => {
    test(`schema ${i + 1}: findings, counts, checks and profile are equal`, async () => {
      const path = join(dir, `packed-${i}.csv`);
      await fc.assert(
        fc.asyncProperty(fc.array(ragged, { maxLength: 40 }), fc.constantFrom(1, 3, 2048), async (rows, batchRows) => {
          writeFileSync(path, formatCsv(names, rows));
          const reference = await run(path, schema, false, batchRows, false);
          // The cast fast paths against the schema's compiled casters, cell by cell: invalid counts per column.
          const invalid = schema.fields.map((field, c) => {
            const cast = compileCaster(field);
            const missing = field.missingValues ?? schema.missingValues ?? [''];
            return rows.filter((r) => c < r.length && !missing.includes(r[c]!) && cast(r[c]!) === undefined).length;
          });
          expect(reference.result.columns.map((c) => c.invalid)).toEqual(invalid);
          for (const packed of [false, true]) {
            const read = await run(path, schema, packed, batchRows);
            expect(read.result, `packed ${packed}`).toEqual(reference.result);
            expect(read.profile, `packed ${packed}`).toEqual(reference.profile);
          }
        }),
        { numRuns: 150 },
      );
    });
  });

  test('the fast paths do find what they should (the property is not vacuous)', async () => {
    const path = join(dir, 'packed-known.csv');
    writeFileSync(path, formatCsv(names, [['1', '2000', '2019-12-31', 'tru', 'd', 'x'], ['1', '5.', '2020-02-30', 'TRUE', 'a', 'y']]));
    const { result } = await run(path, schemas[0]!, true, 2048);
    expect(result.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'amount', 'maximum'],
      [2, 'day', 'minimum'],
      [2, 'flag', 'type'],
      [2, 'label', 'enum'],
      [3, 'id', 'unique'],
      [3, 'day', 'type'],
    ]);
    expect(result.errors[0]!.message).toBe("'2000' is greater than the maximum 1000");
  });

  test('columns that outgrow the memo (over 256 values, or values it cannot tell apart cheaply) read the same', async () => {
    const path = join(dir, 'packed-many.csv');
    const d = (i: number) => String(i).padStart(3, '0');
    // label: 300 distinct values, each twice, some failing maxLength; note: one hash for all (same length and sampled characters).
    const rows = Array.from({ length: 1200 }, (_, i) => [String(i), '1', '', 'true', i % 7 === 0 ? `long${i % 300}` : `v${i % 300}`, `ab${d(i % 250)}c${d(i % 250)}yz`]);
    writeFileSync(path, formatCsv(names, rows));
    for (const batchRows of [100, 2048]) {
      const reference = await run(path, schemas[1]!, false, batchRows, false);
      const read = await run(path, schemas[1]!, true, batchRows);
      expect(read.result).toEqual(reference.result);
      expect(read.profile).toEqual(reference.profile);
    }
    const reference = await run(path, schemas[0]!, false, 2048, false);
    const read = await run(path, schemas[0]!, true, 2048);
    expect(read.result).toEqual(reference.result);
    expect(read.profile).toEqual(reference.profile);
    expect(read.result.errors.filter((e) => e.code === 'maxLength').length).toBeGreaterThan(100);
  });

  test('a repeated text value that failed a check fails at every occurrence', async () => {
    const path = join(dir, 'packed-repeats.csv');
    const rows = ['a', 'd', 'a', 'd', 'jane@example.com', 'jane@example.com', 'a'].map((label) => ['1', '1', '', 'true', label, 'x']);
    writeFileSync(path, formatCsv(names, rows.map((r, i) => [String(i), ...r.slice(1)])));
    const { result } = await run(path, schemas[0]!, true, 2048);
    expect(result.errors.filter((e) => e.field === 'label').map((e) => [e.line, e.code])).toEqual([[3, 'enum'], [5, 'enum'], [6, 'enum'], [6, 'maxLength'], [7, 'enum'], [7, 'maxLength']]);
    expect(result.warnings.map((w) => [w.line, w.field, w.code])).toEqual([[6, 'label', 'pii']]);
    expect(result.warnings[0]!.message).toMatch(/^2 values look like/);
  });
});
