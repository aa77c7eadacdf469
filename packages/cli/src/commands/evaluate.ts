import { resolve } from 'node:path';
import { evaluateModel, renderEvaluationMarkdown, TASKS, UsageError, type OnnxRuntime, type Task } from '@mlci/core';
import { defineCommand, ExitCode, listOption, requireOption } from '../command.js';

/** Loads onnxruntime-node (a dependency of the CLI, loaded only by the commands that run models). */
export async function loadOnnxRuntime(): Promise<OnnxRuntime> {
  try {
    const ort = (await import('onnxruntime-node')) as unknown as OnnxRuntime & { default?: OnnxRuntime };
    return ort.InferenceSession ? ort : ort.default!;
  } catch (err) {
    throw new UsageError(`cannot load onnxruntime-node: ${(err as Error).message.split('\n')[0]}`, {
      fix: 'Install it next to mlci: npm install onnxruntime-node@1.30.0',
      code: 'runtime-missing',
    });
  }
}

export function parseTask(value: string | undefined): Task | undefined {
  if (value === undefined) return undefined;
  if (!(TASKS as readonly string[]).includes(value)) throw new UsageError(`--task is '${value}'`, { where: '--task', fix: `Use one of: ${TASKS.join(', ')}` });
  return value as Task;
}

export function parseCount(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} is '${value}'`, { where: flag, fix: `Use a whole number of at least ${min}` });
  return n;
}

export const evaluateCommand = defineCommand({
  name: ['evaluate'],
  summary: 'Run an ONNX model over held-out data and write metrics (scikit-learn definitions), confusion matrix, slices and bootstrap intervals.',
  usage: '--model <model.onnx> --data <file> --target <column> [--task classification|regression] [--features a,b,c] [--slice-by <column>] [--out <dir>]',
  help: [
    ['--model <file>', 'ONNX model (skl2onnx, PyTorch, TensorFlow exports).'],
    ['--data <file>', 'Test data: CSV, TSV, JSON Lines (optionally .gz).'],
    ['--target <column>', 'Column with the true label or value.'],
    ['--task <task>', 'classification or regression (default: inferred from the model outputs).'],
    ['--features <list>', 'Feature columns in model order (default: every column but the target and --id, in file order).'],
    ['--slice-by <column>', 'Also report metrics per value of this column (repeatable).'],
    ['--class-labels <list>', 'Class labels in output column order, for models without label attributes.'],
    ['--id <column>', 'Row id column, written to outcomes.csv so comparisons align rows by id.'],
    ['--out <dir>', 'Output folder (default mlci-eval): metrics.json, evaluation.json, outcomes.csv.'],
    ['--batch-size <n>', 'Rows per model call (default 4096).'],
    ['--bootstrap <n>', 'Bootstrap resamples for 95% intervals (default 1000; 0 turns them off).'],
    ['--seed <n>', 'Bootstrap seed (default 42).'],
    ['--summary <file>', 'Also write the Markdown summary to this file.'],
  ],
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    target: { type: 'string' },
    task: { type: 'string' },
    features: { type: 'string', multiple: true },
    'slice-by': { type: 'string', multiple: true },
    'class-labels': { type: 'string' },
    id: { type: 'string' },
    out: { type: 'string' },
    'batch-size': { type: 'string' },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    summary: { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const model = resolve(io.cwd, requireOption(values.model, '--model', evaluateCommand));
    const data = resolve(io.cwd, requireOption(values.data, '--data', evaluateCommand));
    const target = requireOption(values.target, '--target', evaluateCommand);
    const outDir = resolve(io.cwd, values.out ?? 'mlci-eval');
    const runtime = await loadOnnxRuntime();
    const result = await evaluateModel({
      model,
      data,
      target,
      outDir,
      runtime,
      task: parseTask(values.task),
      features: listOption(values.features),
      sliceBy: listOption(values['slice-by']),
      classLabels: listOption(values['class-labels']),
      idColumn: values.id,
      batchRows: parseCount(values['batch-size'], '--batch-size', 1),
      bootstrap: { resamples: parseCount(values.bootstrap, '--bootstrap', 0), seed: parseCount(values.seed, '--seed', 0) },
    });
    const markdown = renderEvaluationMarkdown(result);
    if (values.summary) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(resolve(io.cwd, values.summary), markdown);
    }
    const m = result.metrics;
    const headline = result.task === 'classification' ? ['accuracy', 'f1_macro', 'roc_auc', 'roc_auc_ovr', 'log_loss'] : ['mae', 'rmse', 'r2'];
    const parts = headline.filter((k) => m[k] !== undefined).map((k) => {
      const iv = result.intervals[k];
      return `${k} ${m[k]!.toFixed(4)}${iv ? ` [${iv.low.toFixed(4)}, ${iv.high.toFixed(4)}]` : ''}`;
    });
    io.stdout(`evaluated ${m.rows} rows (${result.task}): ${parts.join(', ')}\n`);
    io.stdout(`latency p50 ${m.latency_ms_p50} ms, p95 ${m.latency_ms_p95} ms per ${result.timing.batchRows}-row batch; ${m.throughput_rows_per_s} rows/s\n`);
    io.stdout(`wrote ${result.files.metrics}, ${result.files.evaluation}, ${result.files.outcomes}\n`);
    return ExitCode.Ok;
  },
});
