#!/usr/bin/env node
// Multinomial logistic regression on the Palmer penguins, in plain JavaScript (no Python).
// Features are standardised with the training mean and standard deviation; the model is full-batch gradient descent
// on softmax cross-entropy with L2. It is exported to ONNX as ai.onnx.ml Scaler → LinearClassifier (string class
// labels, softmax probabilities): the same shape skl2onnx gives a scikit-learn LogisticRegression with zipmap off.
// Writes model/model.onnx and model/train-metrics.json next to this file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { parse as parseYaml } from 'yaml';

const here = new URL('.', import.meta.url).pathname;
const params = parseYaml(readFileSync(`${here}params.yaml`, 'utf8')).train;

function readCsv(path) {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const header = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
}

const rows = readCsv(`${here}data/train.csv`);
const classes = [...new Set(rows.map((r) => r[params.target]))].sort();
const X = rows.map((r) => params.features.map((f) => Number(r[f])));
const y = rows.map((r) => classes.indexOf(r[params.target]));
const n = X.length;
const f = params.features.length;
const k = classes.length;

const mean = params.features.map((_, j) => X.reduce((s, x) => s + x[j], 0) / n);
const std = params.features.map((_, j) => Math.sqrt(X.reduce((s, x) => s + (x[j] - mean[j]) ** 2, 0) / n) || 1);
const Z = X.map((x) => x.map((v, j) => (v - mean[j]) / std[j]));

const W = Array.from({ length: k }, () => new Array(f).fill(0));
const b = new Array(k).fill(0);

function softmax(z) {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, c) => a + c, 0);
  return e.map((v) => v / s);
}
const predict = (z) => softmax(W.map((w, c) => w.reduce((s, wj, j) => s + wj * z[j], b[c])));

for (let epoch = 0; epoch < params.epochs; epoch++) {
  const gW = Array.from({ length: k }, () => new Array(f).fill(0));
  const gb = new Array(k).fill(0);
  for (let i = 0; i < n; i++) {
    const p = predict(Z[i]);
    for (let c = 0; c < k; c++) {
      const d = p[c] - (y[i] === c ? 1 : 0);
      gb[c] += d / n;
      for (let j = 0; j < f; j++) gW[c][j] += (d * Z[i][j]) / n;
    }
  }
  for (let c = 0; c < k; c++) {
    b[c] -= params.learning_rate * gb[c];
    for (let j = 0; j < f; j++) W[c][j] -= params.learning_rate * (gW[c][j] + params.l2 * W[c][j]);
  }
}

let correct = 0;
let loss = 0;
for (let i = 0; i < n; i++) {
  const p = predict(Z[i]);
  if (p.indexOf(Math.max(...p)) === y[i]) correct++;
  loss -= Math.log(Math.max(p[y[i]], 1e-15));
}

// ONNX: Scaler computes (x - offset) * scale; LinearClassifier computes softmax(x·Wᵀ + b) and the arg-max label.
const { onnx } = onnxProto;
const A = onnx.AttributeProto.AttributeType;
const floats = (name, values) => ({ name, type: A.FLOATS, floats: values });
const enc = (s) => new TextEncoder().encode(s);
const model = onnx.ModelProto.create({
  irVersion: 8,
  producerName: 'mlci-example-penguins',
  opsetImport: [{ domain: '', version: 15 }, { domain: 'ai.onnx.ml', version: 1 }],
  graph: {
    name: 'penguins_logreg',
    node: [
      { opType: 'Scaler', domain: 'ai.onnx.ml', input: ['float_input'], output: ['scaled'], attribute: [floats('offset', mean), floats('scale', std.map((s) => 1 / s))] },
      {
        opType: 'LinearClassifier',
        domain: 'ai.onnx.ml',
        input: ['scaled'],
        output: ['label', 'probabilities'],
        attribute: [
          floats('coefficients', W.flat()),
          floats('intercepts', b),
          { name: 'multi_class', type: A.INT, i: 1 },
          { name: 'post_transform', type: A.STRING, s: enc('SOFTMAX') },
          { name: 'classlabels_strings', type: A.STRINGS, strings: classes.map(enc) },
        ],
      },
    ],
    input: [{ name: 'float_input', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: f }] } } } }],
    output: [
      { name: 'label', type: { tensorType: { elemType: onnx.TensorProto.DataType.STRING, shape: { dim: [{ dimParam: 'N' }] } } } },
      { name: 'probabilities', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: k }] } } } },
    ],
  },
});
mkdirSync(`${here}model`, { recursive: true });
writeFileSync(`${here}model/model.onnx`, onnx.ModelProto.encode(model).finish());
const metrics = { train: { accuracy: correct / n, log_loss: loss / n, rows: n }, epochs: params.epochs };
writeFileSync(`${here}model/train-metrics.json`, JSON.stringify(metrics, null, 2) + '\n');
console.log(`trained on ${n} rows, ${k} classes (${classes.join(', ')}): train accuracy ${(correct / n).toFixed(4)}, log loss ${(loss / n).toFixed(4)}`);
