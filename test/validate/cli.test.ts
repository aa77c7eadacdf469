import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

const fixtures = join(repoRoot, 'test/fixtures/validate');
const weatherSchema = readFileSync(join(fixtures, 'weather.schema.json'), 'utf8');
const feed = readFileSync(join(repoRoot, 'examples/weather/data/seattle-weather-feed.csv'), 'utf8');
const clean = readFileSync(join(repoRoot, 'examples/weather/data/seattle-weather.csv'), 'utf8');

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

function expectOneLineError(stderr: string, pattern: RegExp) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('mlci validate', () => {
  it('exits 0 on valid data and writes validation.json, profile.json and junit.xml', async () => {
    const dir = testdir({ 'data/weather.csv': clean, 'schema.json': weatherSchema });
    const r = await runCli(['validate', 'data/weather.csv', '--schema', 'schema.json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PASS data/weather.csv: 1461 rows, 0 errors');
    const out = join(dir, '.mlci/validate');
    expect(readJson(join(out, 'validation.json'))).toEqual({
      valid: true,
      errorCount: 0,
      warningCount: 0,
      files: [{ path: 'data/weather.csv', rows: 1461, errors: [], warnings: [] }],
    });
    const profile = readJson(join(out, 'profile.json'));
    expect(profile.rows).toBe(1461);
    expect(profile.columns.map((c: { name: string }) => c.name)).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="mlci validate" tests="\d+" failures="0"/);
  });

  it('exits 1 on the example feed and reports each documented defect at its line', async () => {
    const dir = testdir({ 'feed.csv': feed, 'schema.yaml': readFileSync(join(fixtures, 'weather.schema.yaml'), 'utf8') });
    const r = await runCli(['validate', 'feed.csv', '--schema', 'schema.yaml', '--out', 'report'], { cwd: dir });
    expect(r.code).toBe(1);
    const v = readJson(join(dir, 'report/validation.json'));
    expect(v.valid).toBe(false);
    // The defects and their lines are listed in examples/weather/README.md, where they were introduced by hand.
    expect(v.files[0].errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [38, 'precipitation', 'minimum'],
      [59, 'temp_max', 'required'],
      [122, 'weather', 'enum'],
      [151, 'date', 'primaryKey'],
      [205, 'date', 'type'],
      [252, 'temp_min', 'type'],
      [313, null, 'row-length'],
    ]);
    expect(v.errorCount).toBe(7);
    expect(r.stdout).toContain('FAIL feed.csv: 400 rows, 7 errors');
    expect(r.stdout).toContain("feed.csv:151: date: primary key (date) '2012-05-28' also appears at line 150 [primaryKey]");
    expect(r.stdout).toContain('invalid: 7 errors, 0 warnings in 1 file; report in report/validation.json');
    const junit = readFileSync(join(dir, 'report/junit.xml'), 'utf8');
    expect(junit).toContain('<testcase classname="feed.csv" name="precipitation minimum">');
    expect(junit).toContain('<failure message="1 finding" type="minimum">feed.csv:38: precipitation: &apos;-3.0&apos; is less than the minimum 0</failure>');
  });

  it('reports a row whose quoted field spans lines at the line where it starts', async () => {
    const csv = 'id,note,n\n1,"first\nline",5\n2,plain,-1\n1,"a ""quoted""\nmulti\nline",3\n3,x,4\n';
    const schema = { fields: [{ name: 'id', type: 'integer', constraints: { unique: true } }, { name: 'note', type: 'string' }, { name: 'n', type: 'integer', constraints: { minimum: 0 } }] };
    const dir = testdir({ 'd.csv': csv, 's.json': JSON.stringify(schema) });
    const r = await runCli(['validate', 'd.csv', '-s', 's.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const v = readJson(join(dir, '.mlci/validate/validation.json'));
    // Lines by hand: header 1; row 1 on lines 2–3; row 2 on line 4; row 3 on lines 5–7; row 4 on line 8.
    expect(v.files[0].errors).toEqual([
      { line: 4, field: 'n', code: 'minimum', message: "'-1' is less than the minimum 0" },
      { line: 5, field: 'id', code: 'unique', message: "'1' also appears at line 2 (unique)" },
    ]);
  });

  it('validates several files and globs, gzip included, with one merged profile', async () => {
    const lines = clean.trimEnd().split('\n');
    const header = lines[0]!;
    const a = [header, ...lines.slice(1, 701)].join('\n') + '\n';
    const b = [header, ...lines.slice(701)].join('\n') + '\n';
    const dir = testdir({ 'parts/a.csv': a, 'parts/b.csv.gz': gzipSync(b), 'schema.json': weatherSchema });
    const r = await runCli(['validate', 'parts/*.csv*', '--schema', 'schema.json', '--out', 'o'], { cwd: dir });
    expect(r.code).toBe(0);
    const v = readJson(join(dir, 'o/validation.json'));
    expect(v.files.map((f: { path: string; rows: number }) => [f.path, f.rows])).toEqual([
      ['parts/a.csv', 700],
      ['parts/b.csv.gz', 761],
    ]);
    expect(readJson(join(dir, 'o/profile.json')).rows).toBe(1461);
  });

  it('caps the console at 20 findings and points at validation.json for the rest', async () => {
    const rows = Array.from({ length: 45 }, (_v, i) => `${i},x`).join('\n');
    const dir = testdir({ 'd.csv': `n,s\n${rows}\n`, 's.json': JSON.stringify({ fields: [{ name: 'n', type: 'integer', constraints: { maximum: 9 } }, { name: 's' }] }) });
    const r = await runCli(['validate', 'd.csv', '--schema', 's.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('  d.csv:'))).toHaveLength(20);
    expect(r.stdout).toContain('  … and 15 more; all findings in .mlci/validate/validation.json');
    expect(readJson(join(dir, '.mlci/validate/validation.json')).files[0].errors).toHaveLength(35);
  });

  it('PII warnings do not fail by default; --fail-on warning fails on them; forbid makes them errors', async () => {
    const csv = 'id,contact\n1,ada@example.org\n2,none\n';
    const dir = testdir({
      'd.csv': csv,
      'warn.json': JSON.stringify({ fields: [{ name: 'id', type: 'integer' }, { name: 'contact', type: 'string' }] }),
      'forbid.json': JSON.stringify({ fields: [{ name: 'id', type: 'integer' }, { name: 'contact', type: 'string' }], 'x-mlci': { fields: { contact: { pii: 'forbid' } } } }),
    });
    const warn = await runCli(['validate', 'd.csv', '--schema', 'warn.json'], { cwd: dir });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toContain('d.csv:2: contact: 1 value looks like an email address');
    expect(warn.stdout).toContain('[pii, warning]');
    const v = readJson(join(dir, '.mlci/validate/validation.json'));
    expect(v).toMatchObject({ valid: true, errorCount: 0, warningCount: 1 });
    expect(v.files[0].warnings[0]).toMatchObject({ line: 2, field: 'contact', code: 'pii' });
    expect((await runCli(['validate', 'd.csv', '--schema', 'warn.json', '--fail-on', 'warning'], { cwd: dir })).code).toBe(1);
    const forbid = await runCli(['validate', 'd.csv', '--schema', 'forbid.json'], { cwd: dir });
    expect(forbid.code).toBe(1);
    expect(readJson(join(dir, '.mlci/validate/validation.json')).files[0].errors).toEqual([
      { line: 2, field: 'contact', code: 'pii', message: "value looks like an email address (not shown); x-mlci pii is 'forbid' for this field" },
    ]);
  });

  it('passes encoding findings from the reader through', async () => {
    const bytes = Buffer.concat([Buffer.from('name,n\nok,1\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(',2\n')]);
    const dir = testdir({ 'd.csv': bytes, 's.json': JSON.stringify({ fields: [{ name: 'name', type: 'string' }, { name: 'n', type: 'integer' }] }) });
    const r = await runCli(['validate', 'd.csv', '--schema', 's.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const errors = readJson(join(dir, '.mlci/validate/validation.json')).files[0].errors;
    expect(errors.map((e: { line: number; code: string; field: string | null }) => [e.line, e.field, e.code])).toEqual([[3, null, 'encoding']]);
  });
});

describe('mlci validate: bad input is exit 2 with one line and no stack trace', () => {
  const schema = JSON.stringify({ fields: [{ name: 'a', type: 'integer' }] });

  it('missing data file', async () => {
    const dir = testdir({ 's.json': schema });
    const r = await runCli(['validate', 'nope.csv', '--schema', 's.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /^mlci: error: data: data file not found: nope\.csv\. Check the path/);
    expect(existsSync(join(dir, '.mlci'))).toBe(false);
  });

  it('glob that matches nothing', async () => {
    const dir = testdir({ 's.json': schema });
    const r = await runCli(['validate', 'data/*.csv', '--schema', 's.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /^mlci: error: data: no file matches 'data\/\*\.csv'/);
  });

  it('missing schema file, and no --schema at all', async () => {
    const dir = testdir({ 'd.csv': 'a\n1\n' });
    const r = await runCli(['validate', 'd.csv', '--schema', 'missing.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /^mlci: error: missing\.json: cannot read schema: no such file\. Check the schema path$/);
    const none = await runCli(['validate', 'd.csv'], { cwd: dir });
    expect(none.code).toBe(2);
    expectOneLineError(none.stderr, /^mlci: error: --schema: no schema given\. Pass --schema/);
  });

  it('schema that is not valid JSON', async () => {
    const dir = testdir({ 'd.csv': 'a\n1\n', 's.json': '{\n  "fields": [\n    { "name": "a" },\n  ]\n}\n' });
    const r = await runCli(['validate', 'd.csv', '--schema', 's.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /^mlci: error: s\.json:4: Table Schema is not valid JSON: .*\. Fix the syntax at that line$/);
  });

  it('schema with an invalid key names the key path, its line and what is allowed', async () => {
    const dir = testdir({ 'd.csv': 'a\n1\n', 's.json': '{\n  "fields": [\n    { "name": "a", "type": "integer", "constraints": { "minimum": "low" } }\n  ]\n}\n' });
    const r = await runCli(['validate', 'd.csv', '--schema', 's.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /^mlci: error: s\.json:3: fields\[0\]\.constraints\.minimum: "low" is not a valid integer value for this field\. Correct fields\[0\]\.constraints\.minimum in the Table Schema$/);
  });

  it('unreadable data (a directory, an unknown format, broken JSON)', async () => {
    const dir = testdir({ 'dir.csv/x': '', 'd.parquet': 'PAR1', 'd.json': '[{"a": 1},\n{"a": ', 's.json': schema });
    const a = await runCli(['validate', 'dir.csv', '--schema', 's.json'], { cwd: dir });
    expect(a.code).toBe(2);
    expectOneLineError(a.stderr, /^mlci: error: data: 'dir\.csv' is not a file/);
    const b = await runCli(['validate', 'd.parquet', '--schema', 's.json'], { cwd: dir });
    expect(b.code).toBe(2);
    expectOneLineError(b.stderr, /^mlci: error: .*d\.parquet: cannot tell the data format from the file name/);
    const c = await runCli(['validate', 'd.json', '--schema', 's.json'], { cwd: dir });
    // A truncated JSON array is readable up to where it breaks: a format finding at that line (exit 1), not a crash.
    expect([c.code, c.stderr]).toEqual([1, '']);
    expect(readJson(join(dir, '.mlci/validate/validation.json')).files[0].errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[2, 'format']]);
  });

  it('unknown option and bad option values', async () => {
    const dir = testdir({ 'd.csv': 'a\n1\n', 's.json': schema });
    const r = await runCli(['validate', 'd.csv', '--schema', 's.json', '--strict'], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /^mlci: error: mlci validate: Unknown option '--strict'.*Usage: mlci validate/);
    const m = await runCli(['validate', 'd.csv', '--schema', 's.json', '--max-errors', '0'], { cwd: dir });
    expect(m.code).toBe(2);
    expectOneLineError(m.stderr, /^mlci: error: --max-errors: '0' is not a positive integer/);
    const n = await runCli(['validate', '--schema', 's.json'], { cwd: dir });
    expect(n.code).toBe(2);
    expectOneLineError(n.stderr, /^mlci: error: mlci validate: no data files given/);
  });
});
