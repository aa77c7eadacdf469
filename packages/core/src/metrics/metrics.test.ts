import { describe, expect, it } from 'vitest';
import { referencePython, runPythonJson } from '../../../../test/helpers/python.js';
import { bootstrapClassification, bootstrapRegression, MAX_DRAWS, percentile, resamplesFor } from './bootstrap.js';
import { mulberry32 } from '../random.js';
import { classificationReport } from './classification.js';
import { FLOAT32_EPS, logLoss, LogLossSum } from './logloss.js';
import { averagePrecision, rocAuc, rocAucOvr, RocAucOvrFloat32 } from './ranking.js';
import { regressionMetrics } from './regression.js';

const python = referencePython();

describe('classification metrics: published scikit-learn values', () => {
  // sklearn 1.2 docstring examples of precision_score, recall_score and f1_score:
  // y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1] → precision macro 0.22…, weighted 0.22…;
  // recall macro 0.33…, weighted 0.33…; f1 macro 0.26…, weighted 0.26….
  it('matches the precision/recall/f1 docstrings', () => {
    const { metrics } = classificationReport({ classes: ['0', '1', '2'], yTrue: [0, 1, 2, 0, 1, 2], yPred: [0, 2, 1, 0, 0, 1] });
    // By hand: class 0 precision 2/3, recall 1, F1 0.8; classes 1 and 2 have no true positives.
    expect(metrics.precision_macro).toBeCloseTo(2 / 9, 12);
    expect(metrics.precision_weighted).toBeCloseTo(2 / 9, 12);
    expect(metrics.recall_macro).toBeCloseTo(1 / 3, 12);
    expect(metrics.recall_weighted).toBeCloseTo(1 / 3, 12);
    expect(metrics.f1_macro).toBeCloseTo(0.8 / 3, 12);
    expect(metrics.f1_weighted).toBeCloseTo(0.8 / 3, 12);
    expect(metrics.accuracy).toBeCloseTo(2 / 6, 12);
  });

  // balanced_accuracy_score docstring: y_true = [0, 1, 0, 0, 1, 0], y_pred = [0, 1, 0, 0, 0, 1] → 0.625.
  it('matches the balanced_accuracy docstring', () => {
    const { metrics } = classificationReport({ classes: ['0', '1'], yTrue: [0, 1, 0, 0, 1, 0], yPred: [0, 1, 0, 0, 0, 1] });
    expect(metrics.balanced_accuracy).toBeCloseTo(0.625, 12);
  });

  // log_loss docstring: log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) → 0.21616…
  // Classes sort as ham=0, spam=1. By hand: −(ln .9 + ln .9 + ln .8 + ln .65)/4 = 0.216161….
  it('matches the log_loss docstring', () => {
    const proba = new Float64Array([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]);
    expect(logLoss(proba, 2, [1, 0, 0, 1])).toBeCloseTo(-(Math.log(0.9) * 2 + Math.log(0.8) + Math.log(0.65)) / 4, 12);
    expect(logLoss(proba, 2, [1, 0, 0, 1])).toBeCloseTo(0.21616, 5);
  });

  // roc_auc_score / average_precision_score docstrings: y_true = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]
  // → ROC AUC 0.75, average precision 0.8333….
  it('matches the roc_auc and average_precision docstrings', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 12);
  });

  it('counts tied scores as half in ROC AUC and steps over tied thresholds in AP (by hand)', () => {
    // Positives {0.5, 0.5}, negatives {0.5, 0.1}: pairs (p>n) = 2, ties = 2 → AUC = (2 + 2·0.5)/4 = 0.75.
    expect(rocAuc([0.5, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.75, 12);
    // One threshold 0.5: recall 1, precision 2/3 → AP = 2/3.
    expect(averagePrecision([0.5, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(2 / 3, 12);
    expect(rocAuc([0.2, 0.3], [1, 1])).toBeNull();
  });

  it('ranks float32 scores by radix sort exactly as by comparison sort (ties included)', () => {
    const rand = mulberry32(21);
    const labels = Array.from({ length: 20_000 }, () => (rand() < 0.3 ? 1 : 0));
    // float32 scores on a coarse grid, so many tie; shifting them below zero takes the comparison-sort path.
    const scores = labels.map((y) => Math.fround(Math.round((rand() + y * 0.3) * 200) / 200));
    const shifted = scores.map((s) => s - 2);
    expect(rocAuc(scores, labels)).toBeCloseTo(rocAuc(shifted, labels)!, 12);
    expect(averagePrecision(scores, labels)).toBeCloseTo(averagePrecision(shifted, labels)!, 12);
    expect(rocAuc([0, -0, 0.5], [1, 0, 1])).toBeCloseTo(0.75, 12);
  });

  it('yields 0 on zero division, as sklearn zero_division="warn" does', () => {
    // Class 1 is never predicted: precision 0 (0/0), recall 0, F1 0; class 2 never occurs and is not a label.
    const { metrics, perClass } = classificationReport({ classes: ['a', 'b', 'c'], yTrue: [0, 1, 0], yPred: [0, 0, 0] });
    expect(perClass[1]).toMatchObject({ label: 'b', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(metrics.precision_macro).toBeCloseTo((2 / 3 + 0) / 2, 12);
    expect(metrics.balanced_accuracy).toBeCloseTo(0.5, 12);
  });
});

describe('regression metrics: published scikit-learn values', () => {
  // Docstrings of mean_absolute_error (0.5), mean_squared_error (0.375), r2_score (0.948…),
  // median_absolute_error (0.5), mean_absolute_percentage_error (0.3273…): y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8].
  it('matches the docstrings', () => {
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
    expect(m.mae).toBeCloseTo(0.5, 12);
    expect(m.mse).toBeCloseTo(0.375, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.r2).toBeCloseTo(0.9486081370449679, 12);
    expect(m.median_ae).toBeCloseTo(0.5, 12);
    expect(m.mape).toBeCloseTo(0.3273809523809524, 12);
  });

  it('gives r2 = 1 for a perfect fit of constant y and 0 otherwise (force_finite)', () => {
    expect(regressionMetrics([2, 2], [2, 2]).r2).toBe(1);
    expect(regressionMetrics([2, 2], [2, 3]).r2).toBe(0);
  });
});

describe.skipIf(!python)('metrics against live scikit-learn 1.2 (Debian python3)', () => {
  const rand = mulberry32(7);
  const n = 500;
  // Three classes, class 2 rare; scores rounded to 2 decimals so ties are frequent.
  const yTrue = Array.from({ length: n }, () => (rand() < 0.1 ? 2 : rand() < 0.5 ? 1 : 0));
  const proba: number[][] = yTrue.map((y) => {
    const raw = [rand(), rand(), rand()].map((v, c) => Math.round((v + (c === y ? 0.6 : 0)) * 100) / 100);
    const s = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / s);
  });
  proba[0] = [0, 1, 0]; // a zero probability for the true class exercises the eps clipping
  const yPred = proba.map((p) => p.indexOf(Math.max(...p)));

  it('multiclass: every metric equals sklearn', () => {
    const ref = runPythonJson<Record<string, number>>(
      python!,
      `
import json, sys, numpy as np
from sklearn import metrics as M
d = json.load(sys.stdin); yt = np.array(d['yt']); yp = np.array(d['yp']); P = np.array(d['p'])
out = dict(accuracy=M.accuracy_score(yt, yp), balanced_accuracy=M.balanced_accuracy_score(yt, yp))
for avg in ['macro', 'weighted']:
    out['precision_'+avg] = M.precision_score(yt, yp, average=avg)
    out['recall_'+avg] = M.recall_score(yt, yp, average=avg)
    out['f1_'+avg] = M.f1_score(yt, yp, average=avg)
out['log_loss'] = M.log_loss(yt, P, labels=[0, 1, 2])
out['roc_auc_ovr'] = M.roc_auc_score(yt, P, multi_class='ovr', average='macro')
print(json.dumps(out))`,
      JSON.stringify({ yt: yTrue, yp: yPred, p: proba }),
    );
    const { metrics } = classificationReport({ classes: ['0', '1', '2'], yTrue, yPred, proba: Float64Array.from(proba.flat()) });
    for (const [key, value] of Object.entries(ref)) expect(metrics[key as keyof typeof metrics], key).toBeCloseTo(value, 10);
  });

  it('binary: roc_auc and average precision with ties, log_loss with float32 eps, equal sklearn', () => {
    const yt = yTrue.map((y) => (y === 1 ? 1 : 0));
    const p1 = proba.map((p) => Math.round(p[1]! * 20) / 20);
    const f32 = Float32Array.from(p1.flatMap((p) => [1 - p, p]));
    const ref = runPythonJson<Record<string, number>>(
      python!,
      `
import json, sys, numpy as np
from sklearn import metrics as M
d = json.load(sys.stdin); yt = np.array(d['yt']); s = np.array(d['s'])
P = np.array(d['f32'], dtype=np.float32).reshape(-1, 2)
print(json.dumps(dict(roc_auc=M.roc_auc_score(yt, s), pr_auc=M.average_precision_score(yt, s), log_loss=float(M.log_loss(yt, P)))))`,
      JSON.stringify({ yt, s: p1, f32: Array.from(f32) }),
    );
    const yp = p1.map((p) => (p >= 0.5 ? 1 : 0));
    const { metrics } = classificationReport({ classes: ['0', '1'], yTrue: yt, yPred: yp, proba: f32 });
    expect(metrics.roc_auc).toBeCloseTo(ref.roc_auc!, 12);
    expect(metrics.pr_auc).toBeCloseTo(ref.pr_auc!, 12);
    // sklearn sums float32 probabilities in float32; agreement to ~1e-6 relative.
    expect(metrics.log_loss).toBeCloseTo(ref.log_loss!, 5);
  });

  it('regression: every metric equals sklearn', () => {
    const y = Array.from({ length: 301 }, (_, i) => (i % 17 === 0 ? 0 : Math.sin(i) * 10 + 3));
    const yHat = y.map((v, i) => v + Math.cos(i * 3) * 2);
    const ref = runPythonJson<Record<string, number>>(
      python!,
      `
import json, sys, numpy as np
from sklearn import metrics as M
d = json.load(sys.stdin); y = np.array(d['y']); p = np.array(d['p'])
print(json.dumps(dict(mae=M.mean_absolute_error(y, p), mse=M.mean_squared_error(y, p), rmse=M.mean_squared_error(y, p, squared=False),
  r2=M.r2_score(y, p), mape=M.mean_absolute_percentage_error(y, p), median_ae=M.median_absolute_error(y, p))))`,
      JSON.stringify({ y, p: yHat }),
    );
    const m = regressionMetrics(y, yHat);
    // Relative agreement: mape is ~3.5e14 here because y = 0 rows divide by float64 eps, as in sklearn.
    for (const [key, value] of Object.entries(ref)) expect(Math.abs(m[key as keyof typeof m] - value) / Math.max(1, Math.abs(value)), key).toBeLessThan(1e-12);
  });
});

describe('bootstrap', () => {
  it('is reproducible for a seed and brackets the point estimate', () => {
    const rand = mulberry32(1);
    const yTrue = Array.from({ length: 2000 }, () => (rand() < 0.5 ? 1 : 0));
    const yPred = yTrue.map((y) => (rand() < 0.8 ? y : 1 - y));
    const a = bootstrapClassification(yTrue, yPred, 2, { resamples: 300, seed: 9 });
    const b = bootstrapClassification(yTrue, yPred, 2, { resamples: 300, seed: 9 });
    expect(a).toEqual(b);
    const acc = classificationReport({ classes: ['0', '1'], yTrue, yPred }).metrics.accuracy;
    expect(a.intervals.accuracy.low).toBeLessThan(acc);
    expect(a.intervals.accuracy.high).toBeGreaterThan(acc);
    // Normal approximation: se = sqrt(p(1−p)/n) ≈ 0.0089 for p≈0.8, n=2000 → 95% half-width ≈ 0.0175.
    const half = (a.intervals.accuracy.high - a.intervals.accuracy.low) / 2;
    expect(half).toBeGreaterThan(0.012);
    expect(half).toBeLessThan(0.023);
    expect(bootstrapClassification(yTrue, yPred, 2, { resamples: 300, seed: 10 })).not.toEqual(a);
  });

  it('regression intervals bracket the estimates', () => {
    const rand = mulberry32(3);
    const y = Array.from({ length: 1000 }, () => rand() * 10);
    const p = y.map((v) => v + (rand() - 0.5));
    const r = bootstrapRegression(y, p, { resamples: 200 });
    const m = regressionMetrics(y, p);
    for (const key of ['mae', 'rmse', 'r2', 'mape'] as const) {
      expect(r.intervals[key].low, key).toBeLessThan(m[key]);
      expect(r.intervals[key].high, key).toBeGreaterThan(m[key]);
    }
  });

  it('caps the row draws on large data and says how many resamples were used', () => {
    expect(MAX_DRAWS).toBe(250_000_000);
    expect(resamplesFor(1000, 1000)).toBe(1000);
    expect(resamplesFor(1_000_000, 1000)).toBe(250);
    expect(resamplesFor(10_000_000, 1000)).toBe(200);
    expect(resamplesFor(10_000_000, 50)).toBe(50);
    const r = bootstrapClassification(new Int32Array(300_000), new Int32Array(300_000), 2, { resamples: 1000 });
    expect(r.resamples).toBe(833);
    expect(r.requested).toBe(1000);
  });

  it('percentile interpolates like numpy', () => {
    // numpy.percentile([1, 2, 3, 4], 25) = 1.75
    expect(percentile(Float64Array.from([4, 1, 3, 2]), 0.25)).toBeCloseTo(1.75, 12);
  });
});

describe('metrics summed batch by batch (evaluate sums them while rows are scored)', () => {
  it('LogLossSum and RocAucOvrFloat32 equal logLoss and rocAucOvr exactly, whatever the batch sizes', () => {
    const rand = mulberry32(5);
    const k = 4;
    const n = 5000;
    const yTrue = Int32Array.from({ length: n }, () => Math.floor(rand() * k));
    // Coarse float32 probabilities, so ties are common; one −0 and one exact 0.
    const proba = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const raw = Array.from({ length: k }, (_, c) => Math.round((rand() + (c === yTrue[i] ? 0.5 : 0)) * 20) / 20);
      const s = raw.reduce((a, b) => a + b, 0) || 1;
      raw.forEach((v, c) => (proba[i * k + c] = v / s));
    }
    proba[3] = -0;
    proba[10] = 0;
    const sum = new LogLossSum(k, FLOAT32_EPS);
    const auc = new RocAucOvrFloat32(k);
    for (let start = 0; start < n; ) {
      const end = Math.min(n, start + 1 + Math.floor(rand() * 700));
      sum.add(proba.subarray(start * k, end * k), yTrue.subarray(start, end));
      auc.add(proba.subarray(start * k, end * k), yTrue.subarray(start, end));
      start = end;
    }
    expect(sum.value()).toBe(logLoss(proba, k, yTrue));
    expect(auc.value()).toBe(rocAucOvr(proba, k, yTrue));
    expect(auc.value()).toBe(rocAucOvr(Float64Array.from(proba), k, yTrue));
  });
  it('RocAucOvrFloat32 gives up on a negative or NaN probability (rocAucOvr takes the general path)', () => {
    const auc = new RocAucOvrFloat32(3);
    auc.add(Float32Array.from([0.2, 0.3, 0.5, -0.1, 0.6, 0.5]), [2, 1]);
    expect(auc.value()).toBeUndefined();
  });
});
