import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { testdir } from '../helpers/tmp.js';
import { runCli } from '../helpers/cli.js';
import { readCsv, seattleWeatherPath } from '../profile/helpers.js';

const { header, rows } = readCsv(seattleWeatherPath);
const csv = (part: string[][]) => [header, ...part].map((r) => r.join(',')).join('\n') + '\n';
// 2012–2013 as reference, 2014–2015 as current: the same climate, so few columns drift.
const early = rows.filter((r) => r[0]! < '2014');
const late = rows.filter((r) => r[0]! >= '2014');

function files(extra: Record<string, string> = {}): string {
  return testdir({ 'ref.csv': csv(early), 'cur.csv': csv(late), ...extra });
}

describe('mlci drift', () => {
  test('data on both sides: drift.json with every column, drift.md, exit 0 without fail', async () => {
    const dir = files();
    const r = await runCli(['drift', '--reference', 'ref.csv', '--current', 'cur.csv'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, '.mlci/drift/drift.json'), 'utf8'));
    expect(Object.keys(out.columns).sort()).toEqual(['precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
    for (const c of Object.values(out.columns) as Array<Record<string, unknown>>) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['test', 'score', 'pvalue', 'threshold', 'drifted', 'reference', 'current']));
    }
    expect(out.skipped).toEqual([{ column: 'date', reason: expect.stringContaining('datetime column') }]);
    expect(typeof out.drifted).toBe('boolean');
    expect(readFileSync(join(dir, '.mlci/drift/drift.md'), 'utf8')).toContain('| Column | Test |');
    expect(r.stdout).toMatch(/columns drifted/);
  });

  test('from profiles gives the same result as from data', async () => {
    const dir = files();
    expect((await runCli(['profile', 'ref.csv', '--out', 'p-ref'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['profile', 'cur.csv', '--out', 'p-cur'], { cwd: dir })).code).toBe(0);
    await runCli(['drift', '-r', 'ref.csv', '-c', 'cur.csv', '--out', 'a'], { cwd: dir });
    await runCli(['drift', '-r', 'p-ref/profile.json', '-c', 'p-cur/profile.json', '--out', 'b'], { cwd: dir });
    await runCli(['drift', '-r', 'p-ref/profile.json', '-c', 'cur.csv', '--out', 'c'], { cwd: dir });
    const read = (d: string) => JSON.parse(readFileSync(join(dir, d, 'drift.json'), 'utf8'));
    expect(read('b')).toEqual(read('a'));
    expect(read('c')).toEqual(read('a'));
  });

  test('mlci.yml drift section: tests, share and fail → exit 1 on dataset drift', async () => {
    const dir = files({
      'mlci.yml': 'drift:\n  share: 0.2\n  fail: true\n  target: weather\n  columns:\n    "temp_*": { test: psi, threshold: 0.01 }\n',
    });
    const r = await runCli(['drift', '--reference', 'ref.csv', '--current', 'cur.csv'], { cwd: dir });
    const out = JSON.parse(readFileSync(join(dir, '.mlci/drift/drift.json'), 'utf8'));
    expect(out.columns.temp_max.test).toBe('psi');
    expect(out.columns.temp_max.threshold).toBe(0.01);
    expect(out.target.column).toBe('weather');
    expect(out.shareThreshold).toBe(0.2);
    expect(out.drifted).toBe(out.share >= 0.2);
    expect(r.code).toBe(out.drifted ? 1 : 0);
    // --no-fail overrides the config
    expect((await runCli(['drift', '-r', 'ref.csv', '-c', 'cur.csv', '--no-fail'], { cwd: dir })).code).toBe(0);
  });

  test('bad input is one line naming where and how to fix', async () => {
    const dir = files({ 'bad.yml': 'drift:\n  columns:\n    wind: { test: kolmogorov }\n' });
    const bad = await runCli(['drift', '-r', 'ref.csv', '-c', 'cur.csv', '--config', 'bad.yml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('bad.yml:3');
    expect(bad.stderr).toContain('test must be one of ks, chisquare');
    const missing = await runCli(['drift', '-r', 'nope.json', '-c', 'cur.csv'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reference: file not found: nope.json');
    const noCurrent = await runCli(['drift', '-r', 'ref.csv'], { cwd: dir });
    expect(noCurrent.code).toBe(2);
    expect(noCurrent.stderr).toContain('missing required option --current');
    const wrongTest = await runCli(['drift', '-r', 'ref.csv', '-c', 'cur.csv', '--config', 'w.yml'], { cwd: files({ 'w.yml': 'drift:\n  columns:\n    weather: { test: ks }\n' }) });
    expect(wrongTest.code).toBe(2);
    expect(wrongTest.stderr).toContain("w.yml: drift.columns: drift test 'ks' needs a numeric column");
  });
});

describe('mlci profile', () => {
  test('profiles of two halves merge into the profile of the whole file', async () => {
    const dir = testdir({ 'all.csv': csv(rows), 'a.csv': csv(early), 'b.csv': csv(late) });
    for (const [file, out] of [['all.csv', 'all'], ['a.csv', 'a'], ['b.csv', 'b']]) {
      const r = await runCli(['profile', file!, '--out', out!], { cwd: dir });
      expect(r.code).toBe(0);
    }
    const m = await runCli(['profile', 'merge', 'a/profile.json', 'b/profile.json', '--out', 'merged.json'], { cwd: dir });
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('merged 2 profiles (1461 rows)');
    const whole = JSON.parse(readFileSync(join(dir, 'all/profile.json'), 'utf8'));
    const merged = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8'));
    expect(merged.rows).toBe(whole.rows);
    for (let i = 0; i < whole.columns.length; i++) {
      const w = whole.columns[i];
      const g = merged.columns[i];
      for (const key of ['count', 'missing', 'distinct', 'min', 'max', 'top', 'quantiles', 'histogram']) expect(g[key], `${w.name}.${key}`).toEqual(w[key]);
    }
  });

  test('a schema sets the types; missing columns count as missing; merge rejects type mismatches', async () => {
    const dir = testdir({
      'd.csv': 'a,b\n1,x\n2,\n3,y\n',
      's.json': JSON.stringify({ fields: [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }, { name: 'c', type: 'integer' }] }),
    });
    const r = await runCli(['profile', 'd.csv', '--schema', 's.json', '--out', 'p'], { cwd: dir });
    expect(r.code).toBe(0);
    const p = JSON.parse(readFileSync(join(dir, 'p/profile.json'), 'utf8'));
    expect(p.columns.map((c: { kind: string }) => c.kind)).toEqual(['categorical', 'categorical', 'numeric']);
    expect(p.columns[1].missing).toBe(1);
    expect(p.columns[2].missing).toBe(3);
    await runCli(['profile', 'd.csv', '--out', 'q'], { cwd: dir });
    const bad = await runCli(['profile', 'merge', 'p/profile.json', 'q/profile.json', '--out', 'm.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("q/profile.json: column 'a' is string in one profile and integer in the other");
    const notProfile = await runCli(['profile', 'merge', 's.json', '--out', 'm.json'], { cwd: dir });
    expect(notProfile.code).toBe(2);
    expect(notProfile.stderr).toContain('s.json: not a profile.json');
  });
});

test('a malformed profile.json is a one-line usage error, not a crash', async () => {
  const dir = testdir({
    'p.json': JSON.stringify({ version: 1, rows: 3, exactCap: 10, columns: [{ name: 'a', type: 'number', kind: 'numeric', count: 3, missing: 0, invalid: 0, state: {} }] }),
    'd.csv': 'a\n1\n2\n',
  });
  const r = await runCli(['drift', '-r', 'p.json', '-c', 'd.csv'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--reference: profile column 0 ("a") is malformed: state.exact must hold values and counts');
});

test('a reference profile carries date formats, so current data casts the same way', async () => {
  const days = (from: number) => Array.from({ length: 40 }, (_, i) => `${String((i % 12) + 1).padStart(2, '0')}/${String((i % 28) + 1).padStart(2, '0')}/20${from + (i % 3)},${i}`);
  const dir = testdir({
    'ref.csv': `d,x\n${days(20).join('\n')}\n`,
    'cur.csv': `d,x\n${days(22).join('\n')}\n`,
    'mlci.yml': 'drift:\n  columns:\n    d: { test: ks }\n',
  });
  expect((await runCli(['profile', 'ref.csv', '--out', 'p'], { cwd: dir })).code).toBe(0);
  const p = JSON.parse(readFileSync(join(dir, 'p/profile.json'), 'utf8'));
  expect(p.columns[0]).toMatchObject({ type: 'date', format: '%m/%d/%Y', count: 40, invalid: 0 });
  const r = await runCli(['drift', '-r', 'p/profile.json', '-c', 'cur.csv'], { cwd: dir });
  expect(r.code).toBe(0);
  const out = JSON.parse(readFileSync(join(dir, '.mlci/drift/drift.json'), 'utf8'));
  expect(out.columns.d.current.count).toBe(40);
  expect(out.columns.d.drifted).toBe(true); // two years later
});
