import { z } from 'zod';

/**
 * The pipeline sections of mlci.yml: what `mlci run` and the root action do, in order. Each stage runs when its
 * section is present; paths are relative to the directory of mlci.yml.
 *
 * ```yaml
 * data:
 *   files: [data/train.csv, data/test.csv]
 *   schema: data/schema.json
 * train:
 *   command: node train.mjs
 *   params: params.yaml
 *   inputs: [data/train.csv, train.mjs]
 *   outputs: [model/model.onnx]
 *   metrics: model/train-metrics.json
 * evaluate:
 *   model: model/model.onnx
 *   data: data/test.csv
 *   target: species
 *   slice_by: [island]
 *   id: id
 * report:
 *   name: penguins
 * gate:
 *   environment: production
 * ```
 */

const path = z.string().min(1, 'path must not be empty');
/** One path or a list; YAML authors write either. */
const paths = z.union([path, z.array(path)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const dataSectionSchema = z
  .strictObject({
    files: paths.describe('Data files or globs to validate (CSV, TSV, JSON Lines, JSON arrays, optionally .gz), or one datapackage.json.'),
    schema: path.optional().describe('Table Schema (JSON or YAML) or Data Package descriptor the files must match. `mlci init` infers one.'),
    fail_on: z
      .enum(['error', 'warning', 'never'], { error: 'fail_on must be error, warning or never' })
      .default('error')
      .describe('Fail the validate stage on errors (default), also on warnings, or never.'),
    delimiter: z.string().min(1).max(1).optional().describe("CSV field delimiter when not the format's default."),
    reference: paths
      .optional()
      .describe("Drift reference: a profile.json or data files. Default: profile.json from the main branch's baseline artifact."),
  })
  .describe('Data to validate (stage validate) and check for drift (stage drift, when `drift:` is present).');

export const trainSectionSchema = z
  .strictObject({
    command: z
      .union([z.string().min(1, 'command must not be empty'), z.array(z.string()).min(1, 'command must not be empty')])
      .describe('Training command. A string runs through `sh -c`; a list runs the program directly.'),
    params: path.optional().describe('Parameters file (default params.yaml, params.yml or params.json when present).'),
    inputs: paths.default([]).describe('Files or folders the training reads; hashed, and training is skipped when they, the params and the command are unchanged.'),
    outputs: paths.default([]).describe('Files or folders the training writes (the model); hashed after the run.'),
    metrics: path.optional().describe('Metrics file the training writes (JSON or YAML). Compared with the baseline when there is no evaluate stage.'),
    force: z.boolean().default(false).describe('Always run, even when nothing changed.'),
  })
  .describe('Stage train: run your training command and record run.json.');

export const evaluateSectionSchema = z
  .strictObject({
    model: path.describe('ONNX model to evaluate (usually an output of train).'),
    data: path.describe('Held-out data (CSV, TSV, JSON Lines, optionally .gz).'),
    target: z.string().min(1).describe('Column with the true label or value.'),
    task: z.enum(['classification', 'regression']).optional().describe('Default: inferred from the model outputs.'),
    features: z.array(z.string().min(1)).default([]).describe('Feature columns in model order. Default: every column but the target and id.'),
    slice_by: z.array(z.string().min(1)).default([]).describe('Also report metrics per value of these columns.'),
    id: z.string().min(1).optional().describe('Row id column: lets comparisons pair rows with the baseline (McNemar, paired bootstrap).'),
    class_labels: z.array(z.string()).default([]).describe('Class labels in output order, for models without label attributes.'),
    bootstrap: z.number().int().min(0).optional().describe('Bootstrap resamples for 95% intervals (default 1000; 0 turns them off).'),
    seed: z.number().int().min(0).optional().describe('Bootstrap seed (default 42).'),
  })
  .describe('Stage evaluate: run the ONNX model over held-out data; metrics.json feeds compare.');

export const reportSectionSchema = z
  .strictObject({
    name: z.string().min(1).default('model').describe('Report name: with the workflow it identifies the one PR comment kept up to date.'),
    title: z.string().min(1).optional().describe('Heading of the report. Default the name.'),
    comment: z.boolean().default(true).describe('Post the report on the pull request (GitHub) when there is one. Default true.'),
  })
  .describe('Stage report: one report with every stage, as a PR comment and in the job summary. Runs whenever another stage produced results.');

export const gateSectionSchema = z
  .strictObject({
    environment: z.string().min(1).optional().describe('Environment whose policy (environments.<name>) decides. `--environment` / the `environment` input override it.'),
    model_version: z.string().min(1).optional().describe('Model version recorded in the evidence (needed by require_success_in).'),
  })
  .describe('Stage gate: decide whether the model may ship, on the evidence of the earlier stages.');

/** Spread into the top-level config object (config/schema.ts). */
export const pipelineSections = {
  data: dataSectionSchema.optional(),
  train: trainSectionSchema.optional(),
  evaluate: evaluateSectionSchema.optional(),
  report: reportSectionSchema.optional(),
  gate: gateSectionSchema.optional(),
};

export type DataSection = z.infer<typeof dataSectionSchema>;
export type TrainSection = z.infer<typeof trainSectionSchema>;
export type EvaluateSection = z.infer<typeof evaluateSectionSchema>;
export type ReportSection = z.infer<typeof reportSectionSchema>;
export type GateSection = z.infer<typeof gateSectionSchema>;
