import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, matchBaselineFiles, runComparison, UsageError, writeComparison, type BaselineSourceInfo, type MlciConfig } from '@mlci/core';
import { findBaseline } from './baseline.js';
import { readRunContext } from './context.js';
import { apiFailure, createApiClient } from './octokit.js';
import { boolInput, input, listInput, workspacePath, type StepOutcome } from './runtime.js';

/** Input and output names, as in actions/compare/action.yml. */
export const CompareInputs = {
  current: 'current',
  baseline: 'baseline',
  config: 'config',
  artifact: 'artifact-name',
  baselineFile: 'baseline-file',
  out: 'out',
  token: 'github-token',
  failOnViolation: 'fail-on-violation',
} as const;

export const CompareOutputs = {
  passed: 'passed',
  comparison: 'comparison',
  improved: 'improved',
  regressed: 'regressed',
  violations: 'violations',
  baselineFound: 'baseline-found',
  baselineSource: 'baseline-source',
  baselineRunId: 'baseline-run-id',
  baselineCommit: 'baseline-commit',
} as const;

export interface CompareStepSettings {
  current: string[];
  /** `auto`, `none`, or baseline metrics files. */
  baseline: 'auto' | 'none' | string[];
  config: string | undefined;
  artifactName: string | undefined;
  baselineFile: string | undefined;
  out: string;
  token: string;
  failOnViolation: boolean;
  workspace: string;
}

export function readCompareSettings(): CompareStepSettings {
  const token = input(CompareInputs.token);
  if (token) core.setSecret(token);
  const current = listInput(CompareInputs.current);
  if (current.length === 0) throw new UsageError(`input '${CompareInputs.current}' is required`, { where: `with.${CompareInputs.current}`, fix: 'Set it to the metrics file(s) of this run, e.g. .mlci/evaluate/metrics.json' });
  const rawBaseline = input(CompareInputs.baseline) || 'auto';
  const settings: CompareStepSettings = {
    current,
    baseline: rawBaseline === 'auto' || rawBaseline === 'none' ? rawBaseline : listInput(CompareInputs.baseline),
    config: input(CompareInputs.config) || undefined,
    artifactName: input(CompareInputs.artifact) || undefined,
    baselineFile: input(CompareInputs.baselineFile) || undefined,
    out: input(CompareInputs.out) || '.mlci/compare',
    token,
    failOnViolation: boolInput(CompareInputs.failOnViolation, true),
    // Relative '.' (not process.cwd()): ncc would otherwise bundle files it finds under the build directory.
    workspace: resolve(process.env.GITHUB_WORKSPACE || '.'),
  };
  core.debug(`compare settings: ${JSON.stringify({ ...settings, token: settings.token ? '***' : '' })}`);
  return settings;
}

/**
 * mlci.yml in the workspace. A function on purpose: ncc traces an inline `existsSync(resolve(dir, 'mlci.yml'))`
 * into a glob of every mlci.yml under the build directory and rewrites the path to point into dist.
 */
export function defaultConfigPath(workspace: string): string {
  return resolve(workspace, 'mlci.yml');
}

async function config(settings: CompareStepSettings): Promise<MlciConfig | undefined> {
  if (settings.config) return loadConfig(resolve(settings.workspace, settings.config));
  const fallback = defaultConfigPath(settings.workspace);
  return existsSync(fallback) ? loadConfig(fallback) : undefined;
}

export async function runCompare(settings: CompareStepSettings = readCompareSettings(), env: Readonly<Record<string, string | undefined>> = process.env): Promise<StepOutcome> {
  const cfg = await config(settings);
  const current = settings.current.map((f) => resolve(settings.workspace, f));
  const out = resolve(settings.workspace, settings.out);
  let baselineFiles: string[] = [];
  let source: BaselineSourceInfo;
  if (Array.isArray(settings.baseline)) {
    baselineFiles = settings.baseline.map((f) => resolve(settings.workspace, f));
    source = { kind: 'file', description: settings.baseline.join(', ') };
  } else if (settings.baseline === 'none') {
    source = { kind: 'none', description: 'baseline: none' };
  } else {
    if (!settings.token) throw new UsageError('baseline: auto needs a token to read workflow runs and artifacts', { where: `with.${CompareInputs.token}`, fix: 'Pass github-token: ${{ github.token }} with permissions: actions: read' });
    const ctx = readRunContext(env);
    const octokit = createApiClient({ token: settings.token, baseUrl: ctx.apiUrl, warn: (m) => core.warning(m), throttleWrites: env.MLCI_GITHUB_THROTTLE !== 'off' });
    const found = await findBaseline({
      octokit,
      ctx,
      token: settings.token,
      artifactName: settings.artifactName ?? cfg?.compare.artifact ?? 'mlci-metrics',
      destDir: join(out, 'baseline'),
      baselineFile: settings.baselineFile ?? cfg?.compare.baseline_file,
      gitCwd: settings.workspace,
      log: (m) => core.info(m),
    }).catch((err: unknown) => {
      throw apiFailure('finding the baseline failed', err);
    });
    source = found.source;
    baselineFiles = matchBaselineFiles(current, found.files);
    if (found.files.length > 0 && baselineFiles.length === 0) {
      core.warning(`The baseline (${found.source.description}) has no metrics file named like ${settings.current.join(', ')}: comparing without a baseline.`);
      source = { kind: 'none', description: `${found.source.description} holds no matching metrics file` };
    }
  }
  const comparison = await runComparison({ current, baseline: baselineFiles, baselineSource: source, rules: cfg?.metrics, settings: cfg?.compare, commit: env.GITHUB_SHA });
  const file = await writeComparison(out, comparison);
  const s = comparison.summary;
  core.setOutput(CompareOutputs.passed, String(comparison.passed));
  core.setOutput(CompareOutputs.comparison, workspacePath(file, settings.workspace));
  core.setOutput(CompareOutputs.improved, String(s.improved));
  core.setOutput(CompareOutputs.regressed, String(s.regressed));
  core.setOutput(CompareOutputs.violations, String(s.violations));
  core.setOutput(CompareOutputs.baselineFound, String(comparison.baseline.found));
  core.setOutput(CompareOutputs.baselineSource, comparison.baseline.kind);
  core.setOutput(CompareOutputs.baselineRunId, comparison.baseline.runId === undefined ? '' : String(comparison.baseline.runId));
  core.setOutput(CompareOutputs.baselineCommit, comparison.baseline.commit ?? '');
  core.info(comparison.baseline.found ? `Baseline: ${comparison.baseline.description}${comparison.baseline.runId ? ` (run ${comparison.baseline.runId})` : ''}` : `No baseline yet: ${comparison.baseline.description}`);
  core.info(`${s.improved} improved, ${s.regressed} regressed, ${s.unchanged} unchanged; ${s.violations} rule(s) broken`);
  for (const row of comparison.rows) for (const v of row.violations) core.error(v.message, { title: 'mlci compare: rule broken' });
  for (const v of comparison.violations) core.error(v.message, { title: 'mlci compare' });
  if (!comparison.passed && settings.failOnViolation) {
    core.setFailed(`mlci compare: ${s.violations} rule(s) broken (see comparison.json)`);
    return 'check-failed';
  }
  return 'ok';
}
