import * as core from '@actions/core';
import { resolve } from 'node:path';
import { scoreModel, TASKS, type Task } from '@mlci/core';
import { intOrUndefined, runnerOnnxRuntime, writeSummary } from './evaluate.js';
import { boolInput, choiceInput, input, listInput, requiredInput, workspacePath, type StepOutcome } from './runtime.js';

/** Input names, as in actions/score/action.yml (the runtime inputs are shared with evaluate). */
export const ScoreInputs = {
  model: 'model',
  data: 'data',
  out: 'out',
  id: 'id',
  features: 'features',
  exclude: 'exclude',
  task: 'task',
  classLabels: 'class-labels',
  probabilities: 'probabilities',
  batchSize: 'batch-size',
} as const;

export const ScoreOutputs = { predictions: 'predictions', rows: 'rows', task: 'task' } as const;

export async function runScore(): Promise<StepOutcome> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const at = (p: string) => resolve(workspace, p);
  const settings = {
    model: at(requiredInput(ScoreInputs.model, 'the path of an ONNX model')),
    data: at(requiredInput(ScoreInputs.data, 'the path of the data to score')),
    out: at(input(ScoreInputs.out) || '.mlci/score/predictions.csv'),
    idColumn: input(ScoreInputs.id) || undefined,
    features: listInput(ScoreInputs.features),
    exclude: listInput(ScoreInputs.exclude),
    task: (input(ScoreInputs.task) ? choiceInput(ScoreInputs.task, TASKS, 'classification') : undefined) as Task | undefined,
    classLabels: listInput(ScoreInputs.classLabels),
    probabilities: boolInput(ScoreInputs.probabilities, true),
    batchRows: intOrUndefined(ScoreInputs.batchSize, 1),
    names: { model: `with.${ScoreInputs.model}`, data: `with.${ScoreInputs.data}`, features: `with.${ScoreInputs.features}`, id: `with.${ScoreInputs.id}` },
  };
  core.debug(`score settings: ${JSON.stringify(settings)}`);
  const runtime = await runnerOnnxRuntime();
  const result = await scoreModel({ ...settings, runtime });
  const out = workspacePath(result.out, workspace);
  core.setOutput(ScoreOutputs.predictions, out);
  core.setOutput(ScoreOutputs.rows, String(result.rows));
  core.setOutput(ScoreOutputs.task, result.task);
  const rate = result.wallMs > 0 ? Math.round(result.rows / (result.wallMs / 1000)) : result.rows;
  await writeSummary(
    `### Batch scoring\n\nScored ${result.rows.toLocaleString('en-US')} rows (${result.task}) in ${(result.wallMs / 1000).toFixed(2)} s, ${rate.toLocaleString('en-US')} rows/s: \`${out.replaceAll('`', "'")}\` (${result.format}).\n`,
  );
  core.info(`scored ${result.rows} rows: ${out}`);
  return 'ok';
}
