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
  seed: number;
  confidence: number;
  intervals: Record<K, Interval>;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_SEED = 42;

/** mulberry32: a small, fast 32-bit PRNG; good enough for resampling and fully reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** numpy.percentile with linear interpolation; `q` in [0, 1]. Sorts `values` in place. */
export function percentile(values: Float64Array, q: number): number {
  values.sort();
  if (values.length === 0) return NaN;
  const pos = q * (values.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, values.length - 1);
  return values[lo]! + (values[hi]! - values[lo]!) * (pos - lo);
}

function settle(options: BootstrapOptions) {
  return {
    resamples: Math.max(0, Math.floor(options.resamples ?? DEFAULT_RESAMPLES)),
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
  const { resamples, seed, confidence } = settle(options);
  const n = yTrue.length;
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) cell[i] = yTrue[i]! * k + yPred[i]!;
  const samples = Object.fromEntries(CLASSIFICATION_BOOTSTRAP_METRICS.map((m) => [m, new Float64Array(resamples)])) as Record<ClassificationBootstrapMetric, Float64Array>;
  const counts = new Float64Array(k * k);
  const rand = mulberry32(seed);
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[cell[(rand() * n) | 0]!]!++;
    const m = confusionMetrics({ k, counts });
    for (const key of CLASSIFICATION_BOOTSTRAP_METRICS) samples[key][b] = m[key];
  }
  return { resamples, seed, confidence, intervals: intervals(samples, confidence) };
}

export const REGRESSION_BOOTSTRAP_METRICS = ['mae', 'rmse', 'r2', 'mape'] as const;
export type RegressionBootstrapMetric = (typeof REGRESSION_BOOTSTRAP_METRICS)[number];

export function bootstrapRegression(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapResult<RegressionBootstrapMetric> {
  const { resamples, seed, confidence } = settle(options);
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  const ae = new Float64Array(n);
  const se = new Float64Array(n);
  const ape = new Float64Array(n);
  const yc = new Float64Array(n); // centred on the full-sample mean: keeps Σy² − (Σy)²/n well conditioned
  for (let i = 0; i < n; i++) {
    const e = yTrue[i]! - yPred[i]!;
    ae[i] = Math.abs(e);
    se[i] = e * e;
    ape[i] = ae[i]! / Math.max(Math.abs(yTrue[i]!), FLOAT64_EPS);
    yc[i] = yTrue[i]! - mean;
  }
  const samples = Object.fromEntries(REGRESSION_BOOTSTRAP_METRICS.map((m) => [m, new Float64Array(resamples)])) as Record<RegressionBootstrapMetric, Float64Array>;
  const rand = mulberry32(seed);
  for (let b = 0; b < resamples; b++) {
    let sAe = 0;
    let sSe = 0;
    let sApe = 0;
    let sY = 0;
    let sY2 = 0;
    for (let i = 0; i < n; i++) {
      const j = (rand() * n) | 0;
      sAe += ae[j]!;
      sSe += se[j]!;
      sApe += ape[j]!;
      sY += yc[j]!;
      sY2 += yc[j]! * yc[j]!;
    }
    const ssTot = sY2 - (sY * sY) / n;
    samples.mae[b] = sAe / n;
    samples.rmse[b] = Math.sqrt(sSe / n);
    samples.mape[b] = sApe / n;
    samples.r2[b] = ssTot === 0 ? (sSe === 0 ? 1 : 0) : 1 - sSe / ssTot;
  }
  return { resamples, seed, confidence, intervals: intervals(samples, confidence) };
}
