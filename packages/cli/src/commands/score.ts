import { resolve } from 'node:path';
import { scoreModel } from '@mlci/core';
import { defineCommand, ExitCode, listOption, requireOption } from '../command.js';
import { loadOnnxRuntime, parseCount, parseTask } from './evaluate.js';

export const scoreCommand = defineCommand({
  name: ['score'],
  summary: 'Batch scoring: run an ONNX model over a dataset and write predictions (CSV or JSON Lines, with probabilities) next to an id.',
  usage: '--model <model.onnx> --data <file> --out <predictions.csv|.jsonl> [--id <column>] [--features a,b,c] [--exclude a,b]',
  help: [
    ['--model <file>', 'ONNX model.'],
    ['--data <file>', 'Rows to score: CSV, TSV, JSON Lines (optionally .gz).'],
    ['--out <file>', 'Predictions file: .jsonl/.ndjson for JSON Lines, otherwise CSV (default predictions.csv).'],
    ['--id <column>', 'Column copied to the output as id (default: the 0-based row number).'],
    ['--features <list>', 'Feature columns in model order (default: every column but --id and --exclude, in file order).'],
    ['--exclude <list>', 'Columns that are not features, e.g. a label still in the file.'],
    ['--task <task>', 'classification or regression (default: inferred from the model outputs).'],
    ['--class-labels <list>', 'Class labels in output column order, for models without label attributes.'],
    ['--no-probabilities', 'Write the predicted class only.'],
    ['--batch-size <n>', 'Rows per model call (default 4096).'],
  ],
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    id: { type: 'string' },
    features: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    task: { type: 'string' },
    'class-labels': { type: 'string' },
    'no-probabilities': { type: 'boolean' },
    'batch-size': { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const model = resolve(io.cwd, requireOption(values.model, '--model', scoreCommand));
    const data = resolve(io.cwd, requireOption(values.data, '--data', scoreCommand));
    const out = resolve(io.cwd, values.out ?? 'predictions.csv');
    const result = await scoreModel({
      model,
      data,
      out,
      runtime: await loadOnnxRuntime(),
      idColumn: values.id,
      features: listOption(values.features),
      exclude: listOption(values.exclude),
      task: parseTask(values.task),
      classLabels: listOption(values['class-labels']),
      probabilities: !values['no-probabilities'],
      batchRows: parseCount(values['batch-size'], '--batch-size', 1),
    });
    const rate = result.wallMs > 0 ? Math.round(result.rows / (result.wallMs / 1000)) : result.rows;
    io.stdout(`scored ${result.rows} rows (${result.task}) in ${(result.wallMs / 1000).toFixed(2)} s (${rate} rows/s): wrote ${result.out}\n`);
    return ExitCode.Ok;
  },
});
