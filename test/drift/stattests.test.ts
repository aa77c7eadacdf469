/**
 * Drift statistics against scipy 1.10 applying Evidently's definitions (test/drift/reference.ts, live when Debian's
 * python3 is present) and against values worked out by hand (always).
 */
import { describe, expect, test } from 'vitest';
import { chiSquareTest, jensenShannonTest, ksTest, lInfinityTest, psiTest, runTest, wassersteinTest, zTest, defaultTest, type NumericSample } from '@mlci/core';
import { referencePython } from '../helpers/python.js';
import { rng } from '../profile/helpers.js';
import { referenceStats, type ReferenceCase } from './reference.js';
import { repeat, sampleFrom } from './samples.js';

const python = referencePython();

function close(actual: number, expected: number, rel = 1e-9, abs = 1e-14): void {
  if (!Number.isFinite(expected)) return expect(actual).toBe(expected);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(abs, rel * Math.abs(expected)));
}

describe('by hand', () => {
  test('KS: disjoint samples of 3 — D = 1, exact p = 2/C(6,3) = 0.1', () => {
    const r = ksTest(sampleFrom([1, 2, 3], true) as NumericSample, sampleFrom([4, 5, 6], true) as NumericSample, 0.05);
    expect(r.score).toBe(1);
    close(r.pvalue!, 0.1);
    expect(r.drifted).toBe(false);
  });

  test('chi-square: a/b 50/50 vs 30/70 — statistic 16, p = P(χ²₁ > 16) = 2·Q(4) = 6.334248366623984e-5', () => {
    const ref = sampleFrom([...repeat('a', 50), ...repeat('b', 50)], false);
    const cur = sampleFrom([...repeat('a', 30), ...repeat('b', 70)], false);
    const r = chiSquareTest(ref, cur, 0.05);
    close(r.score, 16);
    close(r.pvalue!, 6.334248366623984e-5, 1e-12);
    expect(r.drifted).toBe(true);
  });

  test('chi-square: a category unseen in the reference gives statistic ∞ and p = 0', () => {
    const r = chiSquareTest(sampleFrom(['a', 'b', 'a'], false), sampleFrom(['a', 'b', 'c'], false), 0.05);
    expect(r.score).toBe(Infinity);
    expect(r.pvalue).toBe(0);
  });

  test('z-test: 40% vs 70% "yes" of 100 each — pooled p 0.55, z = −0.3/√(0.55·0.45·0.02) = −4.2640143', () => {
    const ref = sampleFrom([...repeat('yes', 40), ...repeat('no', 60)], false);
    const cur = sampleFrom([...repeat('yes', 70), ...repeat('no', 30)], false);
    const r = zTest(ref, cur, 0.05);
    // first sorted key 'no' codes 0, 'yes' codes 1: p1 = 0.4, p2 = 0.7
    close(r.score, -0.3 / Math.sqrt(0.55 * 0.45 * 0.02));
    close(r.pvalue!, 2.0077e-5, 1e-3); // 2·(1 − Φ(4.2640)) from normal tables
  });

  test('Wasserstein: [0, 1] vs [1, 2] moves all mass by 1; reference std 0.5 → 2', () => {
    const r = wassersteinTest(sampleFrom([0, 1], true) as NumericSample, sampleFrom([1, 2], true) as NumericSample, 0.1);
    close(r.score, 2);
  });

  test('Wasserstein: a constant reference is normalised by 0.001', () => {
    const r = wassersteinTest(sampleFrom(repeat(5, 10), true) as NumericSample, sampleFrom([5, 6], true) as NumericSample, 0.1);
    close(r.score, 0.5 / 0.001);
  });

  test('Jensen–Shannon: disjoint categories are at distance 1 (base 2); identical ones at 0', () => {
    expect(jensenShannonTest(sampleFrom(['a'], false), sampleFrom(['b'], false), 0.1).score).toBeCloseTo(1, 12);
    expect(jensenShannonTest(sampleFrom(['a', 'b'], false), sampleFrom(['b', 'a'], false), 0.1).score).toBe(0);
  });

  test('PSI: shares 0.5/0.5 vs 0.25/0.75 → 0.25·ln 3', () => {
    const r = psiTest(sampleFrom(['a', 'b'], false), sampleFrom(['a', 'b', 'b', 'b'], false), 0.1);
    close(r.score, 0.25 * Math.log(3));
    expect(r.drifted).toBe(true);
  });

  test('L∞: largest share difference', () => {
    close(lInfinityTest(sampleFrom(['a', 'b'], false), sampleFrom(['a', 'b', 'b', 'b'], false), 0.1).score, 0.25);
  });

  test('default test choice follows Evidently', () => {
    const small = sampleFrom([1, 2, 3, 4, 5, 6], true);
    expect(defaultTest(small, small).test).toBe('ks');
    expect(defaultTest(sampleFrom([1, 2, 3], true), sampleFrom([1, 2, 3], true)).test).toBe('chisquare');
    expect(defaultTest(sampleFrom([0, 1], true), sampleFrom([0, 1], true)).test).toBe('ztest');
    expect(defaultTest(sampleFrom(['a', 'b', 'c'], false), sampleFrom(['a'], false)).test).toBe('chisquare');
    const big = Array.from({ length: 1001 }, (_, i) => i % 7);
    expect(defaultTest(sampleFrom(big, true), sampleFrom(big, true)).test).toBe('wasserstein');
    expect(defaultTest(sampleFrom(big.map((i) => i % 5), true), sampleFrom([1], true)).test).toBe('jensenshannon');
    expect(defaultTest(sampleFrom(big.map(String), false), sampleFrom(['1'], false)).test).toBe('jensenshannon');
  });
});

function normals(n: number, mean: number, sd: number, seed: number, round?: number): number[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const v = mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return round === undefined ? v : Number(v.toFixed(round));
  });
}

const cases: Array<{ name: string } & ReferenceCase> = [
  { name: 'small numeric with ties', ref: [1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8], cur: [2, 3, 3, 4, 6, 6, 7, 9, 10, 11], numeric: true },
  { name: 'normal vs shifted normal, rounded (ties)', ref: normals(300, 0, 1, 1, 1), cur: normals(250, 0.3, 1, 2, 1), numeric: true },
  { name: 'equal sizes', ref: normals(400, 0, 1, 3), cur: normals(400, 0.1, 1.2, 4), numeric: true },
  { name: 'asymptotic KS (current > 10,000)', ref: normals(1500, 10, 2, 5, 2), cur: normals(12_000, 10.1, 2, 6, 2), numeric: true },
  { name: 'more than 20 distinct: Sturges bins', ref: normals(800, 5, 3, 7), cur: normals(600, 5, 4, 8), numeric: true },
  { name: 'constant reference', ref: repeat(5, 30), cur: [5, 5, 6, 6, 7, 5, 5], numeric: true },
  { name: 'numeric with 3 values', ref: [0, 1, 2, 1, 1, 0, 2, 2, 2], cur: [0, 0, 0, 1, 2, 2], numeric: true },
  { name: 'binary numeric', ref: [0, 1, 1, 0, 1, 1, 1], cur: [0, 0, 0, 1, 0], numeric: true },
  {
    name: 'categorical, empty category in current',
    ref: [...repeat('a', 30), ...repeat('b', 20), ...repeat('c', 10)],
    cur: [...repeat('a', 25), ...repeat('b', 25)],
    numeric: false,
  },
  {
    name: 'categorical, unseen category in current',
    ref: [...repeat('a', 30), ...repeat('b', 20)],
    cur: [...repeat('a', 20), ...repeat('b', 20), ...repeat('d', 3)],
    numeric: false,
  },
  { name: 'binary categorical', ref: [...repeat('yes', 40), ...repeat('no', 60)], cur: [...repeat('yes', 55), ...repeat('no', 45)], numeric: false },
];

describe.skipIf(!python)('against scipy with Evidently definitions', () => {
  const refs = python ? referenceStats(python, cases) : [];
  cases.forEach((c, i) => {
    test(c.name, () => {
      const want = refs[i]!;
      const ref = sampleFrom(c.ref, c.numeric);
      const cur = sampleFrom(c.cur, c.numeric);
      if (want.ks) {
        const r = runTest('ks', ref, cur, 0.05);
        close(r.score, want.ks[0]);
        close(r.pvalue!, want.ks[1], 1e-9, 1e-15);
      }
      if (want.wasserstein !== null) close(runTest('wasserstein', ref, cur, 0.1).score, want.wasserstein);
      const chi = runTest('chisquare', ref, cur, 0.05);
      close(chi.score, want.chisquare[0]);
      close(chi.pvalue!, want.chisquare[1], 1e-9, 1e-15);
      if (want.ztest) {
        const z = runTest('ztest', ref, cur, 0.05);
        close(z.score, want.ztest[0]);
        close(z.pvalue!, want.ztest[1], 1e-9, 1e-15);
      }
      close(runTest('jensenshannon', ref, cur, 0.1).score, want.jensenshannon);
      close(runTest('psi', ref, cur, 0.1).score, want.psi);
      close(runTest('l_infinity', ref, cur, 0.1).score, want.l_infinity);
    });
  });
});
