/**
 * The KS p-value machinery against scipy 1.10: ks_2samp's exact lattice-path probabilities and, beyond 10,000
 * values per sample, scipy.stats.kstwo.sf over every branch of Simard & L'Ecuyer's method choice.
 */
import { describe, expect, test } from 'vitest';
import { chiSquareSf, kolmogorovSf, ks2sampPValue } from '@mlci/core';
import { referencePython, runPythonJson } from '../helpers/python.js';

const python = referencePython();

function closeRel(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);
}

describe('pinned values (no Python needed)', () => {
  test('exact: n = m = 3, D = 1 → 2/C(6,3); D = 2/3 → 1 − (paths inside)/20 = 0.6', () => {
    closeRel(ks2sampPValue(1, 3, 3).pvalue, 0.1, 1e-14);
    // Paths from (0,0) to (3,3) staying strictly within |x − y| < 2: 8 of C(6,3) = 20 → p = 12/20.
    closeRel(ks2sampPValue(2 / 3, 3, 3).pvalue, 0.6, 1e-14);
  });

  test('asymptotic: Smirnov/Kolmogorov limits', () => {
    // n = 1: D_1 is uniform on [1/2, 1], so sf(x) = 2(1 − x).
    closeRel(kolmogorovSf(1, 0.75), 0.5, 1e-14);
    // t = n·x ≤ 1/2 → sf = 1; x ≥ 1 → 0.
    expect(kolmogorovSf(1000, 0.0004)).toBe(1);
    expect(kolmogorovSf(1000, 1)).toBe(0);
  });

  test('chi-square survival: k = 2 is exp(−x/2)', () => {
    closeRel(chiSquareSf(3, 2), Math.exp(-1.5), 1e-14);
    closeRel(chiSquareSf(40, 2), Math.exp(-20), 1e-13);
  });
});

describe.skipIf(!python)('against scipy', () => {
  const asymp: Array<[number, number]> = [
    [50, 0.02], [50, 0.1], [50, 0.25], [50, 0.4], [100, 0.3], [140, 0.05], [141, 0.05], [500, 0.06], [5000, 0.012],
    [5000, 0.025], [20_000, 0.004], [20_000, 0.012], [150_000, 0.003], [300_000, 0.002], [300_000, 0.0035], [1000, 0.6], [1000, 0.9995],
    // Durbin matrix for n > 140 (n·x^1.5 ≤ 1.4)
    [500, 0.015], [2000, 0.007],
  ];
  const exact: Array<[number, number, number]> = [
    [0.3, 20, 20], [0.55, 9, 11], [0.12, 300, 200], [0.03, 3000, 2999], [0.05, 800, 10_000], [0.01, 10_000, 10_000], [0.2, 37, 1003],
  ];
  const ref = python
    ? runPythonJson<{ asymp: number[]; exact: number[][]; chi: number[] }>(
        python,
        `
import json
from math import gcd
from scipy.stats import kstwo, chi2
from scipy.stats._stats_py import _attempt_exact_2kssamp
a = [float(kstwo.sf(x, n)) for n, x in ${JSON.stringify(asymp)}]
e = []
for d, n1, n2 in ${JSON.stringify(exact)}:
    ok, dd, p = _attempt_exact_2kssamp(n1, n2, gcd(n1, n2), d, 'two-sided')
    e.append([dd, float(p)])
c = [float(chi2.sf(x, k)) for x, k in [(0.5, 1), (7.8, 3), (50, 10), (300, 200), (1e-6, 4)]]
print(json.dumps({'asymp': a, 'exact': e, 'chi': c}))`,
      )
    : { asymp: [], exact: [], chi: [] };

  test('kstwo.sf on every branch', () => {
    asymp.forEach(([n, x], i) => closeRel(kolmogorovSf(n, x), ref.asymp[i]!, 1e-9));
  });

  test('exact two-sample probabilities', () => {
    exact.forEach(([d, n1, n2], i) => {
      const r = ks2sampPValue(d, n1, n2);
      expect(r.method).toBe('exact');
      closeRel(r.statistic, ref.exact[i]![0]!, 1e-15);
      closeRel(r.pvalue, ref.exact[i]![1]!, 1e-9);
    });
  });

  test('chi-square survival', () => {
    [[0.5, 1], [7.8, 3], [50, 10], [300, 200], [1e-6, 4]].forEach(([x, k], i) => closeRel(chiSquareSf(x!, k!), ref.chi[i]!, 1e-12));
  });
});
