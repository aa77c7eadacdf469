import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateFiles, type ValidationResult } from '@mlci/core';
import { repoRoot, runCli } from '../helpers/cli.js';
import { referencePython, runPythonJson } from '../helpers/python.js';
import { testdir } from '../helpers/tmp.js';

const vega = join(repoRoot, 'node_modules/vega-datasets');
// vega-datasets ships datapackage.json at the package root but its files in data/, while resource paths are bare
// file names ("airports.csv"): the descriptor's own paths are wrong for the npm layout, so the data directory is
// given as the base path (frictionless' `basepath`).
const base = join(vega, 'data');

/**
 * An independent reference in Python (stdlib csv/json only): for every tabular resource, the findings a Table Schema
 * v2 validator must report, counted per code. It mirrors the rules, not our code: default formats (ISO dates), header =
 * CSV first row or the first JSON object's keys, a later JSON key outside that header reported once.
 */
const REFERENCE = String.raw`
import csv, json, re, sys, os, datetime
desc = json.load(open(DESC)); base = BASE
INT = re.compile(r'^[+-]?\d+$'); NUM = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')
DATETIME = re.compile(r'^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$')
def iso_date(s):
    if not re.match(r'^\d{4}-\d{2}-\d{2}$', s): return False
    try: datetime.date(int(s[:4]), int(s[5:7]), int(s[8:])); return True
    except ValueError: return False
def text(v):
    if v is None: return ''
    if v is True: return 'true'
    if v is False: return 'false'
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21: return str(int(v))
    if isinstance(v, (int, float)): return repr(v)
    if isinstance(v, str): return v
    return json.dumps(v)
def ok(t, s):
    if t == 'integer': return bool(INT.match(s))
    if t == 'number': return bool(NUM.match(s)) or s in ('NaN', 'INF', '-INF')
    if t == 'date': return iso_date(s)
    if t == 'datetime':
        m = DATETIME.match(s)
        return bool(m) and iso_date(m.group(1)) and int(m.group(2)) < 24 and int(m.group(3)) < 60 and int(m.group(4)) <= 60
    return True
out = {}
for r in desc['resources']:
    if 'schema' not in r or r.get('format') not in ('csv', 'tsv', 'json'): continue
    fields = r['schema']['fields']; names = [f['name'] for f in fields]
    counts = {}
    def add(code): counts[code] = counts.get(code, 0) + 1
    path = os.path.join(base, r['path'])
    if r['format'] == 'json':
        data = json.load(open(path, encoding='utf-8'))
        header = list(data[0].keys()); extra_seen = set()
        rows = []
        for obj in data:
            for k in obj:
                if k not in header and k not in extra_seen: extra_seen.add(k); add('extra-field')
            rows.append([text(obj.get(k)) for k in header])
        ordered = False
    else:
        delim = (r.get('dialect') or {}).get('csv', {}).get('delimiter', ',' if r['format'] == 'csv' else '\t')
        with open(path, newline='', encoding='utf-8') as fh: allrows = list(csv.reader(fh, delimiter=delim))
        header, rows = allrows[0], allrows[1:]
        ordered = True
    for n in names:
        if n not in header: add('missing-field')
    for h in header:
        if h not in names: add('extra-field')
    if ordered and set(names) == set(header) and names != header:
        for i, n in enumerate(names):
            if header.index(n) != i: add('missing-field')
    col = {n: header.index(n) for n in names if n in header}
    for row in rows:
        if ordered and len(row) != len(header): add('row-length')
        for f in fields:
            i = col.get(f['name'])
            if i is None or i >= len(row) or row[i] == '': continue
            if not ok(f.get('type', 'any'), row[i]): add('type')
    out[r['name']] = {'rows': len(rows), 'errors': counts}
print(json.dumps(out))
`;

describe('vega-datasets datapackage.json: every tabular resource', () => {
  let result: ValidationResult;
  beforeAll(async () => {
    result = await validateFiles({ data: [join(vega, 'datapackage.json')], cwd: repoRoot, basePath: base });
  });

  it('reports the arrow and parquet resources as skipped with a reason, never as passes', () => {
    const skipped = result.files.filter((f) => f.skipped !== undefined).map((f) => [f.resource, f.skipped]);
    expect(skipped).toEqual([
      ['flights_200k_arrow', expect.stringMatching(/^arrow files cannot be read by mlci .*not validated$/)],
      ['flights_3m', expect.stringMatching(/^parquet files cannot be read by mlci .*not validated$/)],
    ]);
    expect(result.skippedCount).toBe(2);
  });

  it('validates every other tabular resource; row counts and findings per code match an independent Python check', (ctx) => {
    const python = referencePython();
    if (!python) ctx.skip('Debian python3 not available for the reference check');
    const reference = runPythonJson<Record<string, { rows: number; errors: Record<string, number> }>>(
      python!,
      `DESC = ${JSON.stringify(join(vega, 'datapackage.json'))}\nBASE = ${JSON.stringify(base)}\n${REFERENCE}`,
    );
    const ours: Record<string, { rows: number; errors: Record<string, number> }> = {};
    for (const f of result.files) {
      if (f.skipped !== undefined) continue;
      const counts: Record<string, number> = {};
      for (const e of f.errors) counts[e.code] = (counts[e.code] ?? 0) + 1;
      ours[f.resource!] = { rows: f.rows, errors: counts };
    }
    // 61 resources have a schema; two of them (arrow, parquet) are skipped above.
    expect(Object.keys(ours)).toHaveLength(59);
    expect(ours).toEqual(reference);
  }, 120_000);

  it('where the real data breaks its own schema, the findings say why', () => {
    const failing = Object.fromEntries(
      result.files
        .filter((f) => f.errorCount > 0)
        .map((f) => [f.resource, [...new Set(f.errors.map((e) => `${e.field ?? ''} ${e.code}`))].sort()]),
    );
    expect(failing).toEqual({
      // Miles_per_Gallon is declared integer, but 139 cars have fractional values such as 17.5.
      cars: ['Miles_per_Gallon type'],
      // Objects after the first carry keys the schema does not declare (p_fertility, p_life_expect; flare's tree
      // links parent and size; a monarch's commonwealth flag): under the default fieldsMatch 'exact' they are errors.
      countries: ['p_fertility extra-field', 'p_life_expect extra-field'],
      flare: ['parent extra-field', 'size extra-field'],
      monarchs: ['commonwealth extra-field'],
      // Dates declared with the default (ISO 8601) format but written otherwise: the descriptor lacks a `format`.
      flights_10k: ['date type'], // '2001/01/01 00:47'
      flights_20k: ['date type'],
      flights_2k: ['date type'],
      flights_5k: ['date type'],
      movies: ['Release Date type'], // 'Jun 12 1998'
      political_contributions: ['Coverage_End_Date type'], // '01/31/2015'
      sp500: ['date type'], // 'Jan 1 2000'
      stocks: ['date type'], // 'Jan 1 2000'
    });
    const cars = result.files.find((f) => f.resource === 'cars')!;
    expect(cars.errors[0]).toEqual({ line: 2136, field: 'Miles_per_Gallon', code: 'type', message: "'17.5' is not an integer" });
    // The line is the line of the object in the pretty-printed file: check it against the file itself.
    const carsText = readFileSync(join(base, 'cars.json'), 'utf8').split('\n');
    expect(carsText.slice(2135, 2140).join('\n')).toContain('"Miles_per_Gallon":17.5');
    expect(carsText[2135]!.trim()).toBe('{');
  });

  it('with the missing formats supplied, the date resources validate', async () => {
    const desc = JSON.parse(readFileSync(join(vega, 'datapackage.json'), 'utf8'));
    const fix: Record<string, [string, string]> = {
      flights_2k: ['date', '%Y/%m/%d %H:%M'],
      movies: ['Release Date', '%b %d %Y'],
      political_contributions: ['Coverage_End_Date', '%m/%d/%Y'],
      sp500: ['date', '%b %d %Y'],
    };
    desc.resources = desc.resources.filter((r: { name: string }) => r.name in fix);
    for (const r of desc.resources) {
      const [field, format] = fix[r.name]!;
      r.schema.fields.find((f: { name: string }) => f.name === field).format = format;
    }
    const dir = testdir({ 'datapackage.json': JSON.stringify(desc) });
    const r = await runCli(['validate', 'datapackage.json', '--base-path', base], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid: 0 errors, \d+ warnings? in 4 files/);
  });

  it('the CLI takes the descriptor as --schema or as the data, and writes a profile per resource', async () => {
    const dir = testdir();
    const r = await runCli(['validate', '--schema', join(vega, 'datapackage.json'), join(base, 'seattle-weather.csv'), '--base-path', base, '--out', 'o'], { cwd: dir });
    expect(r.code).toBe(0);
    const v = JSON.parse(readFileSync(join(dir, 'o/validation.json'), 'utf8'));
    expect(v.files).toHaveLength(1);
    expect(v.files[0]).toMatchObject({ resource: 'seattle_weather', rows: 1461, errors: [] });
    const profile = JSON.parse(readFileSync(join(dir, 'o/profile.json'), 'utf8'));
    expect(profile.resources.map((p: { name: string }) => p.name)).toEqual(['seattle_weather']);
    expect(profile.resources[0].profile.rows).toBe(1461);
    const bad = await runCli(['validate', 'datapackage.json'], { cwd: join(vega) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mlci: error: datapackage\.json: resources\[1\]\.path: data file of resource 'airports' not found: airports\.csv\. .*base path\n$/);
  });

  it('descriptor features: dialect (delimiter, no header), schema by path, multi-file resources, inline data skipped', async () => {
    const pkg = {
      name: 'small',
      resources: [
        {
          name: 'readings',
          path: 'readings.csv',
          format: 'csv',
          dialect: { delimiter: ';', header: false },
          schema: { fields: [{ name: 'station', type: 'string' }, { name: 'value', type: 'number', constraints: { minimum: 0 } }] },
        },
        { name: 'days', path: ['days-1.csv', 'days-2.csv'], schema: 'days.schema.yaml' },
        { name: 'inline', data: [{ a: 1 }], schema: { fields: [{ name: 'a', type: 'integer' }] } },
        { name: 'logo', path: 'logo.png', format: 'png' },
      ],
    };
    const dir = testdir({
      'pkg/datapackage.json': JSON.stringify(pkg, null, 2),
      'pkg/readings.csv': 'a;1.5\nb;-2\nc;x\n',
      'pkg/days.schema.yaml': 'fields:\n  - name: day\n    type: date\nprimaryKey: day\n',
      'pkg/days-1.csv': 'day\n2020-01-01\n2020-01-02\n',
      'pkg/days-2.csv': 'day\n2020-01-03\n2020-02-30\n',
    });
    const r = await runCli(['validate', 'pkg/datapackage.json', '--out', 'o'], { cwd: dir });
    expect(r.code).toBe(1);
    const v = JSON.parse(readFileSync(join(dir, 'o/validation.json'), 'utf8'));
    expect(v.files.map((f: { path: string; resource: string; rows: number; skipped?: string }) => [f.path, f.resource, f.rows, f.skipped ?? null])).toEqual([
      ['pkg/readings.csv', 'readings', 3, null],
      ['pkg/days-1.csv', 'days', 2, null],
      ['pkg/days-2.csv', 'days', 2, null],
      ['pkg/datapackage.json#inline', 'inline', 0, 'inline data (resource.data) is not validated by mlci; store the rows in a file and set resource.path'],
    ]);
    // No header row: the first data row is line 1 and columns map to fields by position.
    expect(v.files[0].errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [2, 'value', 'minimum'],
      [3, 'value', 'type'],
    ]);
    expect(v.files[2].errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([[3, 'day', 'type']]);
    expect(r.stdout).toContain('SKIP pkg/datapackage.json#inline (inline): inline data');
    const profile = JSON.parse(readFileSync(join(dir, 'o/profile.json'), 'utf8'));
    expect(profile.resources.map((p: { name: string; profile: { rows: number } }) => [p.name, p.profile.rows])).toEqual([
      ['readings', 3],
      ['days', 4],
    ]);
  });
});
