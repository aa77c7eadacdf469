/**
 * Regression metrics as scikit-learn 1.2 defines them: `mean_absolute_percentage_error` divides by max(|y|, eps)
 * with float64 eps; `r2_score` (force_finite) is 1 for a perfect fit of constant y_true and 0 otherwise;
 * `median_absolute_error` averages the two middle errors for even counts.
 */
import { FLOAT64_EPS } from './logloss.js';

export interface RegressionMetrics {
  mae: number;
  mse: number;
  rmse: number;
  r2: number;
  mape: number;
  median_ae: number;
}

/** Running sums that give every metric but the median; mergeable and cheap to resample. */
export interface RegressionSums {
  n: number;
  absError: number;
  sqError: number;
  absPercentError: number;
  y: number;
  ySq: number;
}

export function emptyRegressionSums(): RegressionSums {
  return { n: 0, absError: 0, sqError: 0, absPercentError: 0, y: 0, ySq: 0 };
}

export function addRegressionRow(s: RegressionSums, y: number, yHat: number): void {
  const e = y - yHat;
  const ae = Math.abs(e);
  s.n++;
  s.absError += ae;
  s.sqError += e * e;
  s.absPercentError += ae / Math.max(Math.abs(y), FLOAT64_EPS);
  s.y += y;
  s.ySq += y * y;
}

export function metricsFromSums(s: RegressionSums): Omit<RegressionMetrics, 'median_ae'> & { r2: number } {
  const mse = s.sqError / s.n;
  // Total sum of squares from sums: Σy² − (Σy)²/n (cancellation is negligible next to float32 predictions).
  const ssTot = s.ySq - (s.y * s.y) / s.n;
  return {
    mae: s.absError / s.n,
    mse,
    rmse: Math.sqrt(mse),
    r2: r2From(s.sqError, ssTot),
    mape: s.absPercentError / s.n,
  };
}

function r2From(ssRes: number, ssTot: number): number {
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export function median(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** All regression metrics, exact (two-pass sum of squares around the mean for r2). */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const n = yTrue.length;
  const s = emptyRegressionSums();
  const errors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    addRegressionRow(s, yTrue[i]!, yPred[i]!);
    errors[i] = Math.abs(yTrue[i]! - yPred[i]!);
  }
  const mean = s.y / n;
  let ssTot = 0;
  for (let i = 0; i < n; i++) ssTot += (yTrue[i]! - mean) ** 2;
  const m = metricsFromSums(s);
  return { ...m, r2: r2From(s.sqError, ssTot), median_ae: median(errors) };
}
