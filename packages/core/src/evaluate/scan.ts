/**
 * One streaming pass of a model over a table: rows become float arrays batch by batch (buildFeedArrays, which also
 * runs in evaluate's parse thread), the model runs on them, and outputs are decoded into class ids and probabilities,
 * or values (Decoder). onnxruntime-node 1.x runs the session synchronously on the JS thread (from a setImmediate), so
 * on one thread parsing and the model take turns; its intra-op threads still parallelise inside a run.
 */
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.js';
import type { Table } from '../readers/types.js';
import { ClassIndex } from './classes.js';
import type { InputPlan, LoadedModel } from './model.js';
import type { OnnxRuntime, OnnxTensor } from './onnx-port.js';

export interface FeatureSelection {
  names: string[];
  /** Column index of each feature in the table header. */
  columns: number[];
}

export interface SelectFeaturesOptions {
  /** Explicit features (`--features`), in the order the model expects. */
  features?: string[] | undefined;
  /** Columns that are never features by default: the target, an id column. */
  exclude?: string[] | undefined;
  /** Option names for messages. */
  featuresOption?: string | undefined;
}

function listShort(names: string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length} in all)` : names.join(', ');
}

/** Which columns feed the model: its input names for per-feature inputs, else --features or all but the excluded. */
export function selectFeatures(table: Pick<Table, 'header' | 'path'>, model: LoadedModel, options: SelectFeaturesOptions = {}): FeatureSelection {
  const header = table.header;
  const option = options.featuresOption ?? '--features';
  const input = model.plan.input;
  let names: string[];
  if (input.mode === 'named') {
    names = input.names;
    const missing = names.filter((n) => !header.includes(n));
    if (missing.length > 0) {
      throw new UsageError(`the model's inputs ${listShort(missing)} have no column in the data (columns: ${listShort(header)})`, {
        where: table.path,
        fix: 'Name the data columns after the model inputs',
        code: 'feature-mismatch',
      });
    }
    if (options.features && options.features.length > 0 && [...options.features].sort().join('\u0000') !== [...names].sort().join('\u0000')) {
      throw new UsageError(`features given (${listShort(options.features)}) differ from the model's inputs (${listShort(names)})`, {
        where: option,
        fix: `Drop ${option}: a model with one input per feature is fed by name`,
        code: 'feature-mismatch',
      });
    }
  } else {
    const exclude = new Set(options.exclude ?? []);
    names = options.features && options.features.length > 0 ? options.features : header.filter((h) => !exclude.has(h));
    const missing = names.filter((n) => !header.includes(n));
    if (missing.length > 0) {
      throw new UsageError(`feature column ${listShort(missing)} not found (columns: ${listShort(header)})`, {
        where: option,
        fix: `List columns of ${table.path} in ${option}`,
        code: 'feature-mismatch',
      });
    }
    if (input.width !== null && input.width !== names.length) {
      throw new UsageError(`the model expects ${input.width} features, found ${names.length} (${listShort(names)})`, {
        where: table.path,
        fix: `Pass ${option} with the model's ${input.width} features in training order`,
        code: 'feature-mismatch',
      });
    }
  }
  return { names, columns: names.map((n) => header.indexOf(n)) };
}

export type OutputTransform = 'none' | 'softmax' | 'sigmoid';

export interface ScoredBatch {
  rows: string[][];
  lines: number[];
  /** Classification: predicted class id per row. */
  predicted: Int32Array | null;
  /** Classification: row-major probabilities [rows, classes], when the model gives them. */
  proba: Float32Array | null;
  /** Regression: predicted value per row. */
  values: Float64Array | null;
  /** Wall time of session.run for this batch, in ms. */
  runMs: number;
}

export interface ScanResult {
  rows: number;
  batches: number;
  transform: OutputTransform;
  runMs: number[];
  wallMs: number;
}

/** One model input as plain data: built where the rows are parsed (maybe a worker thread), made a tensor where it runs. */
export interface FeedArray {
  name: string;
  data: Float32Array | Float64Array;
  dims: number[];
}

/** Turns a batch's feature cells into the model's input arrays; a cell that is not a number is a UsageError. */
export function buildFeedArrays(rows: string[][], lines: number[], path: string, features: FeatureSelection, input: InputPlan): FeedArray[] {
  const n = rows.length;
  const f = features.columns.length;
  const type = input.type;
  const make = (len: number) => (type === 'float32' ? new Float32Array(len) : new Float64Array(len));
  const bad = (r: number, j: number): never => {
    const cell = rows[r]![features.columns[j]!];
    const what = cell === undefined ? `row has no value for feature '${features.names[j]}'` : cell.trim() === '' ? `feature '${features.names[j]}' is empty` : `feature '${features.names[j]}' is '${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}', not a number`;
    throw new UsageError(what, {
      where: `${path}:${lines[r]}`,
      fix: 'Features must be numbers: encode categories and impute or drop missing values before evaluating (or inside the ONNX graph)',
      code: 'feature-not-numeric',
    });
  };
  if (input.mode === 'matrix') {
    const data = make(n * f);
    const cols = features.columns;
    for (let r = 0; r < n; r++) {
      const row = rows[r]!;
      const base = r * f;
      for (let j = 0; j < f; j++) {
        const cell = row[cols[j]!];
        const v = +cell!;
        // `+''` and `+' '` are 0 and `+undefined` is NaN: check the rare cases only.
        if (v !== v || (v === 0 && (cell === undefined || cell.trim() === ''))) bad(r, j);
        data[base + j] = v;
      }
    }
    return [{ name: input.name, data, dims: [n, f] }];
  }
  return input.names.map((name, k) => {
    const j = features.names.indexOf(name);
    const col = features.columns[j]!;
    const data = make(n);
    for (let r = 0; r < n; r++) {
      const cell = rows[r]![col];
      const v = +cell!;
      if (v !== v || (v === 0 && (cell === undefined || cell.trim() === ''))) bad(r, j);
      data[r] = v;
    }
    return { name, data, dims: input.rank[k] === 1 ? [n] : [n, 1] };
  });
}

export function toTensors(feeds: FeedArray[], runtime: OnnxRuntime, type: 'float32' | 'float64'): Record<string, OnnxTensor> {
  const out: Record<string, OnnxTensor> = {};
  for (const f of feeds) out[f.name] = new runtime.Tensor(type, f.data, f.dims);
  return out;
}

/**
 * Runs the model on one batch; a failure becomes a UsageError naming the batch's lines. Resolves to the outputs and
 * the wall time of the run in ms.
 */
export async function runBatch(model: LoadedModel, feeds: Record<string, OnnxTensor>, path: string, firstLine: number, lastLine: number): Promise<{ out: Record<string, OnnxTensor>; ms: number }> {
  const t0 = performance.now();
  try {
    const out = await model.session.run(feeds, model.plan.fetches);
    return { out, ms: performance.now() - t0 };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    throw new UsageError(`the model failed on rows at lines ${firstLine}–${lastLine}: ${message}`, {
      where: `${path}:${firstLine}`,
      fix: 'Check that the features match what the model was trained on (count, order, types)',
      code: 'model-run-failed',
    });
  }
}

function toFloat32(t: OnnxTensor): Float32Array {
  const d = t.data;
  if (d instanceof Float32Array) return d;
  if (d instanceof Float64Array) return Float32Array.from(d);
  throw new Error(`output is ${t.type}, expected float`);
}

/** Decodes raw outputs into class ids/probabilities or values. Decides the score transform on the first batch. */
export class Decoder {
  transform: OutputTransform = 'none';
  private decided = false;
  constructor(
    private readonly model: LoadedModel,
    readonly classes: ClassIndex,
  ) {}

  decode(out: Record<string, OnnxTensor>, n: number): Pick<ScoredBatch, 'predicted' | 'proba' | 'values'> {
    const plan = this.model.plan.output;
    const where = this.model.path;
    if (plan.kind === 'regression') {
      const t = out[plan.output]!;
      const d = t.data as Float32Array | Float64Array;
      if (d.length !== n) throw new UsageError(`regression output '${plan.output}' has ${d.length} values for ${n} rows`, { where, fix: 'Export one value per row ([N] or [N, 1])', code: 'model-unsupported' });
      return { predicted: null, proba: null, values: Float64Array.from(d) };
    }
    if (plan.kind === 'label' || plan.kind === 'label-proba') {
      let proba: Float32Array | null = null;
      if (plan.kind === 'label-proba') {
        const t = out[plan.proba]!;
        proba = toFloat32(t);
        const c = proba.length / n;
        if (this.classes.labels.length === 0) for (let i = 0; i < c; i++) this.classes.id(String(i));
        if (c !== this.classes.labels.length) {
          throw new UsageError(`probability output has ${c} columns for ${this.classes.labels.length} classes`, { where, fix: 'Check the model export', code: 'model-unsupported' });
        }
      }
      const labels = out[plan.label]!.data as ArrayLike<bigint | string | number>;
      const predicted = new Int32Array(n);
      for (let i = 0; i < n; i++) predicted[i] = this.classes.require(String(labels[i]), where, 'predicted label');
      return { predicted, proba, values: null };
    }
    const t = out[plan.output]!;
    const raw = toFloat32(t);
    if (plan.kind === 'binary-score') {
      if (raw.length !== n) throw new UsageError(`score output '${plan.output}' has ${raw.length} values for ${n} rows`, { where, fix: 'Export one score per row for a binary model', code: 'model-unsupported' });
      if (!this.decided) {
        this.transform = raw.every((v) => v >= 0 && v <= 1) ? 'none' : 'sigmoid';
        this.decided = true;
      }
      const proba = new Float32Array(n * 2);
      const predicted = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const p = this.transform === 'sigmoid' ? 1 / (1 + Math.exp(-raw[i]!)) : raw[i]!;
        proba[i * 2] = 1 - p;
        proba[i * 2 + 1] = p;
        predicted[i] = p > 0.5 ? 1 : 0;
      }
      return { predicted, proba, values: null };
    }
    const c = raw.length / n;
    if (this.classes.labels.length === 0) for (let i = 0; i < c; i++) this.classes.id(String(i));
    if (c !== this.classes.labels.length) {
      throw new UsageError(`output '${plan.output}' has ${c} columns for ${this.classes.labels.length} classes`, {
        where: this.model.plan.classesFrom === 'option' ? '--class-labels' : where,
        fix: 'Give one class label per output column',
        code: 'model-unsupported',
      });
    }
    if (!this.decided) {
      let probabilities = true;
      for (let i = 0; i < n && probabilities; i++) {
        let s = 0;
        for (let j = 0; j < c; j++) {
          const v = raw[i * c + j]!;
          if (!(v >= 0 && v <= 1)) probabilities = false;
          s += v;
        }
        if (Math.abs(s - 1) > 1e-3) probabilities = false;
      }
      this.transform = probabilities ? 'none' : 'softmax';
      this.decided = true;
    }
    const proba = this.transform === 'softmax' ? new Float32Array(n * c) : raw;
    const predicted = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const base = i * c;
      let best = 0;
      let max = raw[base]!;
      for (let j = 1; j < c; j++) if (raw[base + j]! > max) max = raw[base + (best = j)]!;
      predicted[i] = best;
      if (this.transform === 'softmax') {
        let s = 0;
        for (let j = 0; j < c; j++) s += Math.exp(raw[base + j]! - max);
        for (let j = 0; j < c; j++) proba[base + j] = Math.exp(raw[base + j]! - max) / s;
      }
    }
    return { predicted, proba, values: null };
  }
}

export interface ScanOptions {
  table: Table;
  model: LoadedModel;
  runtime: OnnxRuntime;
  features: FeatureSelection;
  classes: ClassIndex;
  onBatch(batch: ScoredBatch): void | Promise<void>;
}

/** Streams the table through the model batch by batch, in file order. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const { table, model, runtime, features } = options;
  const decoder = new Decoder(model, options.classes);
  const runMs: number[] = [];
  let rows = 0;
  const started = performance.now();
  for await (const batch of table.batches) {
    const issue = batch.issues.find((i) => i.code === 'format');
    if (issue) {
      throw new UsageError(issue.message, { where: `${table.path}:${issue.line}`, fix: 'Fix the file syntax at that line', code: 'format' });
    }
    if (batch.rows.length === 0) continue;
    const feeds = toTensors(buildFeedArrays(batch.rows, batch.lines, table.path, features, model.plan.input), runtime, model.plan.input.type);
    const { out, ms } = await runBatch(model, feeds, table.path, batch.lines[0]!, batch.lines[batch.lines.length - 1]!);
    runMs.push(ms);
    const decoded = decoder.decode(out, batch.rows.length);
    rows += batch.rows.length;
    await options.onBatch({ rows: batch.rows, lines: batch.lines, ...decoded, runMs: ms });
  }
  return { rows, batches: runMs.length, transform: decoder.transform, runMs, wallMs: performance.now() - started };
}
