import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferSchema, openTable, parseTableSchema, type SchemaField, type Table } from '@mlci/core';
import { repoRoot, runCli } from '../helpers/cli.js';
import { referencePython, runPythonJson } from '../helpers/python.js';
import { testdir } from '../helpers/tmp.js';

const data = join(repoRoot, 'node_modules/vega-datasets/data');

function memTable(header: string[], rows: string[][]): Table {
  async function* batches() {
    yield { rows, lines: rows.map((_r, i) => i + 2), issues: [] };
  }
  return { path: 'm.csv', format: 'csv', header, headerIssues: [], batches: batches(), bytesRead: () => 0 };
}

const col = (values: string[]) => values.map((v) => [v]);

describe('inferSchema: the most specific type that fits every value', () => {
  const cases: Array<[string, string[], Partial<SchemaField>]> = [
    ['integers', ['1', '-2', '+3', ''], { type: 'integer' }],
    ['integers and decimals', ['1', '2.5', 'NaN'], { type: 'number' }],
    ['0/1 is integer, not boolean', ['0', '1', '1'], { type: 'integer' }],
    ['true/false words', ['true', 'False', '1'], { type: 'boolean' }],
    ['ISO dates', ['2020-01-31', '2020-02-29'], { type: 'date' }],
    ['US dates', ['01/31/2020', '12/01/2020'], { type: 'date', format: '%m/%d/%Y' }],
    ['day-first dates', ['31/01/2020', '01/12/2020'], { type: 'date', format: '%d/%m/%Y' }],
    ['ISO datetimes', ['2020-01-31T10:00:00Z', '2020-02-29T23:59:59.5+01:00'], { type: 'datetime' }],
    ['space datetimes', ['2020-01-31 10:00:00', '2020-02-29 23:59:59'], { type: 'datetime', format: '%Y-%m-%d %H:%M:%S' }],
    ['times', ['10:00:00', '23:59:59'], { type: 'time' }],
    ['an impossible date makes it a string', ['2020-01-31', '2020-02-30', '2020-01-31'], { type: 'string' }],
    ['anything else', ['1', 'two', '3'], { type: 'string' }],
  ];
  for (const [what, values, expected] of cases) {
    it(what, async () => {
      const s = await inferSchema(memTable(['v'], col(values)));
      expect(s.fields[0]).toMatchObject(expected);
      if (!('format' in expected)) expect(s.fields[0]!.format).toBeUndefined();
    });
  }

  it('required only when no value is missing; an all-missing column is a string', async () => {
    const s = await inferSchema(memTable(['a', 'b', 'c'], [['1', '', ''], ['2', 'x', '']]));
    expect(s.fields.map((f) => [f.name, f.type, f.constraints?.required ?? false])).toEqual([
      ['a', 'integer', true],
      ['b', 'string', false],
      ['c', 'string', false],
    ]);
  });

  it('enum for strings with at most 100 distinct values, not for all-distinct or larger sets', async () => {
    const cats = Array.from({ length: 300 }, (_v, i) => `c${i % 100}`);
    const many = Array.from({ length: 300 }, (_v, i) => `c${i % 101}`);
    const ids = Array.from({ length: 50 }, (_v, i) => `id-${i}`);
    const s = await inferSchema(memTable(['cats', 'many', 'ids'], cats.map((c, i) => [c, many[i]!, ids[i % 50]!])));
    expect(s.fields[0]!.constraints!.enum).toHaveLength(100);
    expect(s.fields[1]!.constraints?.enum).toBeUndefined();
    expect(s.fields[2]!.constraints?.enum).toHaveLength(50); // 300 rows over 50 ids: they repeat, so they are categories
    const unique = await inferSchema(memTable(['ids'], col(ids)));
    expect(unique.fields[0]!.constraints?.enum).toBeUndefined();
    const limited = await inferSchema(memTable(['cats'], col(cats)), { enumLimit: 10 });
    expect(limited.fields[0]!.constraints?.enum).toBeUndefined();
  });

  it('notes the observed range in x-mlci-observed', async () => {
    const s = await inferSchema(memTable(['n', 'd', 's'], [['5', '2020-03-01', 'ab'], ['-2', '2019-12-31', 'abcd'], ['', '2020-01-01', 'ab']]));
    expect(s.fields.map((f) => f['x-mlci-observed'])).toEqual([
      { rows: 3, missing: 1, distinct: 2, min: -2, max: 5 },
      { rows: 3, missing: 0, distinct: 3, min: '2019-12-31', max: '2020-03-01' },
      { rows: 3, missing: 0, distinct: 2, minLength: 2, maxLength: 4 },
    ]);
  });

  it('reads only the sample when maxRows is set', async () => {
    const s = await inferSchema(memTable(['v'], col(['1', '2', 'x'])), { maxRows: 2 });
    expect(s.fields[0]).toMatchObject({ type: 'integer', 'x-mlci-observed': { rows: 2 } });
  });
});

describe('mlci schema infer on real data', () => {
  it('seattle-weather.csv: types, required, enum and ranges match pandas', async (ctx) => {
    const r = await runCli(['schema', 'infer', join(data, 'seattle-weather.csv')]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.fields.map((f: SchemaField) => [f.name, f.type, f.constraints?.required])).toEqual([
      ['date', 'date', true],
      ['precipitation', 'number', true],
      ['temp_max', 'number', true],
      ['temp_min', 'number', true],
      ['wind', 'number', true],
      ['weather', 'string', true],
    ]);
    const python = referencePython();
    if (!python) ctx.skip('Debian python3 with pandas not available for reference ranges');
    const ref = runPythonJson<Record<string, { min: unknown; max: unknown; missing: number }>>(
      python!,
      `import pandas as pd, json
df = pd.read_csv(${JSON.stringify(join(data, 'seattle-weather.csv'))})
out = {c: {'min': (df[c].min() if df[c].dtype != object else None), 'max': (df[c].max() if df[c].dtype != object else None), 'missing': int(df[c].isna().sum())} for c in df.columns}
out['date'] = {'min': df['date'].min(), 'max': df['date'].max(), 'missing': 0}
out['weather']['distinct'] = sorted(df['weather'].unique().tolist())
print(json.dumps(out, default=float))`,
    );
    for (const f of schema.fields) {
      const o = f['x-mlci-observed'];
      expect(o.rows).toBe(1461);
      expect(o.missing).toBe(ref[f.name]!.missing);
      if (f.name !== 'weather') expect([f.name, o.min, o.max]).toEqual([f.name, ref[f.name]!.min, ref[f.name]!.max]);
    }
    expect(schema.fields[5].constraints.enum).toEqual((ref.weather as unknown as { distinct: string[] }).distinct);
  });

  it('penguins.json: integers stay integers, missing values are not required (checked with Python json)', async (ctx) => {
    const dir = testdir();
    const r = await runCli(['schema', 'infer', join(data, 'penguins.json'), '--out', 'penguins.schema.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('wrote penguins.schema.yaml: 7 fields\n');
    const schema = parseTableSchema(readFileSync(join(dir, 'penguins.schema.yaml'), 'utf8'), 'penguins.schema.yaml');
    const python = referencePython();
    if (!python) ctx.skip('Debian python3 not available for the reference');
    const ref = runPythonJson<Record<string, { type: string; missing: number; min?: number; max?: number; enum?: string[] }>>(
      python!,
      `import json
rows = json.load(open(${JSON.stringify(join(data, 'penguins.json'))}))
out = {}
for k in rows[0]:
    vals = [r.get(k) for r in rows]
    present = [v for v in vals if v is not None and v != '']
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        t = 'integer' if all(float(v).is_integer() for v in present) else 'number'
        out[k] = {'type': t, 'missing': len(vals) - len(present), 'min': min(present), 'max': max(present)}
    else:
        out[k] = {'type': 'string', 'missing': len(vals) - len(present), 'enum': sorted(set(present))}
print(json.dumps(out))`,
    );
    for (const f of schema.fields) {
      const want = ref[f.name]!;
      const o = f['x-mlci-observed'] as { missing: number; min?: number; max?: number };
      expect([f.name, f.type, o.missing, f.constraints?.required ?? false]).toEqual([f.name, want.type, want.missing, want.missing === 0]);
      if (want.type !== 'string') expect([o.min, o.max]).toEqual([want.min, want.max]);
      else expect(f.constraints?.enum).toEqual(want.enum);
    }
  });

  it('round trip: an inferred schema validates the data it came from', async () => {
    for (const file of ['seattle-weather.csv', 'penguins.json', 'github.csv', 'zipcodes.csv', 'flights-2k.json']) {
      const dir = testdir();
      const inferred = await runCli(['schema', 'infer', join(data, file), '--all', '--out', 'schema.json'], { cwd: dir });
      expect(inferred.code, file).toBe(0);
      const r = await runCli(['validate', join(data, file), '--schema', 'schema.json'], { cwd: dir });
      expect([file, r.code, r.stderr]).toEqual([file, 0, '']);
    }
  });

  it('YAML output, sampling note and bad input', async () => {
    const dir = testdir({ 'd.csv': 'a,b\n1,x\n2,y\n3,z\n' });
    const y = await runCli(['schema', 'infer', 'd.csv', '--format', 'yaml', '--sample', '2'], { cwd: dir });
    expect(y.code).toBe(0);
    expect(y.stdout).toMatch(/^fields:\n {2}- name: a\n {4}type: integer\n/);
    expect(y.stderr).toBe('note: inferred from the first 2 rows; pass --all to read the whole file\n');
    const missing = await runCli(['schema', 'infer', 'nope.csv'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^mlci: error: mlci schema infer: data file not found: nope\.csv\. .*\n$/);
    const none = await runCli(['schema', 'infer'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^mlci: error: mlci schema infer: no data file given\. Usage: mlci schema infer/);
    const fmt = await runCli(['schema', 'infer', 'd.csv', '--format', 'xml'], { cwd: dir });
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toBe("mlci: error: --format: 'xml' is not an output format. Use json or yaml\n");
    writeFileSync(join(dir, 'e.csv'), '');
    const empty = await runCli(['schema', 'infer', 'e.csv'], { cwd: dir });
    expect(empty.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(empty.stderr).not.toMatch(/\n\s+at /);
  });

  it('openTable + inferSchema is the public API the command uses', async () => {
    const s = await inferSchema(await openTable(join(data, 'seattle-weather.csv'), { maxRows: 10 }), { maxRows: 10 });
    expect(s.fields[0]!['x-mlci-observed']).toMatchObject({ rows: 10, min: '2012-01-01', max: '2012-01-10' });
  });
});
