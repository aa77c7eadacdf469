/**
 * End-to-end tests of `mlci evaluate` (in-process CLI against the sources) with ONNX models built in
 * test/evaluate/onnx-models.ts. Expected predictions are computed here from each model's own formula, independently of
 * onnxruntime; expected metrics come from scikit-learn 1.2 (Debian python3, when present) or by hand as noted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { referencePython, runPythonJson } from '../helpers/python.js';
import { testdir } from '../helpers/tmp.js';
import { mulberry32 } from '@mlci/core';
import { linearClassifier, linearRegression, matmulSoftmax, perFeatureInputs, treeEnsembleClassifier, treeEnsembleRegressor } from './onnx-models.js';

const python = referencePython();


// Three noisy clusters in 3 features; values rounded to 2 decimals so they are exact in the CSV.
const rand = mulberry32(11);
const N = 300;
const rows = Array.from({ length: N }, (_, i) => {
  const y = i % 3;
  const x = [0, 1, 2].map((j) => Math.round(((j === y ? 1.2 : 0) + (rand() - 0.5) * 2.4) * 100) / 100);
  return { x, y, site: i % 4 === 0 ? 'north' : 'south' };
});
const W = [
  [1.5, -0.5, 0.2],
  [-0.4, 1.1, -0.3],
  [0.1, -0.2, 0.9],
]; // W[class][feature]
const B = [0.1, -0.2, 0.05];
const NAMES = ['cat', 'dog', 'eel'];

function csv(labels: (y: number) => string, order: 'x-first' | 'y-first' = 'x-first'): string {
  const head = order === 'x-first' ? 'f1,f2,f3,site,label' : 'label,site,f3,f1,f2';
  const body = rows.map((r) => (order === 'x-first' ? [...r.x, r.site, labels(r.y)] : [labels(r.y), r.site, r.x[2], r.x[0], r.x[1]]).join(','));
  return [head, ...body].join('\n') + '\n';
}

/** Softmax(W·x + b) in float64, as a reference for the model's float32 output. */
function reference() {
  const proba = rows.map((r) => {
    const z = W.map((w, c) => w.reduce((s, wj, j) => s + wj * r.x[j]!, B[c]!));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
  const pred = proba.map((p) => p.indexOf(Math.max(...p)));
  return { proba, pred };
}

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

async function evaluate(dir: string, args: string[]) {
  const r = await runCli(['evaluate', ...args], { cwd: dir });
  return { ...r, metrics: r.code === 0 ? readJson(join(dir, args[args.indexOf('--out') + 1] ?? 'mlci-eval', 'metrics.json')) : undefined };
}

const CLASSIFICATION_KEYS = ['accuracy', 'balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted', 'f1_weighted'];

describe('mlci evaluate: classification exports', () => {
  const { proba, pred } = reference();

  it('skl2onnx LinearClassifier (int64 labels + probabilities) gives scikit-learn metrics', async () => {
    const dir = testdir({ 'test.csv': csv((y) => String(y)) });
    writeFileSync(join(dir, 'model.onnx'), linearClassifier({ coefficients: W, intercepts: B, labels: [0, 1, 2] }));
    const r = await evaluate(dir, ['--model', 'model.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--out', 'out']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = r.metrics;
    // By hand: accuracy is the share of rows whose reference arg-max equals the label.
    expect(m.accuracy).toBeCloseTo(pred.filter((p, i) => p === rows[i]!.y).length / N, 12);
    expect(m.rows).toBe(N);
    expect(m.labels).toEqual(['0', '1', '2']);
    for (const key of ['latency_ms_p50', 'latency_ms_p95', 'throughput_rows_per_s', 'model_size_bytes']) expect(m[key], key).toBeGreaterThan(0);
    expect(m.intervals.accuracy.low).toBeLessThan(m.accuracy);
    expect(m.intervals.accuracy.high).toBeGreaterThan(m.accuracy);
    if (!python) return;
    const ref = runPythonJson<Record<string, number>>(
      python,
      `
import json, sys, numpy as np
from sklearn import metrics as M
d = json.load(sys.stdin); yt = np.array(d['yt']); yp = np.array(d['yp']); P = np.array(d['p'])
out = dict(accuracy=M.accuracy_score(yt, yp), balanced_accuracy=M.balanced_accuracy_score(yt, yp),
  log_loss=M.log_loss(yt, P), roc_auc_ovr=M.roc_auc_score(yt, P, multi_class='ovr'))
for avg in ['macro', 'weighted']:
    out['precision_'+avg] = M.precision_score(yt, yp, average=avg)
    out['recall_'+avg] = M.recall_score(yt, yp, average=avg)
    out['f1_'+avg] = M.f1_score(yt, yp, average=avg)
out['cm'] = M.confusion_matrix(yt, yp).tolist()
print(json.dumps(out))`,
      JSON.stringify({ yt: rows.map((r) => r.y), yp: pred, p: proba }),
    );
    for (const key of CLASSIFICATION_KEYS) expect(m[key], key).toBeCloseTo(ref[key]!, 12);
    // The model computes in float32: probabilities agree with the float64 reference to ~1e-7.
    expect(m.log_loss).toBeCloseTo(ref.log_loss!, 5);
    expect(m.roc_auc_ovr).toBeCloseTo(ref.roc_auc_ovr!, 4);
    expect(m.confusion_matrix).toEqual(ref.cm);
  });

  it('string labels through a ZipMap output give the same figures, labelled by name', async () => {
    const dir = testdir({ 'a.csv': csv((y) => String(y)), 'b.csv': csv((y) => NAMES[y]!) });
    writeFileSync(join(dir, 'int.onnx'), linearClassifier({ coefficients: W, intercepts: B, labels: [0, 1, 2] }));
    writeFileSync(join(dir, 'zip.onnx'), linearClassifier({ coefficients: W, intercepts: B, labels: NAMES, zipmap: true }));
    const a = await evaluate(dir, ['--model', 'int.onnx', '--data', 'a.csv', '--target', 'label', '--features', 'f1,f2,f3', '--out', 'a', '--bootstrap', '0']);
    const b = await evaluate(dir, ['--model', 'zip.onnx', '--data', 'b.csv', '--target', 'label', '--features', 'f1,f2,f3', '--out', 'b', '--bootstrap', '0']);
    expect(b.code).toBe(0);
    expect(b.metrics.labels).toEqual(NAMES);
    for (const key of [...CLASSIFICATION_KEYS, 'log_loss', 'roc_auc_ovr']) expect(b.metrics[key], key).toBe(a.metrics[key]);
    const evaluation = readJson(join(dir, 'b', 'evaluation.json'));
    expect(evaluation.model.outputs).toEqual(['label', 'probability_tensor']);
    expect(evaluation.perClass.map((c: { label: string }) => c.label)).toEqual(NAMES);
    const outcomes = readFileSync(join(dir, 'b', 'outcomes.csv'), 'utf8').trim().split('\n');
    expect(outcomes[0]).toBe('row,line,y_true,y_pred,correct,p_true');
    expect(outcomes[1]!.split(',').slice(0, 5)).toEqual(['0', '2', NAMES[0], NAMES[pred[0]!], pred[0] === 0 ? '1' : '0']);
    expect(Number(outcomes[1]!.split(',')[5])).toBeCloseTo(proba[0]![0]!, 6);
  });

  it('a PyTorch-style MatMul/Add output: probabilities used as they are, logits through softmax', async () => {
    const dir = testdir({ 'test.csv': csv((y) => NAMES[y]!) });
    const Wt = [0, 1, 2].map((j) => W.map((w) => w[j]!)); // [feature][class]
    writeFileSync(join(dir, 'softmax.onnx'), matmulSoftmax(Wt, B));
    writeFileSync(join(dir, 'logits.onnx'), matmulSoftmax(Wt, B, { softmax: false }));
    const common = ['--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--class-labels', NAMES.join(','), '--bootstrap', '0'];
    const p = await evaluate(dir, ['--model', 'softmax.onnx', ...common, '--out', 'p']);
    const l = await evaluate(dir, ['--model', 'logits.onnx', ...common, '--out', 'l']);
    expect(p.code).toBe(0);
    expect(l.code).toBe(0);
    expect(readJson(join(dir, 'p', 'evaluation.json')).model.transform).toBe('none');
    expect(readJson(join(dir, 'l', 'evaluation.json')).model.transform).toBe('softmax');
    expect(l.metrics.accuracy).toBeCloseTo(pred.filter((x, i) => x === rows[i]!.y).length / N, 12);
    expect(l.metrics.log_loss).toBeCloseTo(p.metrics.log_loss, 5);
    // Without --class-labels the classes are the output columns 0..C-1, and names in the data are unknown labels.
    const u = await runCli(['evaluate', '--model', 'softmax.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3'], { cwd: dir });
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/test\.csv:2: target 'label' 'cat' is not one of the model's classes \(0, 1, 2\)\. .*--class-labels/);
  });

  it('a binary model with one logit per row gets a sigmoid; roc_auc and pr_auc as scikit-learn', async () => {
    // Score = 2·f1 − f2 (a logit); label = 1 for class 0 rows. Sigmoid is monotone, so AUC equals that of the raw score.
    const dir = testdir({ 'test.csv': csv((y) => (y === 0 ? '1' : '0')) });
    writeFileSync(join(dir, 'bin.onnx'), linearRegression([2, -1, 0], 0));
    const r = await evaluate(dir, ['--model', 'bin.onnx', '--task', 'classification', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--out', 'o', '--bootstrap', '0']);
    expect(r.stderr).toBe('');
    expect(readJson(join(dir, 'o', 'evaluation.json')).model.transform).toBe('sigmoid');
    const score = rows.map((x) => 2 * x.x[0]! - x.x[1]!);
    const yt = rows.map((x) => (x.y === 0 ? 1 : 0));
    // Hand check of the decision rule: predicted 1 when sigmoid(score) > 0.5, i.e. score > 0.
    expect(r.metrics.accuracy).toBeCloseTo(score.filter((s, i) => (s > 0 ? 1 : 0) === yt[i]).length / N, 12);
    if (!python) return;
    const ref = runPythonJson<Record<string, number>>(
      python,
      `
import json, sys, numpy as np
from sklearn import metrics as M
d = json.load(sys.stdin)
# The model's float32 logit, through a float64 sigmoid, stored as float32 (as mlci keeps probabilities): ties included.
raw = np.array(d['s'], dtype=np.float32).astype(np.float64)
p = (1 / (1 + np.exp(-raw))).astype(np.float32)
print(json.dumps(dict(roc_auc=M.roc_auc_score(d['y'], p), pr_auc=M.average_precision_score(d['y'], p))))`,
      JSON.stringify({ y: yt, s: score }),
    );
    expect(r.metrics.roc_auc).toBeCloseTo(ref.roc_auc!, 12);
    expect(r.metrics.pr_auc).toBeCloseTo(ref.pr_auc!, 12);
  });

  it('TreeEnsembleClassifier: predictions follow the tree (checked by hand)', async () => {
    // f1 <= 0.6 → {cat .1, dog .9}… : leaves chosen so the predicted class is fixed per region.
    const tree = {
      feature: 0,
      threshold: 0.6,
      left: { feature: 1, threshold: 0.6, left: { leaf: [0.2, 0.3, 0.5] }, right: { leaf: [0.1, 0.8, 0.1] } },
      right: { leaf: [0.7, 0.2, 0.1] },
    };
    const dir = testdir({ 'test.csv': csv((y) => NAMES[y]!) });
    writeFileSync(join(dir, 'tree.onnx'), treeEnsembleClassifier([tree], NAMES, 3));
    const r = await evaluate(dir, ['--model', 'tree.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--out', 'o', '--slice-by', 'site']);
    expect(r.stderr).toBe('');
    const expected = rows.map((x) => (x.x[0]! > 0.6 ? 0 : x.x[1]! > 0.6 ? 1 : 2));
    const correct = expected.filter((p, i) => p === rows[i]!.y).length;
    expect(r.metrics.accuracy).toBeCloseTo(correct / N, 12);
    const north = rows.map((x, i) => [x, i] as const).filter(([x]) => x.site === 'north');
    expect(r.metrics.slices.site.north.rows).toBe(north.length);
    expect(r.metrics.slices.site.north.accuracy).toBeCloseTo(north.filter(([x, i]) => expected[i] === x.y).length / north.length, 12);
  });

  it('a model with one input per feature is fed by column name, whatever the file order', async () => {
    const dir = testdir({ 'test.csv': csv((y) => String(y), 'y-first') });
    const Wt = [0, 1, 2].map((j) => W.map((w) => w[j]!));
    writeFileSync(join(dir, 'named.onnx'), perFeatureInputs(['f1', 'f2', 'f3'], Wt, B));
    const r = await evaluate(dir, ['--model', 'named.onnx', '--data', 'test.csv', '--target', 'label', '--out', 'o', '--bootstrap', '0']);
    expect(r.stderr).toBe('');
    expect(r.metrics.accuracy).toBeCloseTo(pred.filter((p, i) => p === rows[i]!.y).length / N, 12);
  });

  it('gives the same results in small batches (pipelined runs keep row order) and reproducible intervals', async () => {
    const dir = testdir({ 'test.csv': csv((y) => String(y)) });
    writeFileSync(join(dir, 'model.onnx'), linearClassifier({ coefficients: W, intercepts: B, labels: [0, 1, 2] }));
    const base = ['--model', 'model.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--bootstrap', '200', '--seed', '5'];
    const a = await evaluate(dir, [...base, '--out', 'a']);
    const b = await evaluate(dir, [...base, '--batch-size', '7', '--out', 'b']);
    expect(b.code).toBe(0);
    const strip = (m: any) => ({ ...m, latency_ms_p50: 0, latency_ms_p95: 0, throughput_rows_per_s: 0, mlci: { ...m.mlci, batch_rows: 0 } });
    expect(strip(b.metrics)).toEqual(strip(a.metrics));
    expect(readFileSync(join(dir, 'b', 'outcomes.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'outcomes.csv'), 'utf8'));
    expect(readJson(join(dir, 'b', 'evaluation.json')).timing.batches).toBe(Math.ceil(N / 7));
  });
});

describe('mlci evaluate: regression', () => {
  it('TreeEnsembleRegressor and a flat [N] linear output give scikit-learn regression metrics', async () => {
    const dir = testdir({ 'test.csv': ['f1,f2,f3,site,label', ...rows.map((r) => [...r.x, r.site, Math.round((r.x[0]! * 3 + r.x[2]!) * 100) / 100].join(','))].join('\n') + '\n' });
    const tree = { feature: 0, threshold: 0.5, left: { leaf: [-1] }, right: { feature: 2, threshold: 0, left: { leaf: [2] }, right: { leaf: [4] } } };
    writeFileSync(join(dir, 'tree.onnx'), treeEnsembleRegressor([tree], 3, 0.5));
    writeFileSync(join(dir, 'lin.onnx'), linearRegression([3, 0, 1], 0.25, { flat: true }));
    const t = await evaluate(dir, ['--model', 'tree.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--out', 't', '--slice-by', 'site']);
    const l = await evaluate(dir, ['--model', 'lin.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--out', 'l']);
    expect(t.stderr + l.stderr).toBe('');
    const y = rows.map((r) => Math.round((r.x[0]! * 3 + r.x[2]!) * 100) / 100);
    const treePred = rows.map((r) => 0.5 + (r.x[0]! <= 0.5 ? -1 : r.x[2]! <= 0 ? 2 : 4));
    // Hand check: the linear model is off by exactly 0.25 everywhere (up to float32 rounding).
    expect(l.metrics.mae).toBeCloseTo(0.25, 5);
    expect(l.metrics.median_ae).toBeCloseTo(0.25, 5);
    expect(t.metrics.mae).toBeCloseTo(y.reduce((s, v, i) => s + Math.abs(v - treePred[i]!), 0) / N, 9);
    for (const key of ['mae', 'rmse', 'r2']) {
      expect(t.metrics.intervals[key].low, key).toBeLessThanOrEqual(t.metrics[key]);
      expect(t.metrics.intervals[key].high, key).toBeGreaterThanOrEqual(t.metrics[key]);
    }
    expect(Object.keys(t.metrics.slices.site)).toEqual(['south', 'north']);
    if (!python) return;
    const ref = runPythonJson<Record<string, number>>(
      python,
      `
import json, sys, numpy as np
from sklearn import metrics as M
d = json.load(sys.stdin); y = np.array(d['y']); p = np.array(d['p'], dtype=np.float32)
print(json.dumps(dict(mae=float(M.mean_absolute_error(y, p)), mse=float(M.mean_squared_error(y, p)), rmse=float(M.mean_squared_error(y, p, squared=False)),
  r2=float(M.r2_score(y, p)), mape=float(M.mean_absolute_percentage_error(y, p)), median_ae=float(M.median_absolute_error(y, p)))))`,
      JSON.stringify({ y, p: treePred }),
    );
    for (const [key, value] of Object.entries(ref)) expect(Math.abs(t.metrics[key] - value) / Math.max(1, Math.abs(value)), key).toBeLessThan(1e-9);
  });
});

describe('mlci evaluate: bad input exits 2 with one line', () => {
  const model = () => linearClassifier({ coefficients: W, intercepts: B, labels: [0, 1, 2] });
  const cases: Array<{ name: string; files: Record<string, string | Buffer | Uint8Array>; args: string[]; error: RegExp }> = [
    { name: 'a missing model file', files: {}, args: ['--model', 'nope.onnx'], error: /nope\.onnx: cannot read model: ENOENT\. Check the --model path/ },
    { name: 'a corrupt model', files: { 'm.onnx': Buffer.from('this is not protobuf at all, just text \u00ff\u00fe') }, args: [], error: /m\.onnx: (not a valid ONNX model|onnxruntime cannot load the model).*Pass an ONNX model file to --model/ },
    { name: 'a truncated model', files: { 'm.onnx': Buffer.from(model().subarray(0, 120)) }, args: [], error: /m\.onnx: (not a valid ONNX model|onnxruntime cannot load the model)/ },
    { name: 'a Git LFS pointer', files: { 'm.onnx': 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n' }, args: [], error: /m\.onnx: model is a Git LFS pointer, not the model\. Fetch LFS files/ },
    { name: 'a feature count mismatch', files: {}, args: ['--features', 'f1,f2'], error: /test\.csv: the model expects 3 features, found 2 \(f1, f2\)\. Pass --features with the model's 3 features/ },
    { name: 'the default features including a text column', files: {}, args: ['--no-features'], error: /the model expects 3 features, found 4 \(f1, f2, f3, site\)/ },
    { name: 'a missing target column', files: {}, args: ['--target', 'species'], error: /test\.csv \(--target\): target column 'species' not found \(columns: f1, f2, f3, site, label\)/ },
    { name: 'an unknown feature column', files: {}, args: ['--features', 'f1,f2,f9'], error: /--features: feature column f9 not found/ },
    { name: 'a non-numeric feature', files: { 'test.csv': 'f1,f2,f3,site,label\n1,2,3,a,0\n1,two,3,a,1\n' }, args: [], error: /test\.csv:3: feature 'f2' is 'two', not a number\. Features must be numbers/ },
    { name: 'an empty feature', files: { 'test.csv': 'f1,f2,f3,site,label\n1,2,3,a,0\n1,2,,a,1\n' }, args: [], error: /test\.csv:3: feature 'f3' is empty/ },
    { name: 'an unknown label', files: { 'test.csv': 'f1,f2,f3,site,label\n1,2,3,a,0\n1,2,3,a,7\n' }, args: [], error: /test\.csv:3: target 'label' '7' is not one of the model's classes \(0, 1, 2\)/ },
    { name: 'an empty target', files: { 'test.csv': 'f1,f2,f3,site,label\n1,2,3,a,\n' }, args: [], error: /test\.csv:2: target 'label' is empty/ },
    { name: 'a bad --task', files: {}, args: ['--task', 'ranking'], error: /--task: --task is 'ranking'\. Use one of: classification, regression/ },
    { name: 'a missing --target', files: {}, args: ['--target', ''], error: /missing required option --target/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const dir = testdir({ 'test.csv': csv((y) => String(y)), 'model.onnx': Buffer.from(model()), ...Object.fromEntries(Object.entries(c.files).map(([k, v]) => [k, Buffer.from(v as Uint8Array)])) });
      const args = ['--model', 'model.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3'];
      for (let i = 0; i < c.args.length; i++) {
        const flag = c.args[i]!;
        if (flag === '--no-features') {
          args.splice(args.indexOf('--features'), 2);
          continue;
        }
        const at = args.indexOf(flag);
        if (at >= 0) args[at + 1] = c.args[++i]!;
        else args.push(flag, c.args[++i]!);
      }
      if (c.files['m.onnx']) args[1] = 'm.onnx';
      const r = await runCli(['evaluate', ...args], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(c.error);
    });
  }

  it('a regression target that is not a number', async () => {
    const dir = testdir({ 'test.csv': 'f1,f2,f3,label\n1,2,3,4.5\n1,2,3,n/a\n' });
    writeFileSync(join(dir, 'lin.onnx'), linearRegression([1, 1, 1], 0));
    const r = await runCli(['evaluate', '--model', 'lin.onnx', '--data', 'test.csv', '--target', 'label'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/test\.csv:3: target 'label' is 'n\/a', not a number/);
  });
});

describe('mlci evaluate: summary', () => {
  it('escapes labels and column names in the Markdown summary', async () => {
    const dir = testdir({ 'test.csv': csv((y) => ['a|b', '<img src=x>', 'c'][y]!).replace('site', 'si|te') });
    writeFileSync(join(dir, 'm.onnx'), linearClassifier({ coefficients: W, intercepts: B, labels: ['a|b', '<img src=x>', 'c'] }));
    const r = await runCli(['evaluate', '--model', 'm.onnx', '--data', 'test.csv', '--target', 'label', '--features', 'f1,f2,f3', '--slice-by', 'si|te', '--summary', 'summary.md', '--bootstrap', '50'], { cwd: dir });
    expect(r.stderr).toBe('');
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('a\\|b');
    expect(md).toContain('&lt;img src=x&gt;');
    expect(md).not.toContain('<img');
    expect(md).toContain('Slices by si\\|te');
    expect(md).toContain('| accuracy |');
  });
});
