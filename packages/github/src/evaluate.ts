import * as core from '@actions/core';
import { resolve } from 'node:path';
import { EVALUATE_METRIC_OUTPUTS, evaluateModel, renderEvaluationMarkdown, TASKS, UsageError, type EvaluationResult, type OnnxRuntime, type Task } from '@mlci/core';
import { ensureOnnxRuntime, importOnnxRuntime, ONNXRUNTIME_VERSION } from './onnx-runtime.js';
import { choiceInput, input, listInput, numberInput, requiredInput, workspacePath, type StepOutcome } from './runtime.js';

/** Input names, as in actions/evaluate/action.yml. */
export const EvaluateInputs = {
  model: 'model',
  data: 'data',
  target: 'target',
  task: 'task',
  features: 'features',
  sliceBy: 'slice-by',
  classLabels: 'class-labels',
  id: 'id',
  out: 'out',
  batchSize: 'batch-size',
  bootstrap: 'bootstrap',
  seed: 'seed',
  onnxruntimeVersion: 'onnxruntime-version',
  onnxruntimePath: 'onnxruntime-path',
} as const;

export const EvaluateOutputs = {
  metricsFile: 'metrics-file',
  evaluationFile: 'evaluation-file',
  outcomesFile: 'outcomes-file',
  metricsJson: 'metrics-json',
  task: 'task',
} as const;

/** How the step gets the runtime: an installed copy (`onnxruntime-path`) or the pinned version from the tool cache. */
export async function runnerOnnxRuntime(): Promise<OnnxRuntime> {
  const path = input(EvaluateInputs.onnxruntimePath);
  if (path) return importOnnxRuntime(resolve(process.env.GITHUB_WORKSPACE || process.cwd(), path));
  const version = input(EvaluateInputs.onnxruntimeVersion) || ONNXRUNTIME_VERSION;
  const setup = await ensureOnnxRuntime({ version, spec: process.env.MLCI_ONNXRUNTIME_SPEC || undefined, log: (m) => core.info(m) });
  return setup.runtime;
}

export function intOrUndefined(name: string, min: number): number | undefined {
  if (input(name) === '') return undefined;
  const n = numberInput(name, 0);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`input '${name}' is '${input(name)}'`, { where: `with.${name}`, fix: `Use a whole number of at least ${min}` });
  return n;
}

export function publishEvaluation(result: EvaluationResult, workspace: string): void {
  for (const [metric, output] of Object.entries(EVALUATE_METRIC_OUTPUTS)) {
    const v = result.metrics[metric];
    if (v !== undefined) core.setOutput(output, String(v));
  }
  core.setOutput(EvaluateOutputs.metricsFile, workspacePath(result.files.metrics, workspace));
  core.setOutput(EvaluateOutputs.evaluationFile, workspacePath(result.files.evaluation, workspace));
  core.setOutput(EvaluateOutputs.outcomesFile, workspacePath(result.files.outcomes, workspace));
  core.setOutput(EvaluateOutputs.metricsJson, JSON.stringify(result.metrics));
  core.setOutput(EvaluateOutputs.task, result.task);
}

/** Appends to the job summary when the runner provides one (GITHUB_STEP_SUMMARY); local runs just skip it. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

export interface EvaluateActionOptions {
  /** A bundled entry that calls runParseThread(): lets evaluate parse in a worker thread while the model runs. */
  parseThreadModule?: URL | undefined;
}

export async function runEvaluate(options: EvaluateActionOptions = {}): Promise<StepOutcome> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const at = (p: string) => resolve(workspace, p);
  const names = { model: `with.${EvaluateInputs.model}`, data: `with.${EvaluateInputs.data}`, target: `with.${EvaluateInputs.target}`, features: `with.${EvaluateInputs.features}`, sliceBy: `with.${EvaluateInputs.sliceBy}`, id: `with.${EvaluateInputs.id}` };
  const settings = {
    model: at(requiredInput(EvaluateInputs.model, 'the path of an ONNX model')),
    data: at(requiredInput(EvaluateInputs.data, 'the path of the test data (CSV, TSV or JSON Lines)')),
    target: requiredInput(EvaluateInputs.target, 'the name of the label column'),
    outDir: at(input(EvaluateInputs.out) || '.mlci/evaluate'),
    task: (input(EvaluateInputs.task) ? choiceInput(EvaluateInputs.task, TASKS, 'classification') : undefined) as Task | undefined,
    features: listInput(EvaluateInputs.features),
    sliceBy: listInput(EvaluateInputs.sliceBy),
    classLabels: listInput(EvaluateInputs.classLabels),
    idColumn: input(EvaluateInputs.id) || undefined,
    batchRows: intOrUndefined(EvaluateInputs.batchSize, 1),
    bootstrap: { resamples: intOrUndefined(EvaluateInputs.bootstrap, 0), seed: intOrUndefined(EvaluateInputs.seed, 0) },
    names,
  };
  core.debug(`evaluate settings: ${JSON.stringify(settings)}`);
  const runtime = await runnerOnnxRuntime();
  const result = await evaluateModel({ ...settings, runtime, parseThreadModule: options.parseThreadModule });
  publishEvaluation(result, workspace);
  const shown = { ...result, data: { ...result.data, path: workspacePath(result.data.path, workspace) } };
  await writeSummary(renderEvaluationMarkdown(shown));
  core.info(`evaluated ${result.metrics.rows} rows (${result.task}); metrics in ${workspacePath(result.files.metrics, workspace)}`);
  return 'ok';
}
