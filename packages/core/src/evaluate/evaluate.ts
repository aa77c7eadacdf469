/**
 * `mlci evaluate`: runs an ONNX model over held-out data and writes metrics.json (flat metrics, scikit-learn
 * definitions, plus bootstrap intervals and the keys the comparison reads), evaluation.json (confusion matrix,
 * per-class figures, slices, timing) and outcomes.csv (one row per data row, for paired tests).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.js';
import { openTable } from '../readers/index.js';
import type { ReadOptions, Table } from '../readers/types.js';
import { bootstrapClassification, bootstrapRegression, DEFAULT_RESAMPLES, DEFAULT_SEED, percentile, type BootstrapOptions, type Interval } from '../metrics/bootstrap.js';
import { classificationReport } from '../metrics/classification.js';
import { confusionMetrics, confusionOf, type ClassFigures } from '../metrics/confusion.js';
import { FLOAT32_EPS, LogLossSum } from '../metrics/logloss.js';
import { RocAucOvrFloat32 } from '../metrics/ranking.js';
import { regressionMetrics } from '../metrics/regression.js';
import { ClassIndex } from './classes.js';
import { Growable } from './growable.js';
import { loadModel, type LoadedModel, type Task } from './model.js';
import type { OnnxRuntime } from './onnx-port.js';
import { OutcomeFormatter, OutcomeWriter, type OutcomeValues } from './outcomes.js';
import { defaultParseThreadModule, ParseThread } from './parse-thread.js';
import { errorFrom, Preparer, type PreparedBatch, type PreparePlan } from './prepare.js';
import { Decoder, runBatch, selectFeatures, toTensors, type OutputTransform } from './scan.js';

export interface EvaluateSettings {
  model: string;
  data: string;
  target: string;
  outDir: string;
  runtime: OnnxRuntime;
  task?: Task | undefined;
  features?: string[] | undefined;
  sliceBy?: string[] | undefined;
  /** Class labels in output column order, for models that carry none. */
  classLabels?: string[] | undefined;
  /** A column that identifies rows; written to outcomes.csv so comparisons can align rows by id. */
  idColumn?: string | undefined;
  batchRows?: number | undefined;
  bootstrap?: BootstrapOptions | undefined;
  read?: ReadOptions | undefined;
  /**
   * Parse the data in a worker thread while this one runs the model (same results). Default: when the file is at least
   * PARSE_THREAD_MIN_BYTES, a second core exists and the worker module is there (a bundle has none).
   */
  parseThread?: boolean | undefined;
  /** The parse thread's module (prepare-worker.js); default the one next to this module. */
  parseThreadModule?: URL | undefined;
  /** How the caller names its options, for messages (`--target` or `with.target`). */
  names?: Partial<Record<'model' | 'data' | 'target' | 'features' | 'sliceBy' | 'id', string>> | undefined;
}

export const DEFAULT_EVAL_BATCH_ROWS = 4096;
/** Slice values reported per column (largest first); the rest are counted. */
export const MAX_SLICE_VALUES = 50;

export interface SliceMetrics {
  value: string;
  rows: number;
  metrics: Record<string, number>;
}

export interface SliceReport {
  column: string;
  slices: SliceMetrics[];
  /** Distinct values beyond MAX_SLICE_VALUES, not reported. */
  omittedValues: number;
}

export interface EvaluationResult {
  task: Task;
  /** Flat metrics, as written to metrics.json. */
  metrics: Record<string, number>;
  intervals: Record<string, Interval>;
  /** `resamples` actually drawn; `requested` when the draw budget reduced them (large files). */
  bootstrap: { resamples: number; requested?: number; seed: number; confidence: number };
  classes: string[] | null;
  confusion: number[][] | null;
  perClass: Array<ClassFigures & { label: string }> | null;
  slices: SliceReport[];
  model: { path: string; sha256: string; sizeBytes: number; input: string; outputs: string[]; transform: OutputTransform; classesFrom: string | null };
  data: { path: string; rows: number; target: string; features: string[] };
  timing: { batchRows: number; batches: number; wallMs: number; runMsTotal: number };
  files: { metrics: string; evaluation: string; outcomes: string };
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

function columnIndex(table: Pick<Table, 'header' | 'path'>, name: string, option: string, what: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    const cols = table.header.length > 12 ? `${table.header.slice(0, 12).join(', ')}, …` : table.header.join(', ');
    throw new UsageError(`${what} column '${name}' not found (columns: ${cols})`, { where: `${table.path} (${option})`, fix: `Pass one of the file's columns to ${option}`, code: 'missing-column' });
  }
  return i;
}

interface SliceColumn {
  name: string;
  index: number;
  /** Value → id, ids in order of first appearance (as the preparer hands them out). */
  ids: Map<string, number>;
  values: Growable<Int32Array>;
  /** Classification with the model's classes: each value's confusion counts, kept while values are few. */
  confusion: Float64Array[] | null;
}

/** Slice values whose confusion counts are kept during the scan; past it they are counted after it. */
const SLICE_CONFUSIONS = 1024;

/** With `parseThread` unset, files from this size are parsed in a worker thread when a second core exists. */
export const PARSE_THREAD_MIN_BYTES = 4 * 2 ** 20;

async function parseThreadModule(settings: EvaluateSettings): Promise<URL | null> {
  if (settings.parseThread === false) return null;
  const module = settings.parseThreadModule ?? defaultParseThreadModule();
  if (settings.parseThread === true) {
    if (!module) throw new Error('evaluate: parseThread is on but prepare-worker.js is not next to the evaluate modules (a bundled build?): pass parseThreadModule');
    return module;
  }
  if (!module || availableParallelism() < 2) return null;
  const size = await stat(settings.data).then((s) => s.size, () => 0);
  return size >= PARSE_THREAD_MIN_BYTES ? module : null;
}

export async function evaluateModel(settings: EvaluateSettings): Promise<EvaluationResult> {
  const names = { model: '--model', data: '--data', target: '--target', features: '--features', sliceBy: '--slice-by', id: '--id', ...settings.names };
  const module = await parseThreadModule(settings);
  // The parse thread starts, and opens the data, while the model loads.
  const thread = module ? new ParseThread(module, settings.data, { ...settings.read, batchRows: settings.batchRows ?? DEFAULT_EVAL_BATCH_ROWS }) : null;
  try {
    const model = await loadModel(settings.model, settings.runtime, {
      task: settings.task,
      classLabels: settings.classLabels,
      modelOption: names.model,
      // The parse thread has the other core: intra-op threads would only contend with it.
      intraOpNumThreads: thread ? 1 : undefined,
    });
    try {
      return await evaluateLoaded(model, settings, names, thread);
    } finally {
      await model.session.release();
    }
  } finally {
    await thread?.stop();
  }
}

async function* prepareHere(table: Table, plan: PreparePlan): AsyncGenerator<PreparedBatch> {
  const preparer = new Preparer(plan);
  for await (const batch of table.batches) {
    const prepared = preparer.prepare(batch);
    if (prepared) yield prepared;
  }
}

async function evaluateLoaded(model: LoadedModel, settings: EvaluateSettings, names: Record<'model' | 'data' | 'target' | 'features' | 'sliceBy' | 'id', string>, thread: ParseThread | null): Promise<EvaluationResult> {
  const batchRows = settings.batchRows ?? DEFAULT_EVAL_BATCH_ROWS;
  const here = thread ? null : await openTable(settings.data, { ...settings.read, batchRows });
  const table = here ?? (await thread!.header());
  const task = model.plan.task;
  const targetIdx = columnIndex(table, settings.target, names.target, 'target');
  const idIdx = settings.idColumn ? columnIndex(table, settings.idColumn, names.id, 'id') : -1;
  const sliceCols: SliceColumn[] = (settings.sliceBy ?? []).map((c) => ({ name: c, index: columnIndex(table, c, names.sliceBy, 'slice'), ids: new Map<string, number>(), values: new Growable(Int32Array), confusion: task === 'classification' && model.plan.classes !== null ? [] : null }));
  const features = selectFeatures(table, model, {
    features: settings.features,
    exclude: [settings.target, ...(settings.idColumn ? [settings.idColumn] : [])],
    featuresOption: names.features,
  });
  if (features.names.includes(settings.target)) {
    throw new UsageError(`the target '${settings.target}' is also a feature`, { where: names.features, fix: 'Leave the target out of the features', code: 'feature-mismatch' });
  }

  await mkdir(settings.outDir, { recursive: true });
  const classification = task === 'classification';
  const outcomes = await OutcomeWriter.open(join(settings.outDir, 'outcomes.csv'), [
    ...(idIdx >= 0 ? ['id'] : []),
    'row',
    'line',
    'y_true',
    'y_pred',
    ...(classification ? ['correct', 'p_true'] : ['abs_error']),
  ]);
  const plan: PreparePlan = { path: table.path, target: settings.target, targetIdx, idIdx, sliceIdx: sliceCols.map((s) => s.index), features, input: model.plan.input, classification };
  const classes = new ClassIndex(model.plan.classes, model.plan.classes !== null);
  const decoder = new Decoder(model, classes);
  const yTrueIds = new Growable(Int32Array);
  const yPredIds = new Growable(Int32Array);
  const proba = new Growable(Float32Array);
  const yTrueValues = new Growable(Float64Array);
  const yPredValues = new Growable(Float64Array);
  // The preparer's target label ids → class ids, resolved at each label's first row (so new labels join in row order).
  const labelText: string[] = [];
  const classOfLabel: number[] = [];
  // outcomes.csv lines, from the preparer's text (id cells, regression targets) and the model's side of each row.
  const formatter = new OutcomeFormatter();
  let labelsGiven = 0;
  const writeOutcomes = async (b: PreparedBatch, values: OutcomeValues): Promise<void> => {
    if (classes.labels.length > labelsGiven) formatter.addLabels(classes.labels.slice(labelsGiven));
    labelsGiven = classes.labels.length;
    formatter.format(outcomes.out, b.outcome, b.lines, values);
    await outcomes.commit();
  };
  // Metrics summed as batches arrive, while the parse thread prepares the next ones.
  let logLossSum: LogLossSum | null = null;
  let aucOvr: RocAucOvrFloat32 | null = null;
  const runMs: number[] = [];
  let rows = 0;
  const started = performance.now();
  let complete = false;
  try {
    for await (const b of here ? prepareHere(here, plan) : thread!.batches(plan)) {
      const n = b.rows;
      const { out, ms } = await runBatch(model, toTensors(b.feeds, settings.runtime, model.plan.input.type), table.path, b.lines[0]!, b.lines[n - 1]!);
      runMs.push(ms);
      const decoded = decoder.decode(out, n);
      for (const label of b.newLabels) {
        labelText.push(label);
        classOfLabel.push(-1);
      }
      sliceCols.forEach((s, c) => {
        for (const v of b.newSliceValues[c]!) s.ids.set(v, s.ids.size);
      });
      const valid = b.failure ? b.failure.row : n;
      if (classification) {
        const k = classes.labels.length;
        const targets = b.targets as Int32Array;
        const yt = new Int32Array(valid);
        for (let i = 0; i < valid; i++) {
          const l = targets[i]!;
          let id = classOfLabel[l]!;
          if (id < 0) {
            const label = labelText[l]!;
            id = classes.id(label);
            if (id < 0) id = classes.require(label, `${table.path}:${b.lines[i]}`, `target '${settings.target}'`);
            classOfLabel[l] = id;
          }
          yt[i] = id;
        }
        const yp = decoded.predicted!;
        const batchProba = decoded.proba;
        if (b.failure) throw errorFrom(b.failure.error);
        yTrueIds.append(yt);
        yPredIds.append(yp);
        if (batchProba) {
          if (classes.labels.length !== k && k !== 0) throw new Error('class count changed during evaluation');
          proba.append(batchProba);
          if (k > 0) {
            logLossSum ??= new LogLossSum(k, FLOAT32_EPS);
            logLossSum.add(batchProba, yt);
            if (k > 2 && k <= RocAucOvrFloat32.MAX_CLASSES) (aucOvr ??= new RocAucOvrFloat32(k)).add(batchProba, yt);
          }
        }
        sliceCols.forEach((s, c) => {
          if (!s.confusion) return;
          if (s.ids.size > SLICE_CONFUSIONS) {
            s.confusion = null;
            return;
          }
          const cms = s.confusion;
          while (cms.length < s.ids.size) cms.push(new Float64Array(k * k));
          const ids = b.slices[c]!;
          for (let i = 0; i < n; i++) cms[ids[i]!]![yt[i]! * k + yp[i]!]!++;
        });
        let pTrue: Float32Array | null = null;
        if (batchProba) {
          pTrue = new Float32Array(n);
          for (let i = 0; i < n; i++) pTrue[i] = batchProba[i * k + yt[i]!]!;
        }
        await writeOutcomes(b, { kind: 'class', yTrue: yt, yPred: yp, pTrue });
      } else {
        const targets = b.targets as Float64Array;
        const values = decoded.values!;
        if (b.failure) throw errorFrom(b.failure.error);
        yTrueValues.append(targets);
        yPredValues.append(values);
        await writeOutcomes(b, { kind: 'value', predicted: values, targets });
      }
      sliceCols.forEach((s, c) => s.values.append(b.slices[c]!));
      rows += n;
    }
    complete = true;
  } finally {
    await outcomes.close(complete);
  }
  const scanResult = { rows, batches: runMs.length, transform: decoder.transform, runMs, wallMs: performance.now() - started };
  if (scanResult.rows === 0) {
    throw new UsageError('the data has no rows to evaluate', { where: table.path, fix: `Pass a non-empty test file to ${names.data}`, code: 'empty-data' });
  }

  const bootOptions = { resamples: settings.bootstrap?.resamples ?? DEFAULT_RESAMPLES, seed: settings.bootstrap?.seed ?? DEFAULT_SEED, confidence: settings.bootstrap?.confidence ?? 0.95 };
  const metrics: Record<string, number> = {};
  let intervals: Record<string, Interval> = {};
  let bootstrap: EvaluationResult['bootstrap'] = { ...bootOptions, resamples: 0 };
  const useBoot = (b: { resamples: number; requested?: number; intervals: Record<string, Interval> }) => {
    intervals = b.intervals;
    bootstrap = { resamples: b.resamples, ...(b.requested !== undefined ? { requested: b.requested } : {}), seed: bootOptions.seed, confidence: bootOptions.confidence };
  };
  let confusion: number[][] | null = null;
  let perClass: EvaluationResult['perClass'] = null;
  const slices: SliceReport[] = [];

  if (classification) {
    const k = classes.labels.length;
    const yt = yTrueIds.view();
    const yp = yPredIds.view();
    const pr = proba.length === yt.length * k && k > 0 ? proba.view() : undefined;
    const report = classificationReport({ classes: classes.labels, yTrue: yt, yPred: yp, proba: pr, logLoss: logLossSum?.value(), rocAucOvr: aucOvr?.value() });
    Object.assign(metrics, report.metrics);
    confusion = Array.from({ length: k }, (_, r) => Array.from(report.confusion.counts.subarray(r * k, (r + 1) * k)));
    perClass = report.perClass;
    if (bootOptions.resamples > 0) useBoot(bootstrapClassification(yt, yp, k, bootOptions));
    for (const s of sliceCols) slices.push(sliceReport(s, (members, id) => {
      const cm = s.confusion ? { k, counts: s.confusion[id]! } : confusionOf(pick(yt, members()), pick(yp, members()), k);
      const m = confusionMetrics(cm);
      return { accuracy: m.accuracy, balanced_accuracy: m.balanced_accuracy, precision_macro: m.precision_macro, recall_macro: m.recall_macro, f1_macro: m.f1_macro };
    }));
  } else {
    const yt = yTrueValues.view();
    const yp = yPredValues.view();
    Object.assign(metrics, regressionMetrics(yt, yp));
    if (bootOptions.resamples > 0) useBoot(bootstrapRegression(yt, yp, bootOptions));
    for (const s of sliceCols) slices.push(sliceReport(s, (members) => {
      const m = regressionMetrics(pick(yt, members()), pick(yp, members()));
      return { mae: m.mae, rmse: m.rmse, r2: m.r2 };
    }));
  }
  const runTotal = scanResult.runMs.reduce((a, b) => a + b, 0);
  metrics.rows = scanResult.rows;
  metrics.latency_ms_p50 = round(percentile(Float64Array.from(scanResult.runMs), 0.5));
  metrics.latency_ms_p95 = round(percentile(Float64Array.from(scanResult.runMs), 0.95));
  metrics.throughput_rows_per_s = Math.round(scanResult.rows / (runTotal / 1000));
  metrics.model_size_bytes = model.sizeBytes;
  for (const [k, v] of Object.entries(metrics)) if (!Number.isFinite(v)) delete metrics[k];

  const result: EvaluationResult = {
    task,
    metrics,
    intervals,
    bootstrap,
    classes: classification ? classes.labels : null,
    confusion,
    perClass,
    slices,
    model: {
      path: model.path,
      sha256: model.sha256,
      sizeBytes: model.sizeBytes,
      input: model.plan.input.mode === 'matrix' ? `${model.plan.input.name} [N, ${features.names.length}] ${model.plan.input.type}` : `${model.plan.input.names.length} named inputs`,
      outputs: model.plan.fetches,
      transform: scanResult.transform,
      classesFrom: model.plan.classesFrom,
    },
    data: { path: table.path, rows: scanResult.rows, target: settings.target, features: features.names },
    timing: { batchRows, batches: scanResult.batches, wallMs: round(scanResult.wallMs, 1), runMsTotal: round(runTotal, 1) },
    files: { metrics: join(settings.outDir, 'metrics.json'), evaluation: join(settings.outDir, 'evaluation.json'), outcomes: join(settings.outDir, 'outcomes.csv') },
  };
  await writeResult(result);
  return result;
}

function pick<T extends Int32Array | Float64Array>(values: T, idx: Int32Array): T {
  const out = new (values.constructor as new (n: number) => T)(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = values[idx[i]!]!;
  return out;
}

/** `compute` gets the value's member rows (built on first use) and its id. */
function sliceReport(s: { name: string; ids: Map<string, number>; values: Growable<Int32Array> }, compute: (members: () => Int32Array, id: number) => Record<string, number>): SliceReport {
  const ids = s.values.view();
  const counts = new Int32Array(s.ids.size);
  for (let i = 0; i < ids.length; i++) counts[ids[i]!]!++;
  const byValue = [...s.ids.entries()].sort((a, b) => counts[b[1]]! - counts[a[1]]! || (a[0] < b[0] ? -1 : 1));
  const kept = byValue.slice(0, MAX_SLICE_VALUES);
  let members: Map<number, Growable<Int32Array>> | null = null;
  const membersOf = (id: number) => () => {
    if (!members) {
      const m = new Map(kept.map(([, v]) => [v, new Growable(Int32Array)]));
      for (let i = 0; i < ids.length; i++) m.get(ids[i]!)?.push(i);
      members = m;
    }
    return members.get(id)!.view();
  };
  return {
    column: s.name,
    omittedValues: byValue.length - kept.length,
    slices: kept.map(([value, id]) => ({ value: value === '' ? '(empty)' : value, rows: counts[id]!, metrics: compute(membersOf(id), id) })),
  };
}

async function writeResult(r: EvaluationResult): Promise<void> {
  // metrics.json: flat metrics first; the other keys are ones the comparison step reads and never treats as metrics.
  const metricsDoc = {
    ...r.metrics,
    intervals: r.intervals,
    bootstrap: r.bootstrap,
    outcomes: 'outcomes.csv',
    ...(r.classes ? { labels: r.classes, confusion_matrix: r.confusion } : {}),
    ...(r.slices.length ? { slices: Object.fromEntries(r.slices.map((s) => [s.column, Object.fromEntries(s.slices.map((x) => [x.value, { rows: x.rows, ...x.metrics }]))])) } : {}),
    mlci: { task: r.task, batch_rows: r.timing.batchRows, model: r.model.path, model_sha256: r.model.sha256, data: r.data.path },
  };
  await writeFile(r.files.metrics, JSON.stringify(metricsDoc, null, 2) + '\n');
  const { files: _files, ...evaluation } = r;
  await writeFile(r.files.evaluation, JSON.stringify({ ...evaluation, outcomes: 'outcomes.csv' }, null, 2) + '\n');
}
