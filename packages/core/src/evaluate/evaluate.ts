/**
 * `mlci evaluate`: runs an ONNX model over held-out data and writes metrics.json (flat metrics, scikit-learn
 * definitions, plus bootstrap intervals and the keys the comparison reads), evaluation.json (confusion matrix,
 * per-class figures, slices, timing) and outcomes.csv (one row per data row, for paired tests).
 */
import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { openTable } from '../readers/index.js';
import type { ReadOptions, Table } from '../readers/types.js';
import { bootstrapClassification, bootstrapRegression, DEFAULT_RESAMPLES, DEFAULT_SEED, percentile, type BootstrapOptions, type Interval } from '../metrics/bootstrap.js';
import { classificationReport } from '../metrics/classification.js';
import { confusionMetrics, confusionOf, type ClassFigures } from '../metrics/confusion.js';
import { regressionMetrics } from '../metrics/regression.js';
import { formatCsvRow } from '../readers/write.js';
import { ClassIndex } from './classes.js';
import { Growable } from './growable.js';
import { loadModel, type LoadedModel, type Task } from './model.js';
import type { OnnxRuntime } from './onnx-port.js';
import { scan, selectFeatures, type OutputTransform } from './scan.js';

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

function columnIndex(table: Table, name: string, option: string, what: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    const cols = table.header.length > 12 ? `${table.header.slice(0, 12).join(', ')}, …` : table.header.join(', ');
    throw new UsageError(`${what} column '${name}' not found (columns: ${cols})`, { where: `${table.path} (${option})`, fix: `Pass one of the file's columns to ${option}`, code: 'missing-column' });
  }
  return i;
}

/**
 * outcomes.csv, built in one reused byte buffer per batch and written with one awaited write: no per-row strings
 * (a 1M-row evaluation made ~6 short-lived strings a row, a large share of its garbage collection).
 */
class OutcomeWriter {
  private buf = Buffer.allocUnsafe(1 << 18);
  pos = 0;
  private closed = false;
  private constructor(private readonly file: FileHandle) {}
  static async open(path: string, header: string[]): Promise<OutcomeWriter> {
    const w = new OutcomeWriter(await open(path, 'w'));
    w.text(formatCsvRow(header) + '\n');
    await w.flush();
    return w;
  }
  /** Room for `n` more bytes. */
  reserve(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    return this.buf;
  }
  text(s: string): void {
    this.reserve(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }
  async flush(): Promise<void> {
    let off = 0;
    while (off < this.pos) off += (await this.file.write(this.buf, off, this.pos - off)).bytesWritten;
    this.pos = 0;
  }
  /** `complete: false` (a failure) drops the rows of the batch that failed, as a batch is written whole or not at all. */
  async close(complete: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (complete) await this.flush();
    } finally {
      await this.file.close();
    }
  }
}

/** Writes a non-negative integer in decimal at `pos`; returns the end. */
function putUint(buf: Buffer, pos: number, n: number): number {
  if (n > 0x7fffffff) return pos + buf.write(String(n), pos, 'latin1');
  let digits = 1;
  for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
  const end = pos + digits;
  let p = end;
  do {
    const q = (n / 10) | 0;
    buf[--p] = 48 + n - q * 10;
    n = q;
  } while (n > 0);
  return end;
}

/** Writes `String(Math.round(p * 1e7) / 1e7)` at `pos` (at most 25 bytes); returns the end. */
function putProb7(buf: Buffer, pos: number, p: number): number {
  const q = Math.round(p * 1e7);
  if (!(q >= 10 && q < 1e7)) return pos + buf.write(String(q / 1e7), pos, 'latin1');
  // The shortest round-trip form of q / 1e7 is q's 7 digits after "0." without trailing zeros.
  let r = q;
  let len = 7;
  while (r % 10 === 0) {
    r /= 10;
    len--;
  }
  buf[pos] = 48;
  buf[pos + 1] = 46;
  const end = pos + 2 + len;
  let at = end;
  for (let i = 0; i < len; i++) {
    const d = r % 10;
    buf[--at] = 48 + d;
    r = (r - d) / 10;
  }
  return end;
}

interface SliceColumn {
  name: string;
  index: number;
  ids: Map<string, number>;
  /** Values by id while there are few: comparing is cheaper than hashing each row's fresh string. */
  keys: string[];
  values: Growable<Int32Array>;
}

function sliceId(s: SliceColumn, v: string): number {
  const keys = s.keys;
  if (s.ids.size <= 16) for (let i = 0; i < keys.length; i++) if (keys[i] === v) return i;
  let id = s.ids.get(v);
  if (id === undefined) {
    s.ids.set(v, (id = s.ids.size));
    if (id === keys.length && id < 16) keys.push(v);
  }
  return id;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export async function evaluateModel(settings: EvaluateSettings): Promise<EvaluationResult> {
  const names = { model: '--model', data: '--data', target: '--target', features: '--features', sliceBy: '--slice-by', id: '--id', ...settings.names };
  const model = await loadModel(settings.model, settings.runtime, {
    task: settings.task,
    classLabels: settings.classLabels,
    modelOption: names.model,
  });
  try {
    return await evaluateLoaded(model, settings, names);
  } finally {
    await model.session.release();
  }
}

async function evaluateLoaded(model: LoadedModel, settings: EvaluateSettings, names: Record<'model' | 'data' | 'target' | 'features' | 'sliceBy' | 'id', string>): Promise<EvaluationResult> {
  const batchRows = settings.batchRows ?? DEFAULT_EVAL_BATCH_ROWS;
  const table = await openTable(settings.data, { ...settings.read, batchRows });
  const task = model.plan.task;
  const targetIdx = columnIndex(table, settings.target, names.target, 'target');
  const idIdx = settings.idColumn ? columnIndex(table, settings.idColumn, names.id, 'id') : -1;
  const sliceCols: SliceColumn[] = (settings.sliceBy ?? []).map((c) => ({ name: c, index: columnIndex(table, c, names.sliceBy, 'slice'), ids: new Map<string, number>(), keys: [], values: new Growable(Int32Array) }));
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
  const classes = new ClassIndex(model.plan.classes, model.plan.classes !== null);
  const yTrueIds = new Growable(Int32Array);
  const yPredIds = new Growable(Int32Array);
  const proba = new Growable(Float32Array);
  const yTrueValues = new Growable(Float64Array);
  const yPredValues = new Growable(Float64Array);
  let row = 0;
  const labelCells: Buffer[] = [];
  const cellOf = (id: number) => (labelCells[id] ??= Buffer.from(csvCell(classes.labels[id]!)));
  let scanResult;
  try {
    scanResult = await scan({
      table,
      model,
      runtime: settings.runtime,
      features,
      classes,
      onBatch: async (b) => {
        const k = classes.labels.length;
        const batchProba = b.proba;
        const comma = 44;
        const newline = 10;
        for (let i = 0; i < b.rows.length; i++) {
          const cells = b.rows[i]!;
          const line = b.lines[i]!;
          const targetCell = cells[targetIdx];
          if (targetCell === undefined || targetCell.trim() === '') {
            throw new UsageError(`target '${settings.target}' is empty`, { where: `${table.path}:${line}`, fix: 'Drop rows without a label from the evaluation data', code: 'target-missing' });
          }
          for (let c = 0; c < sliceCols.length; c++) {
            const s = sliceCols[c]!;
            const v = cells[s.index] ?? '';
            s.values.push(sliceId(s, v));
          }
          if (classification) {
            let yt = classes.id(targetCell);
            if (yt < 0) yt = classes.require(targetCell, `${table.path}:${line}`, `target '${settings.target}'`);
            const yp = b.predicted![i]!;
            yTrueIds.push(yt);
            yPredIds.push(yp);
            if (idIdx >= 0) outcomes.text(`${csvCell(cells[idIdx] ?? '')},`);
            const trueCell = cellOf(yt);
            const predCell = cellOf(yp);
            // row, line (≤ 16 bytes each), p_true (≤ 25), commas and flags.
            const buf = outcomes.reserve(72 + trueCell.length + predCell.length);
            let pos = putUint(buf, outcomes.pos, row);
            buf[pos++] = comma;
            pos = putUint(buf, pos, line);
            buf[pos++] = comma;
            buf.set(trueCell, pos);
            pos += trueCell.length;
            buf[pos++] = comma;
            buf.set(predCell, pos);
            pos += predCell.length;
            buf[pos++] = comma;
            buf[pos++] = yt === yp ? 49 : 48;
            buf[pos++] = comma;
            // float32 probabilities carry ~7 significant digits: write no more.
            if (batchProba) pos = putProb7(buf, pos, batchProba[i * k + yt]!);
            buf[pos++] = newline;
            outcomes.pos = pos;
          } else {
            const y = +targetCell;
            if (Number.isNaN(y)) {
              throw new UsageError(`target '${settings.target}' is '${targetCell}', not a number`, { where: `${table.path}:${line}`, fix: 'A regression target must be numeric (use --task classification for labels)', code: 'target-not-numeric' });
            }
            const p = b.values![i]!;
            yTrueValues.push(y);
            yPredValues.push(p);
            const prefix = idIdx >= 0 ? `${csvCell(cells[idIdx] ?? '')},${row},${line},` : `${row},${line},`;
            outcomes.text(`${prefix}${targetCell.trim()},${p},${Math.abs(y - p)}\n`);
          }
          row++;
        }
        if (b.proba) {
          if (classes.labels.length !== k && k !== 0) throw new Error('class count changed during evaluation');
          proba.append(b.proba);
        }
        await outcomes.flush();
      },
    });
    await outcomes.close(true);
  } finally {
    await outcomes.close(false);
  }
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
    const report = classificationReport({ classes: classes.labels, yTrue: yt, yPred: yp, proba: pr });
    Object.assign(metrics, report.metrics);
    confusion = Array.from({ length: k }, (_, r) => Array.from(report.confusion.counts.subarray(r * k, (r + 1) * k)));
    perClass = report.perClass;
    if (bootOptions.resamples > 0) useBoot(bootstrapClassification(yt, yp, k, bootOptions));
    for (const s of sliceCols) slices.push(sliceReport(s, (idx) => {
      const cm = confusionOf(pick(yt, idx), pick(yp, idx), k);
      const m = confusionMetrics(cm);
      return { accuracy: m.accuracy, balanced_accuracy: m.balanced_accuracy, precision_macro: m.precision_macro, recall_macro: m.recall_macro, f1_macro: m.f1_macro };
    }));
  } else {
    const yt = yTrueValues.view();
    const yp = yPredValues.view();
    Object.assign(metrics, regressionMetrics(yt, yp));
    if (bootOptions.resamples > 0) useBoot(bootstrapRegression(yt, yp, bootOptions));
    for (const s of sliceCols) slices.push(sliceReport(s, (idx) => {
      const m = regressionMetrics(pick(yt, idx), pick(yp, idx));
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

function sliceReport(s: { name: string; ids: Map<string, number>; values: Growable<Int32Array> }, compute: (idx: Int32Array) => Record<string, number>): SliceReport {
  const ids = s.values.view();
  const counts = new Int32Array(s.ids.size);
  for (let i = 0; i < ids.length; i++) counts[ids[i]!]!++;
  const byValue = [...s.ids.entries()].sort((a, b) => counts[b[1]]! - counts[a[1]]! || (a[0] < b[0] ? -1 : 1));
  const kept = byValue.slice(0, MAX_SLICE_VALUES);
  const members = new Map(kept.map(([, id]) => [id, new Growable(Int32Array)]));
  for (let i = 0; i < ids.length; i++) members.get(ids[i]!)?.push(i);
  return {
    column: s.name,
    omittedValues: byValue.length - kept.length,
    slices: kept.map(([value, id]) => ({ value: value === '' ? '(empty)' : value, rows: counts[id]!, metrics: compute(members.get(id)!.view()) })),
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
