/**
 * `mlci score`: batch scoring ("on-demand batch" deployment). Streams a dataset through the model and writes one
 * prediction per row next to its id, as CSV or JSON Lines, with class probabilities for classifiers.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { openTable } from '../readers/index.js';
import type { ReadOptions } from '../readers/types.js';
import { formatCsvRow } from '../readers/write.js';
import { ClassIndex } from './classes.js';
import { loadModel, type Task } from './model.js';
import type { OnnxRuntime } from './onnx-port.js';
import { scan, selectFeatures, type OutputTransform } from './scan.js';

export type ScoreFormat = 'csv' | 'jsonl';

export interface ScoreSettings {
  model: string;
  data: string;
  /** Output file; `.jsonl`/`.ndjson` gives JSON Lines, anything else CSV. */
  out: string;
  runtime: OnnxRuntime;
  format?: ScoreFormat | undefined;
  /** Column copied to the output as `id`; without it the 0-based row number is the id. */
  idColumn?: string | undefined;
  features?: string[] | undefined;
  /** Columns that are not features (e.g. a label still in the file). */
  exclude?: string[] | undefined;
  task?: Task | undefined;
  classLabels?: string[] | undefined;
  /** Write class probabilities (default true). */
  probabilities?: boolean | undefined;
  batchRows?: number | undefined;
  read?: ReadOptions | undefined;
  names?: Partial<Record<'model' | 'data' | 'features' | 'id', string>> | undefined;
}

export interface ScoreResult {
  rows: number;
  out: string;
  format: ScoreFormat;
  task: Task;
  classes: string[] | null;
  features: string[];
  transform: OutputTransform;
  wallMs: number;
}

export function scoreFormatOf(path: string): ScoreFormat {
  return /\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : 'csv';
}

export async function scoreModel(settings: ScoreSettings): Promise<ScoreResult> {
  const names = { model: '--model', data: '--data', features: '--features', id: '--id', ...settings.names };
  const model = await loadModel(settings.model, settings.runtime, { task: settings.task, classLabels: settings.classLabels, modelOption: names.model });
  try {
    const table = await openTable(settings.data, { ...settings.read, batchRows: settings.batchRows ?? 4096 });
    const idIdx = settings.idColumn ? table.header.indexOf(settings.idColumn) : -1;
    if (settings.idColumn && idIdx < 0) {
      throw new UsageError(`id column '${settings.idColumn}' not found (columns: ${table.header.join(', ')})`, { where: `${table.path} (${names.id})`, fix: `Pass one of the file's columns to ${names.id}`, code: 'missing-column' });
    }
    const features = selectFeatures(table, model, {
      features: settings.features,
      exclude: [...(settings.exclude ?? []), ...(settings.idColumn ? [settings.idColumn] : [])],
      featuresOption: names.features,
    });
    const format = settings.format ?? scoreFormatOf(settings.out);
    const classification = model.plan.task === 'classification';
    const classes = new ClassIndex(model.plan.classes, model.plan.classes !== null);
    const withProba = settings.probabilities !== false;
    await mkdir(dirname(settings.out), { recursive: true });
    const stream = createWriteStream(settings.out);
    let failed: Error | undefined;
    stream.on('error', (err) => (failed = err));
    let headerWritten = false;
    let row = 0;
    const result = await scan({
      table,
      model,
      runtime: settings.runtime,
      features,
      classes,
      onBatch: async (b) => {
        const labels = classes.labels;
        const k = labels.length;
        const proba = withProba ? b.proba : null;
        let text = '';
        if (!headerWritten && format === 'csv') {
          text += formatCsvRow(['id', 'prediction', ...(proba ? labels.map((l) => `proba_${l}`) : [])]) + '\n';
        }
        headerWritten = true;
        for (let i = 0; i < b.rows.length; i++) {
          const id = idIdx >= 0 ? (b.rows[i]![idIdx] ?? '') : String(row);
          const prediction = classification ? labels[b.predicted![i]!]! : b.values![i]!;
          if (format === 'csv') {
            const cells = [id, String(prediction)];
            if (proba) for (let c = 0; c < k; c++) cells.push(String(proba[i * k + c]));
            text += formatCsvRow(cells) + '\n';
          } else {
            const record: Record<string, unknown> = { id, prediction };
            if (proba) record.probabilities = Object.fromEntries(labels.map((l, c) => [l, proba[i * k + c]]));
            text += JSON.stringify(record) + '\n';
          }
          row++;
        }
        if (failed) throw failed;
        if (!stream.write(text)) await once(stream, 'drain');
      },
    }).finally(async () => {
      stream.end();
      await once(stream, 'close').catch(() => undefined);
    });
    if (failed) {
      throw new UsageError(`cannot write predictions: ${(failed as NodeJS.ErrnoException).code ?? failed.message}`, { where: settings.out, fix: 'Check the --out path is writable' });
    }
    return {
      rows: result.rows,
      out: settings.out,
      format,
      task: model.plan.task,
      classes: classification ? classes.labels : null,
      features: features.names,
      transform: result.transform,
      wallMs: result.wallMs,
    };
  } finally {
    await model.session.release();
  }
}
