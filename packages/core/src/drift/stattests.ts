/**
 * Drift statistics over weighted samples (distinct values with counts), following Evidently's definitions
 * (evidently/calculations/stattests) and scipy 1.10's numerics. Exact profiles give exact samples; sketched profiles
 * give DDSketch bucket representatives or heavy hitters, and the result carries an error bound where one is known.
 */
import type { DriftTestName } from '../config/drift.js';
import { ks2sampPValue } from './ks.js';
import { chiSquareSf, normalSf } from './special.js';

export type Key = string | number;

/** Finite numeric values (NaN/±Infinity dropped, as Evidently does) as ascending distinct values with counts. */
export interface NumericSample {
  kind: 'numeric';
  values: number[];
  counts: number[];
  n: number;
  /** False when values are DDSketch representatives (each within 1% of the values it stands for). */
  exact: boolean;
  /** Population standard deviation (numpy's default), exact from the profile's moments. */
  std: number;
  /** Mean of |x|, exact: bounds the Wasserstein error of sketched samples. */
  meanAbs: number;
  /** Distinct values (exact, or a HyperLogLog estimate). */
  distinct: number;
}

/** Category counts; when sketched, the heavy hitters plus the rest lumped into `other`. */
export interface CategoricalSample {
  kind: 'categorical';
  values: Key[];
  counts: number[];
  n: number;
  exact: boolean;
  distinct: number;
}

export type Sample = NumericSample | CategoricalSample;

export interface StatResult {
  test: DriftTestName;
  /** The statistic: KS D, chi-square, z, or the distance itself. */
  score: number;
  /** p-value for ks, chisquare, ztest; null for distances. */
  pvalue: number | null;
  threshold: number;
  drifted: boolean;
  /** Known bound on |score − exact score| when the samples are sketched; absent when exact. */
  bound?: number;
}

export const P_VALUE_TESTS: ReadonlySet<DriftTestName> = new Set(['ks', 'chisquare', 'ztest']);

export function defaultThreshold(test: DriftTestName): number {
  return P_VALUE_TESTS.has(test) ? 0.05 : 0.1;
}

function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Both samples' counts over the union of their keys, in ascending key order. */
export function alignCategories(ref: Sample, cur: Sample): { keys: Key[]; ref: number[]; cur: number[] } {
  const map = new Map<Key, [number, number]>();
  ref.values.forEach((v, i) => map.set(v, [ref.counts[i]!, 0]));
  cur.values.forEach((v, i) => {
    const e = map.get(v);
    if (e) e[1] = cur.counts[i]!;
    else map.set(v, [0, cur.counts[i]!]);
  });
  const keys = [...map.keys()].sort(compareKeys);
  return { keys, ref: keys.map((k) => map.get(k)![0]), cur: keys.map((k) => map.get(k)![1]) };
}

/** KS statistic D = sup |F_ref − F_cur| over the union of values (scipy: searchsorted side='right'). */
export function ksStatistic(ref: NumericSample, cur: NumericSample): number {
  let i = 0;
  let j = 0;
  let cr = 0;
  let cc = 0;
  let d = 0;
  while (i < ref.values.length || j < cur.values.length) {
    const a = i < ref.values.length ? ref.values[i]! : Infinity;
    const b = j < cur.values.length ? cur.values[j]! : Infinity;
    const x = Math.min(a, b);
    if (a === x) cr += ref.counts[i++]!;
    if (b === x) cc += cur.counts[j++]!;
    const diff = Math.abs(cr / ref.n - cc / cur.n);
    if (diff > d) d = diff;
  }
  return d;
}

/** Largest share of either sample in one value: D of sketched samples is low by at most this. */
function maxMass(s: NumericSample): number {
  let m = 0;
  for (const c of s.counts) if (c > m) m = c;
  return m / s.n;
}

export function ksTest(ref: NumericSample, cur: NumericSample, threshold: number): StatResult {
  const d = ksStatistic(ref, cur);
  const { statistic, pvalue } = ks2sampPValue(d, ref.n, cur.n);
  const result: StatResult = { test: 'ks', score: statistic, pvalue, threshold, drifted: pvalue < threshold };
  // A sketched CDF differs from the true one by at most the mass of the bucket around a point. When both sides are
  // sketched they share bucket boundaries, where both CDFs are exact, so the larger bucket mass bounds the error.
  if (!ref.exact && !cur.exact) result.bound = Math.max(maxMass(ref), maxMass(cur));
  else if (!ref.exact) result.bound = maxMass(ref);
  else if (!cur.exact) result.bound = maxMass(cur);
  return result;
}

/** Pearson chi-square of current counts against reference proportions scaled to the current size (Evidently). */
export function chiSquareTest(ref: Sample, cur: Sample, threshold: number): StatResult {
  const { ref: r, cur: c } = alignCategories(ref, cur);
  const k = cur.n / ref.n;
  let stat = 0;
  for (let i = 0; i < r.length; i++) {
    const expected = r[i]! * k;
    const observed = c[i]!;
    // A category unseen in the reference has expected 0: scipy's statistic is inf and p = 0.
    stat += expected === 0 ? (observed === 0 ? 0 : Infinity) : (observed - expected) ** 2 / expected;
  }
  // One category on both sides: no degrees of freedom and no evidence of drift.
  const pvalue = r.length < 2 ? 1 : chiSquareSf(stat, r.length - 1);
  return { test: 'chisquare', score: stat, pvalue, threshold, drifted: pvalue < threshold };
}

/** Two-proportion z-test on "is the first (smallest) category" vs not, pooled variance (Evidently). */
export function zTest(ref: Sample, cur: Sample, threshold: number): StatResult {
  const { keys, ref: r, cur: c } = alignCategories(ref, cur);
  if (keys.length === 1) return { test: 'ztest', score: 0, pvalue: 1, threshold, drifted: false };
  // Evidently codes the first sorted key as 0 and everything else as 1.
  const p1 = (ref.n - r[0]!) / ref.n;
  const p2 = (cur.n - c[0]!) / cur.n;
  const pooled = (p1 * ref.n + p2 * cur.n) / (ref.n + cur.n);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / ref.n + 1 / cur.n));
  const pvalue = 2 * normalSf(Math.abs(z));
  return { test: 'ztest', score: z, pvalue, threshold, drifted: pvalue < threshold };
}

/** scipy.stats.wasserstein_distance over weighted samples: ∫ |F_ref − F_cur| dx. */
export function wassersteinDistance(ref: NumericSample, cur: NumericSample): number {
  let i = 0;
  let j = 0;
  let cr = 0;
  let cc = 0;
  let prev = NaN;
  let total = 0;
  while (i < ref.values.length || j < cur.values.length) {
    const a = i < ref.values.length ? ref.values[i]! : Infinity;
    const b = j < cur.values.length ? cur.values[j]! : Infinity;
    const x = Math.min(a, b);
    if (!Number.isNaN(prev)) total += Math.abs(cr / ref.n - cc / cur.n) * (x - prev);
    if (a === x) cr += ref.counts[i++]!;
    if (b === x) cc += cur.counts[j++]!;
    prev = x;
  }
  return total;
}

/** Wasserstein distance divided by the reference's population std (floored at 0.001), as Evidently normalises it. */
export function wassersteinTest(ref: NumericSample, cur: NumericSample, threshold: number): StatResult {
  const norm = Math.max(ref.std, 0.001);
  const score = wassersteinDistance(ref, cur) / norm;
  const result: StatResult = { test: 'wasserstein', score, pvalue: null, threshold, drifted: score >= threshold };
  // Moving every value by at most α|x| moves W₁ by at most α·(E|X_ref| + E|X_cur|).
  if (!ref.exact || !cur.exact) result.bound = (0.01 * ((ref.exact ? 0 : ref.meanAbs) + (cur.exact ? 0 : cur.meanAbs))) / norm;
  return result;
}

/**
 * Evidently's get_binned_data: numeric columns with more than 20 distinct reference values are binned on
 * numpy's Sturges edges over both samples together; everything else compares category proportions.
 * With fillZeros, empty bins get a small share (min non-zero share / 10⁶, or 0.0001) so logarithms stay finite.
 */
export function binnedShares(ref: Sample, cur: Sample, fillZeros: boolean): { ref: number[]; cur: number[] } {
  let r: number[];
  let c: number[];
  if (ref.kind === 'numeric' && cur.kind === 'numeric' && ref.distinct > 20) {
    const edges = sturgesEdges(ref, cur);
    r = histogram(ref, edges).map((x) => x / ref.n);
    c = histogram(cur, edges).map((x) => x / cur.n);
  } else {
    const aligned = alignCategories(ref, cur);
    r = aligned.ref.map((x) => x / ref.n);
    c = aligned.cur.map((x) => x / cur.n);
  }
  if (fillZeros) {
    fill(r);
    fill(c);
  }
  return { ref: r, cur: c };
}

function fill(shares: number[]): void {
  let min = Infinity;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  const value = min <= 0.0001 ? min / 1e6 : 0.0001;
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = value;
}

/** numpy.histogram_bin_edges(concat, bins='sturges'): width = ptp/(log2 N + 1), ⌈ptp/width⌉ equal bins. */
export function sturgesEdges(ref: NumericSample, cur: NumericSample): number[] {
  let lo = Math.min(ref.values[0]!, cur.values[0]!);
  let hi = Math.max(ref.values[ref.values.length - 1]!, cur.values[cur.values.length - 1]!);
  const ptp = hi - lo;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = ptp / (Math.log2(ref.n + cur.n) + 1);
  const bins = width ? Math.ceil((hi - lo) / width) : 1;
  const step = (hi - lo) / bins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(i * step + lo);
  edges.push(hi);
  return edges;
}

/** numpy.histogram with explicit edges: bins [e_i, e_i+1), the last one closed; values outside are dropped. */
export function histogram(s: NumericSample, edges: number[]): number[] {
  const bins = edges.length - 1;
  const out = new Array<number>(bins).fill(0);
  const last = edges[bins]!;
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i]!;
    if (v < edges[0]! || v > last) continue;
    let lo = 0;
    let hi = bins; // find the last edge ≤ v
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! <= v) lo = mid;
      else hi = mid;
    }
    out[v === last ? bins - 1 : lo]! += s.counts[i]!;
  }
  return out;
}

/** scipy.spatial.distance.jensenshannon(p, q, base=2) on Evidently's binned shares. */
export function jensenShannonTest(ref: Sample, cur: Sample, threshold: number): StatResult {
  const { ref: p0, cur: q0 } = binnedShares(ref, cur, false);
  const sp = p0.reduce((a, b) => a + b, 0);
  const sq = q0.reduce((a, b) => a + b, 0);
  let js = 0;
  for (let i = 0; i < p0.length; i++) {
    const p = p0[i]! / sp;
    const q = q0[i]! / sq;
    const m = (p + q) / 2;
    if (p > 0) js += p * Math.log(p / m);
    if (q > 0) js += q * Math.log(q / m);
  }
  const score = Math.sqrt(Math.max(0, js / Math.LN2 / 2));
  return { test: 'jensenshannon', score, pvalue: null, threshold, drifted: score >= threshold };
}

/** Population stability index Σ (r − c)·ln(r/c) over Evidently's binned, zero-filled shares. */
export function psiTest(ref: Sample, cur: Sample, threshold: number): StatResult {
  const { ref: r, cur: c } = binnedShares(ref, cur, true);
  let score = 0;
  for (let i = 0; i < r.length; i++) score += (r[i]! - c[i]!) * Math.log(r[i]! / c[i]!);
  return { test: 'psi', score, pvalue: null, threshold, drifted: score >= threshold };
}

/** L∞ distance max_i |r_i − c_i| between binned shares (TFDV's categorical drift measure). */
export function lInfinityTest(ref: Sample, cur: Sample, threshold: number): StatResult {
  const { ref: r, cur: c } = binnedShares(ref, cur, false);
  let score = 0;
  for (let i = 0; i < r.length; i++) score = Math.max(score, Math.abs(r[i]! - c[i]!));
  return { test: 'l_infinity', score, pvalue: null, threshold, drifted: score >= threshold };
}

/** A numeric sample viewed as categories (its distinct values), for chi-square/z-tests on low-cardinality numbers. */
export function asCategorical(s: Sample): CategoricalSample {
  if (s.kind === 'categorical') return s;
  return { kind: 'categorical', values: s.values, counts: s.counts, n: s.n, exact: s.exact, distinct: s.distinct };
}

export function runTest(test: DriftTestName, ref: Sample, cur: Sample, threshold: number): StatResult {
  switch (test) {
    case 'ks':
    case 'wasserstein':
      if (ref.kind !== 'numeric' || cur.kind !== 'numeric') throw new Error(`${test} needs a numeric column`);
      return test === 'ks' ? ksTest(ref, cur, threshold) : wassersteinTest(ref, cur, threshold);
    case 'chisquare':
      return chiSquareTest(asCategorical(ref), asCategorical(cur), threshold);
    case 'ztest':
      return zTest(asCategorical(ref), asCategorical(cur), threshold);
    case 'jensenshannon':
      return jensenShannonTest(ref, cur, threshold);
    case 'psi':
      return psiTest(ref, cur, threshold);
    case 'l_infinity':
      return lInfinityTest(ref, cur, threshold);
  }
}
