/**
 * Seeded percentile bootstrap. Each resample draws n rows with replacement (mulberry32 PRNG) and recomputes the
 * headline metrics from cheap per-row quantities; the interval is the 2.5th–97.5th percentile of the resampled
 * values, interpolated linearly between order statistics (numpy's default percentile method).
 */
import { confusionMetrics, type ConfusionMetrics } from './confusion.js';
import { FLOAT64_EPS } from './logloss.js';

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  resamples?: number | undefined;
  /** PRNG seed (default 42): the same data and seed give the same interval. */
  seed?: number | undefined;
  /** Two-sided confidence level (default 0.95). */
  confidence?: number | undefined;
}

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapResult<K extends string> {
  resamples: number;
  /** The resamples asked for, when the draw budget reduced them. */
  requested?: number;
  seed: number;
  confidence: number;
  intervals: Record<K, Interval>;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_SEED = 42;
/**
 * Row draws allowed over all resamples (rows × resamples). Past it the resamples are reduced, never below
 * MIN_RESAMPLES: a 1M-row file gets 250 resamples (about a second), and the result says how many were used.
 */
export const MAX_DRAWS = 250_000_000;
export const MIN_RESAMPLES = 200;


/** numpy.percentile with linear interpolation; `q` in [0, 1]. Sorts `values` in place. */
export function percentile(values: Float64Array, q: number): number {
  values.sort();
  if (values.length === 0) return NaN;
  const pos = q * (values.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, values.length - 1);
  return values[lo]! + (values[hi]! - values[lo]!) * (pos - lo);
}

/** Resamples for n rows within the draw budget. */
export function resamplesFor(n: number, requested: number): number {
  if (n * requested <= MAX_DRAWS) return requested;
  return Math.max(Math.min(requested, MIN_RESAMPLES), Math.floor(MAX_DRAWS / Math.max(n, 1)));
}

function settle(options: BootstrapOptions, n: number) {
  const requested = Math.max(0, Math.floor(options.resamples ?? DEFAULT_RESAMPLES));
  const resamples = resamplesFor(n, requested);
  return {
    resamples,
    ...(resamples < requested ? { requested } : {}),
    seed: options.seed ?? DEFAULT_SEED,
    confidence: options.confidence ?? 0.95,
  };
}

function intervals<K extends string>(samples: Record<K, Float64Array>, confidence: number): Record<K, Interval> {
  const alpha = (1 - confidence) / 2;
  const out = {} as Record<K, Interval>;
  for (const key of Object.keys(samples) as K[]) {
    const values = samples[key].filter((v) => Number.isFinite(v));
    out[key] = { low: percentile(values, alpha), high: percentile(values, 1 - alpha) };
  }
  return out;
}

export const CLASSIFICATION_BOOTSTRAP_METRICS = ['accuracy', 'balanced_accuracy', 'f1_macro', 'f1_weighted'] as const satisfies ReadonlyArray<keyof ConfusionMetrics>;
export type ClassificationBootstrapMetric = (typeof CLASSIFICATION_BOOTSTRAP_METRICS)[number];

/** Bootstrap intervals for the confusion-matrix metrics of class ids `yTrue`/`yPred` over `k` classes. */
export function bootstrapClassification(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number, options: BootstrapOptions = {}): BootstrapResult<ClassificationBootstrapMetric> {
  const n = yTrue.length;
  const { resamples, seed, confidence, ...rest } = settle(options, n);
  // Resampling rows only changes how often each (true, predicted) cell is drawn: draw cells from their empirical
  // distribution (same law as drawing row indices) with a cumulative table, which avoids random access to n rows.
  const cellCounts = new Float64Array(k * k);
  for (let i = 0; i < n; i++) cellCounts[yTrue[i]! * k + yPred[i]!]!++;
  const cells: number[] = [];
  const cumulative: number[] = [];
  let acc = 0;
  for (let c = 0; c < k * k; c++) {
    if (cellCounts[c] === 0) continue;
    acc += cellCounts[c]!;
    cells.push(c);
    cumulative.push(acc);
  }
  // Draw j in [0, n) and find the first cell whose cumulative count exceeds it: exactly a uniform row draw.
  const m = cells.length;
  const cum = Int32Array.from(cumulative);
  const cellOf = Int32Array.from(cells);
  const samples = Object.fromEntries(CLASSIFICATION_BOOTSTRAP_METRICS.map((key) => [key, new Float64Array(resamples)])) as Record<ClassificationBootstrapMetric, Float64Array>;
  const counts = new Float64Array(k * k);
  const drawn = new Int32Array(m);
  // Which cell a draw lands in, by binary-free lookup: the top 16 bits of the 32-bit draw pick a bucket; a bucket
  // whose whole range of row indices lies in one cell maps straight to it (all but at most m − 1 buckets), the others
  // fall back to scanning the cumulative counts. Same result as the scan, without its unpredictable branches.
  const scale = n / 4294967296;
  const scan = (j: number) => {
    let c = 0;
    while (cum[c]! <= j) c++;
    return c;
  };
  const table = new Int32Array(65536);
  for (let bucket = 0; bucket < 65536; bucket++) {
    const lo = scan((bucket * 65536 * scale) | 0);
    table[bucket] = scan(((bucket * 65536 + 65535) * scale) | 0) === lo ? lo : -1;
  }
  // mulberry32 (../random.ts) inlined: the hot loop runs rows × resamples times; the same sequence as mulberry32(seed).
  let state = seed >>> 0;
  for (let b = 0; b < resamples; b++) {
    drawn.fill(0);
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const u = (t ^ (t >>> 14)) >>> 0;
      let c = table[u >>> 16]!;
      if (c < 0) c = scan((u * scale) | 0);
      drawn[c]!++;
    }
    counts.fill(0);
    for (let c = 0; c < m; c++) counts[cellOf[c]!] = drawn[c]!;
    const metrics = confusionMetrics({ k, counts });
    for (const key of CLASSIFICATION_BOOTSTRAP_METRICS) samples[key][b] = metrics[key];
  }
  return { resamples, ...rest, seed, confidence, intervals: intervals(samples, confidence) };
}

export const REGRESSION_BOOTSTRAP_METRICS = ['mae', 'rmse', 'r2', 'mape'] as const;
export type RegressionBootstrapMetric = (typeof REGRESSION_BOOTSTRAP_METRICS)[number];

export function bootstrapRegression(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapResult<RegressionBootstrapMetric> {
  const n = yTrue.length;
  const { resamples, seed, confidence, ...rest } = settle(options, n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  // Per row, interleaved so one draw touches one cache line: |e|, e², |e|/max(|y|, eps), y − mean (centred so
  // Σy² − (Σy)²/n stays well conditioned).
  const rowsData = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const e = yTrue[i]! - yPred[i]!;
    const ae = Math.abs(e);
    rowsData[i * 4] = ae;
    rowsData[i * 4 + 1] = e * e;
    rowsData[i * 4 + 2] = ae / Math.max(Math.abs(yTrue[i]!), FLOAT64_EPS);
    rowsData[i * 4 + 3] = yTrue[i]! - mean;
  }
  const samples = Object.fromEntries(REGRESSION_BOOTSTRAP_METRICS.map((m) => [m, new Float64Array(resamples)])) as Record<RegressionBootstrapMetric, Float64Array>;
  let state = seed >>> 0;
  const scale = n / 4294967296;
  for (let b = 0; b < resamples; b++) {
    let sAe = 0;
    let sSe = 0;
    let sApe = 0;
    let sY = 0;
    let sY2 = 0;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const j = Math.floor(((t ^ (t >>> 14)) >>> 0) * scale) * 4;
      sAe += rowsData[j]!;
      sSe += rowsData[j + 1]!;
      sApe += rowsData[j + 2]!;
      const y = rowsData[j + 3]!;
      sY += y;
      sY2 += y * y;
    }
    const ssTot = sY2 - (sY * sY) / n;
    samples.mae[b] = sAe / n;
    samples.rmse[b] = Math.sqrt(sSe / n);
    samples.mape[b] = sApe / n;
    samples.r2[b] = ssTot === 0 ? (sSe === 0 ? 1 : 0) : 1 - sSe / ssTot;
  }
  return { resamples, ...rest, seed, confidence, intervals: intervals(samples, confidence) };
}
