/** driftFromProfiles: test choice, settings (rules, globs, ignore, share, target/prediction), skips, sketch bounds. */
import { describe, expect, test } from 'vitest';
import { createProfiler, driftFromProfiles, renderDriftMarkdown, type TableProfile } from '@mlci/core';
import { rng } from '../profile/helpers.js';
import { repeat } from './samples.js';

type Row = Record<string, number | string | boolean | null>;

function profile(rows: Row[], types: Record<string, string>, exactCap?: number): TableProfile {
  const names = Object.keys(types);
  const p = createProfiler(names.map((name) => ({ name, type: types[name]! })), { exactCap });
  for (const row of rows) {
    names.forEach((name, i) => {
      const v = row[name];
      const c = p.column(i);
      if (v === null || v === undefined) c.addMissing();
      else if (typeof v === 'number') c.addNumber(v);
      else if (typeof v === 'boolean') c.addBoolean(v);
      else c.addString(v);
    });
  }
  return p.finish();
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const types = { age: 'number', city: 'string', member: 'boolean', label: 'integer', score: 'number' };

function table(n: number, seed: number, shift = 0): Row[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => ({
    age: Math.round(40 + 10 * normal(random) + shift * 10),
    city: ['paris', 'rome', 'oslo'][Math.floor(random() ** (1 + shift) * 3)]!,
    member: random() < 0.3 + shift * 0.3,
    label: random() < 0.5 ? 1 : 0,
    score: random() + shift,
  }));
}

describe('driftFromProfiles', () => {
  test('default tests follow Evidently for ≤ 1000 and > 1000 reference rows', () => {
    const small = driftFromProfiles(profile(table(500, 1), types), profile(table(400, 2), types));
    expect(Object.fromEntries(Object.entries(small.columns).map(([k, v]) => [k, v.test]))).toEqual({
      age: 'ks',
      city: 'chisquare',
      member: 'ztest',
      label: 'ztest',
      score: 'ks',
    });
    const large = driftFromProfiles(profile(table(3000, 1), types), profile(table(400, 2), types));
    expect(Object.fromEntries(Object.entries(large.columns).map(([k, v]) => [k, v.test]))).toEqual({
      age: 'wasserstein',
      city: 'jensenshannon',
      member: 'jensenshannon',
      label: 'jensenshannon',
      score: 'wasserstein',
    });
    // Same distribution: nothing drifts; scores and p-values are reported anyway.
    expect(small.drifted).toBe(false);
    for (const c of Object.values(small.columns)) expect(c.pvalue).not.toBeNull();
    expect(small.columns.age!.reference.count).toBe(500);
  });

  test('a shifted table drifts; share and the dataset verdict follow the threshold', () => {
    const ref = profile(table(800, 3), types);
    const cur = profile(table(800, 4, 1), types);
    const r = driftFromProfiles(ref, cur);
    expect(Object.entries(r.columns).filter(([, c]) => c.drifted).map(([k]) => k).sort()).toEqual(['age', 'city', 'member', 'score']);
    expect(r.share).toBe(4 / 5);
    expect(r.drifted).toBe(true);
    expect(driftFromProfiles(ref, cur, { share: 0.9 }).drifted).toBe(false);
  });

  test('rules by exact name and glob, ignore, thresholds, target and prediction', () => {
    const ref = profile(table(800, 5), types);
    const cur = profile(table(800, 6), types);
    const r = driftFromProfiles(ref, cur, {
      ignore: ['sc*'],
      columns: { 'a*': { test: 'psi', threshold: 0.5 }, age: { test: 'wasserstein' }, 'c*': { test: 'l_infinity' }, '*': { threshold: 0 } },
      target: 'label',
      prediction: 'member',
    });
    expect(r.columns.age!.test).toBe('wasserstein'); // exact name beats the glob
    expect(r.columns.age!.threshold).toBe(0.1); // the exact rule has no threshold: the test's default
    expect(r.columns.city!.test).toBe('l_infinity');
    expect(r.columns.label!.threshold).toBe(0); // p < 0 never holds
    expect(r.columns.label!.drifted).toBe(false);
    expect(r.columns.score).toBeUndefined();
    expect(r.skipped).toContainEqual({ column: 'score', reason: 'ignored by drift.ignore' });
    expect(r.target).toEqual({ column: 'label', drifted: false });
    expect(r.prediction).toEqual({ column: 'member', drifted: r.columns.member!.drifted });
    expect(() => driftFromProfiles(ref, cur, { target: 'nope' })).toThrow(/drift.target names column 'nope'/);
    expect(() => driftFromProfiles(ref, cur, { columns: { city: { test: 'ks' } } })).toThrow(/'ks' needs a numeric column, but 'city' is categorical/);
  });

  test('columns missing on one side, empty columns, kind changes and datetime columns are skipped with a reason', () => {
    const ref = profile(
      [
        { a: 1, b: 'x', gone: 1, empty: null, t: 5, when: 1e12 },
        { a: 2, b: 'y', gone: 2, empty: null, t: 6, when: 2e12 },
      ],
      { a: 'number', b: 'string', gone: 'number', empty: 'number', t: 'number', when: 'datetime' },
    );
    const cur = profile([{ a: 1, b: 'x', fresh: 1, empty: 3, t: 'five', when: 1e12 }], { a: 'number', b: 'string', fresh: 'number', empty: 'number', t: 'string', when: 'datetime' });
    const r = driftFromProfiles(ref, cur);
    expect(Object.keys(r.columns).sort()).toEqual(['a', 'b']);
    expect(r.skipped).toEqual([
      { column: 'gone', reason: 'not in the current data' },
      { column: 'empty', reason: 'no values in the reference' },
      { column: 't', reason: 'numeric in the reference but categorical in the current data' },
      { column: 'when', reason: 'datetime column (name it under drift.columns with a test to compare it)' },
      { column: 'fresh', reason: 'not in the reference' },
    ]);
    const withWhen = driftFromProfiles(ref, cur, { columns: { when: { test: 'ks' } } });
    expect(withWhen.columns.when!.test).toBe('ks');
  });

  test('NaN and ±Infinity are dropped before testing (as Evidently does); counts show what was used', () => {
    const ref = profile([1, 2, 3, 4, 5, 6, NaN, Infinity].map((age) => ({ age })), { age: 'number' });
    const cur = profile([1, 2, 3, 4, 5, 6, -Infinity].map((age) => ({ age })), { age: 'number' });
    const r = driftFromProfiles(ref, cur);
    expect(r.columns.age!.reference.count).toBe(6);
    expect(r.columns.age!.score).toBe(0);
    expect(r.columns.age!.pvalue).toBe(1);
  });

  test('constant columns: identical constants do not drift; a z-test on one shared value gives p = 1', () => {
    const ref = profile(repeat({ k: 7, s: 'a' }, 50), { k: 'number', s: 'string' });
    const cur = profile(repeat({ k: 7, s: 'a' }, 20), { k: 'number', s: 'string' });
    const r = driftFromProfiles(ref, cur);
    expect(r.columns.k!.test).toBe('ztest');
    expect(r.columns.k!.pvalue).toBe(1);
    expect(r.columns.s!.drifted).toBe(false);
  });
});

describe('sketched profiles: stated bounds hold against the exact result', () => {
  const random = rng(42);
  const refValues = Array.from({ length: 30_000 }, () => Math.exp(normal(random)) * 100);
  const curValues = Array.from({ length: 20_000 }, () => Math.exp(normal(random) * 1.1 + 0.05) * 100);
  const exact = (v: number[]) => profile(v.map((x) => ({ x })), { x: 'number' }, 1_000_000);
  const sketched = (v: number[]) => profile(v.map((x) => ({ x })), { x: 'number' }, 1000);

  for (const test_ of ['ks', 'wasserstein'] as const) {
    for (const [label, ref, cur] of [
      ['both sketched', sketched(refValues), sketched(curValues)],
      ['reference sketched', sketched(refValues), exact(curValues)],
      ['current sketched', exact(refValues), sketched(curValues)],
    ] as const) {
      test(`${test_}: ${label}`, () => {
        const truth = driftFromProfiles(exact(refValues), exact(curValues), { columns: { x: { test: test_ } } }).columns.x!;
        const approx = driftFromProfiles(ref, cur, { columns: { x: { test: test_ } } }).columns.x!;
        expect(truth.basis).toBe('exact');
        expect(approx.basis).toBe('sketch');
        expect(approx.bound).toBeGreaterThan(0);
        expect(Math.abs(approx.score - truth.score)).toBeLessThanOrEqual(approx.bound! + 1e-12);
        if (test_ === 'ks' && label === 'both sketched') expect(approx.score).toBeLessThanOrEqual(truth.score + 1e-12);
      });
    }
  }
});

describe('renderDriftMarkdown', () => {
  test('escapes column names and values; drifted rows first', () => {
    const ref = profile(table(300, 7).map((r) => ({ ...r, '<b>|x': r.city })), { ...types, '<b>|x': 'string' });
    const cur = profile(table(300, 8, 1).map((r) => ({ ...r, '<b>|x': r.city })), { ...types, '<b>|x': 'string' });
    const md = renderDriftMarkdown(driftFromProfiles(ref, cur));
    expect(md).toContain('&lt;b&gt;\\|x');
    expect(md).not.toContain('<b>');
    expect(renderDriftMarkdown({ ...driftFromProfiles(ref, cur), skipped: [{ column: '@org/team *x*', reason: 'r' }] })).toContain('&#64;org/team \\*x\\*');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Column'));
    expect(rows.length).toBe(6);
    const firstOk = rows.findIndex((l) => l.includes('| no |'));
    expect(rows.slice(firstOk).every((l) => l.includes('| no |'))).toBe(true);
    expect(md).toMatch(/^\*\*Dataset drift detected\*\*: \d of 6 columns drifted/);
  });
});

describe('column globs', () => {
  test('`*` spans dots and slashes; classes and ? work; __proto__ is an ordinary column name', () => {
    const types = { 'price.eur': 'number', 'price/usd': 'number', __proto__x: 'string', size3: 'number', size4: 'number' } as Record<string, string>;
    const rows = Array.from({ length: 30 }, (_, i) => ({ 'price.eur': i, 'price/usd': i * 2, __proto__x: `v${i % 3}`, size3: i % 7, size4: i % 9 }));
    const p = profile(rows, types);
    const r = driftFromProfiles(p, p, { columns: { 'price*': { test: 'psi' }, 'size[3]': { test: 'l_infinity' }, 'size?': { test: 'wasserstein' } }, ignore: ['__proto__?'] });
    expect(r.columns['price.eur']!.test).toBe('psi');
    expect(r.columns['price/usd']!.test).toBe('psi');
    expect(r.columns.size3!.test).toBe('l_infinity');
    expect(r.columns.size4!.test).toBe('wasserstein');
    expect(r.skipped).toEqual([{ column: '__proto__x', reason: 'ignored by drift.ignore' }]);
  });

  test('a column literally named __proto__ is reported like any other', () => {
    const p = createProfiler([{ name: '__proto__', type: 'number' }]);
    for (let i = 0; i < 10; i++) p.column(0).addNumber(i);
    const prof = p.finish();
    const r = driftFromProfiles(prof, prof);
    expect(Object.keys(r.columns)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(r)).columns.__proto__.test).toBe('ks');
  });
});

describe('sketched categorical columns (beyond the exact cap)', () => {
  test('heavy hitters plus an (other) bucket: close to the exact distance, and marked approximate', () => {
    const random = rng(9);
    const draw = (shift: number) =>
      Array.from({ length: 20_000 }, () => {
        const u = random();
        // 5 heavy categories holding 80% of rows, then a long tail of rare ones
        return { c: u < 0.8 ? `hot-${Math.floor((u / 0.8) ** (1 + shift) * 5)}` : `rare-${Math.floor(random() * 5000)}` };
      });
    const refRows = draw(0);
    const curRows = draw(1);
    const types = { c: 'string' };
    for (const test_ of ['jensenshannon', 'l_infinity'] as const) {
      const exact = driftFromProfiles(profile(refRows, types, 100_000), profile(curRows, types, 100_000), { columns: { c: { test: test_ } } }).columns.c!;
      const approx = driftFromProfiles(profile(refRows, types, 100), profile(curRows, types, 100), { columns: { c: { test: test_ } } }).columns.c!;
      expect(exact.basis).toBe('exact');
      expect(approx.basis).toBe('sketch');
      expect(approx.drifted).toBe(exact.drifted);
      // The tail is lumped into one bucket on both sides, so the distance can only shrink a little.
      expect(Math.abs(approx.score - exact.score)).toBeLessThan(test_ === 'l_infinity' ? 0.01 : 0.1);
    }
    const md = renderDriftMarkdown(driftFromProfiles(profile(refRows, types, 100), profile(curRows, types, 100)));
    expect(md).toMatch(/\| c \| Jensen–Shannon \| ≈ /);
  });
});
