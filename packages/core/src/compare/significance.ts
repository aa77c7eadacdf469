import { confusionMetrics } from '../metrics/confusion.js';
import { mulberry32 } from '../random.js';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import type { MetricInterval } from './metrics-file.js';

/**
 * "Is this delta beyond noise?" Three ways, best first:
 * - McNemar's exact test on per-row correctness for accuracy-like metrics (both sides scored the same rows);
 * - a paired bootstrap of the metric difference from per-row outcomes (same resampled rows on both sides);
 * - a normal approximation from both sides' 95% bootstrap intervals (unpaired, so conservative).
 * Without outcomes or intervals on both sides the answer is null: we cannot tell.
 */

export interface SignificanceResult {
  method: 'mcnemar' | 'paired-bootstrap' | 'intervals';
  significant: boolean;
  /** Two-sided p-value (McNemar, intervals). */
  p_value?: number;
  /** MetricInterval of current − baseline at 1 − alpha (paired bootstrap). */
  delta_interval?: [number, number];
  /** McNemar's discordant pairs: rows only the baseline got right, rows only the current got right. */
  discordant?: { baseline_only: number; current_only: number };
  rows?: number;
}

/** Per-row outcomes of one model on an evaluation set. */
export interface Outcomes {
  ids: string[] | undefined;
  yTrue: string[];
  yPred: string[];
}

// ---- statistics ------------------------------------------------------------------------------------------------

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9): ~15 significant digits for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Exact two-sided McNemar p-value: 2 · P(X ≤ min(b, c)) for X ~ Binomial(b + c, 1/2), capped at 1. */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  const lnHalfN = n * Math.log(0.5);
  const lnNf = logGamma(n + 1);
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += Math.exp(lnNf - logGamma(i + 1) - logGamma(n - i + 1) + lnHalfN);
  return Math.min(1, 2 * sum);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

const Z95 = 1.959963984540054;

/** Unpaired test from two 95% intervals: standard errors read off the interval widths. */
export function intervalTest(baseline: MetricInterval, current: MetricInterval, delta: number, alpha: number): SignificanceResult {
  const se1 = (baseline.high - baseline.low) / (2 * Z95);
  const se2 = (current.high - current.low) / (2 * Z95);
  const se = Math.sqrt(se1 * se1 + se2 * se2);
  const p = se === 0 ? (delta === 0 ? 1 : 0) : 2 * (1 - normalCdf(Math.abs(delta) / se));
  return { method: 'intervals', significant: p < alpha, p_value: p };
}


function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

// ---- metrics recomputed from rows -------------------------------------------------------------------------------

const ACCURACY_LIKE = /(^|[._])(accuracy|acc|error_rate)$/;
const CLASSIFICATION = ['accuracy', 'balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted', 'f1_weighted'] as const;
const REGRESSION = ['mae', 'mse', 'rmse', 'r2'] as const;
type Computable = (typeof CLASSIFICATION)[number] | (typeof REGRESSION)[number];

function computableName(metric: string): Computable | undefined {
  const last = metric.split('.').pop()!;
  return ([...CLASSIFICATION, ...REGRESSION] as string[]).includes(last) ? (last as Computable) : undefined;
}

/** Classification metrics as scikit-learn defines them (metrics/confusion.ts), from class ids weighted by resample counts. */
function classificationMetric(name: (typeof CLASSIFICATION)[number], t: Int32Array, p: Int32Array, k: number, w: Float64Array): number {
  const counts = new Float64Array(k * k);
  for (let i = 0; i < t.length; i++) if (w[i]! > 0) counts[t[i]! * k + p[i]!]! += w[i]!;
  return confusionMetrics({ k, counts })[name];
}

function regressionMetric(name: (typeof REGRESSION)[number], t: Float64Array, p: Float64Array, w: Float64Array): number {
  let n = 0, sae = 0, sse = 0, sy = 0, sy2 = 0;
  for (let i = 0; i < t.length; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const e = t[i]! - p[i]!;
    n += wi;
    sae += wi * Math.abs(e);
    sse += wi * e * e;
    sy += wi * t[i]!;
    sy2 += wi * t[i]! * t[i]!;
  }
  switch (name) {
    case 'mae': return sae / n;
    case 'mse': return sse / n;
    case 'rmse': return Math.sqrt(sse / n);
    case 'r2': {
      const ssTot = sy2 - (sy * sy) / n;
      return ssTot === 0 ? (sse === 0 ? 1 : 0) : 1 - sse / ssTot;
    }
  }
}

// ---- paired data -----------------------------------------------------------------------------------------------

/** Both sides' outcomes on the same rows: aligned by `id` when both have ids, else by position. */
export interface PairedOutcomes {
  n: number;
  baseline: Outcomes;
  current: Outcomes;
  /** Index into current for each baseline row. */
  currentIndex: Int32Array;
}

export function pairOutcomes(baseline: Outcomes, current: Outcomes): PairedOutcomes | { problem: string } {
  if (baseline.ids && current.ids) {
    const where = new Map<string, number>();
    current.ids.forEach((id, i) => where.set(id, i));
    if (where.size !== current.ids.length) return { problem: 'current outcomes repeat an id' };
    if (baseline.ids.length !== current.ids.length) return { problem: `the sides scored different rows (${baseline.ids.length} vs ${current.ids.length})` };
    const idx = new Int32Array(baseline.ids.length);
    for (let i = 0; i < baseline.ids.length; i++) {
      const j = where.get(baseline.ids[i]!);
      if (j === undefined) return { problem: `row id '${baseline.ids[i]}' is only in the baseline outcomes` };
      idx[i] = j;
    }
    return { n: idx.length, baseline, current, currentIndex: idx };
  }
  if (baseline.yTrue.length !== current.yTrue.length) return { problem: `the sides scored different rows (${baseline.yTrue.length} vs ${current.yTrue.length})` };
  const idx = new Int32Array(baseline.yTrue.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  for (let i = 0; i < idx.length; i++) {
    if (baseline.yTrue[i] !== current.yTrue[i]) return { problem: `row ${i + 1} has a different y_true on each side; add an id column to align rows` };
  }
  return { n: idx.length, baseline, current, currentIndex: idx };
}

export interface PairedTestOptions {
  alpha: number;
  resamples?: number;
  seed?: number;
}

/** Significance of current − baseline for one metric from paired outcomes; undefined when the metric cannot be recomputed from rows. */
export function pairedTest(metric: string, pair: PairedOutcomes, options: PairedTestOptions): SignificanceResult | undefined {
  const n = pair.n;
  if (n === 0) return undefined;
  const { baseline: b, current: c, currentIndex } = pair;
  if (ACCURACY_LIKE.test(metric)) {
    let baselineOnly = 0;
    let currentOnly = 0;
    for (let i = 0; i < n; i++) {
      const j = currentIndex[i]!;
      const bOk = b.yTrue[i] === b.yPred[i];
      const cOk = c.yTrue[j] === c.yPred[j];
      if (bOk && !cOk) baselineOnly++;
      else if (cOk && !bOk) currentOnly++;
    }
    const p = mcnemarExact(baselineOnly, currentOnly);
    return { method: 'mcnemar', significant: p < options.alpha, p_value: p, discordant: { baseline_only: baselineOnly, current_only: currentOnly }, rows: n };
  }
  const name = computableName(metric);
  if (!name) return undefined;
  const resamples = options.resamples ?? 1000;
  const rand = mulberry32(options.seed ?? 42);
  const w = new Float64Array(n);
  let evaluate: (weights: Float64Array) => number;
  if ((CLASSIFICATION as readonly string[]).includes(name)) {
    const labels = new Map<string, number>();
    const id = (s: string) => {
      let v = labels.get(s);
      if (v === undefined) labels.set(s, (v = labels.size));
      return v;
    };
    const bt = new Int32Array(n), bp = new Int32Array(n), ct = new Int32Array(n), cp = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = currentIndex[i]!;
      bt[i] = id(b.yTrue[i]!);
      bp[i] = id(b.yPred[i]!);
      ct[i] = id(c.yTrue[j]!);
      cp[i] = id(c.yPred[j]!);
    }
    const k = labels.size;
    const m = name as (typeof CLASSIFICATION)[number];
    evaluate = (weights) => classificationMetric(m, ct, cp, k, weights) - classificationMetric(m, bt, bp, k, weights);
  } else {
    const bt = new Float64Array(n), bp = new Float64Array(n), ct = new Float64Array(n), cp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = currentIndex[i]!;
      bt[i] = Number(b.yTrue[i]);
      bp[i] = Number(b.yPred[i]);
      ct[i] = Number(c.yTrue[j]);
      cp[i] = Number(c.yPred[j]);
      if (![bt[i], bp[i], ct[i], cp[i]].every(Number.isFinite)) return undefined;
    }
    const m = name as (typeof REGRESSION)[number];
    evaluate = (weights) => regressionMetric(m, ct, cp, weights) - regressionMetric(m, bt, bp, weights);
  }
  const deltas = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    w.fill(0);
    for (let i = 0; i < n; i++) w[(rand() * n) | 0]!++;
    deltas[r] = evaluate(w);
  }
  deltas.sort();
  const lo = quantile(deltas, options.alpha / 2);
  const hi = quantile(deltas, 1 - options.alpha / 2);
  return { method: 'paired-bootstrap', significant: lo > 0 || hi < 0, delta_interval: [lo, hi], rows: n };
}

// ---- reading outcomes ------------------------------------------------------------------------------------------

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Reads per-row outcomes (`y_true`, `y_pred`, optional `id`) from JSON Lines or CSV, streaming. */
export async function readOutcomes(path: string): Promise<Outcomes> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const isCsv = /\.csv$/i.test(path);
  const yTrue: string[] = [];
  const yPred: string[] = [];
  const ids: string[] = [];
  let header: string[] | undefined;
  let lineNo = 0;
  const fail = (what: string): never => {
    throw new UsageError(what, { where: `${path}:${lineNo}`, fix: 'Write one row per line with y_true and y_pred (and an optional id) as JSON Lines or CSV', code: 'outcomes-invalid' });
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let row: Record<string, unknown>;
      if (isCsv) {
        const cells = splitCsvLine(line);
        if (!header) {
          header = cells.map((c) => c.trim().replace(/^\uFEFF/, ''));
          if (!header.includes('y_true') || !header.includes('y_pred')) fail('outcomes CSV header needs y_true and y_pred columns');
          continue;
        }
        row = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
      } else {
        try {
          row = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return fail('line is not valid JSON');
        }
        if (typeof row !== 'object' || row === null || !('y_true' in row) || !('y_pred' in row)) fail('row needs y_true and y_pred');
      }
      yTrue.push(String(row.y_true));
      yPred.push(String(row.y_pred));
      if (row.id !== undefined && row.id !== null && row.id !== '') ids.push(String(row.id));
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read outcomes: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { where: path, fix: 'Check the outcomes path', code: 'file-not-found' });
  }
  return { ids: ids.length === yTrue.length && ids.length > 0 ? ids : undefined, yTrue, yPred };
}
