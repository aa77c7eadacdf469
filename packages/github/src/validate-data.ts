import * as core from '@actions/core';
import { resolve } from 'node:path';
import { renderValidationSummary, validateFiles, writeValidationOutputs, type ValidationResult } from '@mlci/core';
import { annotate, choiceInput, input, listInput, requiredInput, workspacePath, type Annotation, type StepOutcome } from './runtime.js';

/** Input names, as in actions/validate-data/action.yml. */
export const ValidateDataInputs = {
  data: 'data',
  schema: 'schema',
  out: 'out',
  failOn: 'fail-on',
  delimiter: 'delimiter',
} as const;

export const ValidateDataOutputs = {
  valid: 'valid',
  errorCount: 'error-count',
  warningCount: 'warning-count',
  report: 'report',
  profile: 'profile',
  junit: 'junit',
} as const;

export const FAIL_ON = ['error', 'warning', 'never'] as const;

export interface ValidateDataSettings {
  /** Data files or globs; may be empty when `schema` is a datapackage.json. */
  data: string[];
  schema: string;
  /** Output directory, relative to the workspace. */
  out: string;
  failOn: (typeof FAIL_ON)[number];
  delimiter: string | undefined;
  workspace: string;
}

/** Reads every input once into typed settings; bad values fail here with the input's name. */
export function readValidateDataSettings(): ValidateDataSettings {
  const settings: ValidateDataSettings = {
    data: listInput(ValidateDataInputs.data),
    schema: requiredInput(ValidateDataInputs.schema, 'the path of a Table Schema or datapackage.json'),
    out: input(ValidateDataInputs.out) || '.mlci/validate',
    failOn: choiceInput(ValidateDataInputs.failOn, FAIL_ON, 'error'),
    delimiter: input(ValidateDataInputs.delimiter) || undefined,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
  };
  core.debug(`validate-data settings: ${JSON.stringify(settings)}`);
  return settings;
}

/** Findings as annotations at the data file and line. */
export function validationAnnotations(result: ValidationResult, workspace: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const file of result.files) {
    const path = workspacePath(resolve(workspace, file.path), workspace);
    if (file.skipped) {
      annotations.push({ level: 'warning', message: `not validated: ${file.skipped}`, file: path, title: 'mlci: file skipped' });
      continue;
    }
    for (const [level, findings] of [['error', file.errors], ['warning', file.warnings]] as const) {
      for (const f of findings) {
        annotations.push({
          level,
          message: f.message,
          title: `mlci ${f.code}${f.field === null ? '' : `: ${f.field}`}`,
          file: path,
          line: f.line ?? undefined,
        });
      }
    }
  }
  return annotations;
}

export function outcomeFor(result: ValidationResult, failOn: ValidateDataSettings['failOn']): StepOutcome {
  if (failOn === 'never') return 'ok';
  if (!result.valid) return 'check-failed';
  if (failOn === 'warning' && result.warningCount > 0) return 'check-failed';
  return 'ok';
}

export async function runValidateData(settings: ValidateDataSettings = readValidateDataSettings()): Promise<StepOutcome> {
  const result = await validateFiles({
    data: settings.data,
    schema: settings.schema,
    cwd: settings.workspace,
    read: settings.delimiter ? { delimiter: settings.delimiter } : undefined,
  });
  const outDir = resolve(settings.workspace, settings.out);
  const written = await writeValidationOutputs(result, outDir);
  const reportPath = workspacePath(written.validation, settings.workspace);

  annotate(validationAnnotations(result, settings.workspace), reportPath);

  core.setOutput(ValidateDataOutputs.valid, String(result.valid));
  core.setOutput(ValidateDataOutputs.errorCount, String(result.errorCount));
  core.setOutput(ValidateDataOutputs.warningCount, String(result.warningCount));
  core.setOutput(ValidateDataOutputs.report, reportPath);
  core.setOutput(ValidateDataOutputs.profile, workspacePath(written.profile, settings.workspace));
  core.setOutput(ValidateDataOutputs.junit, workspacePath(written.junit, settings.workspace));

  await core.summary.addRaw(renderValidationSummary(result, { reportPath }), true).write();

  const outcome = outcomeFor(result, settings.failOn);
  if (outcome === 'check-failed') {
    const why = result.valid ? `${result.warningCount} warning(s) and fail-on is 'warning'` : `${result.errorCount} error(s)`;
    core.setFailed(`Data validation failed: ${why}. Every finding is in ${reportPath}.`);
  } else {
    core.info(result.valid ? `Data valid: ${result.files.length} file(s) checked.` : `Data invalid (${result.errorCount} error(s)), but fail-on is 'never'.`);
  }
  return outcome;
}
