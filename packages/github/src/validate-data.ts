import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  chooseThreads,
  driftFromProfiles,
  mergeShards,
  parseShardSpec,
  parseThreadCount,
  readProfile,
  readShardState,
  resolveShardDirs,
  renderDriftMarkdown,
  renderValidationSummary,
  UsageError,
  validateFiles,
  validateInThreads,
  validateShard,
  writeShardState,
  writeValidationOutputs,
  type BaselineSourceInfo,
  type DriftResult,
  type ShardSpec,
  type TableProfile,
  type ValidationResult,
} from '@mlci/core';
import { findBaseline } from './baseline.js';
import { readRunContext } from './context.js';
import { apiFailure, createApiClient } from './octokit.js';
import { annotate, boolInput, choiceInput, input, listInput, requiredInput, workspacePath, type Annotation, type StepOutcome } from './runtime.js';

/** Input names, as in actions/validate-data/action.yml. */
export const ValidateDataInputs = {
  data: 'data',
  schema: 'schema',
  out: 'out',
  failOn: 'fail-on',
  delimiter: 'delimiter',
  shard: 'shard',
  merge: 'merge',
  referenceProfile: 'reference-profile',
  baseline: 'baseline',
  profileArtifact: 'profile-artifact',
  token: 'github-token',
  failOnDrift: 'fail-on-drift',
  threads: 'threads',
} as const;

export const ValidateDataOutputs = {
  valid: 'valid',
  errorCount: 'error-count',
  warningCount: 'warning-count',
  report: 'report',
  profile: 'profile',
  junit: 'junit',
  shardState: 'shard-state',
  drifted: 'drifted',
  driftShare: 'drift-share',
  driftReport: 'drift-report',
  baselineSource: 'baseline-source',
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
  /** Validate only this shard and write shard.json (`i/n`, 1-based). */
  shard: ShardSpec | undefined;
  /** Shard directories (or globs) to merge instead of reading data. */
  merge: string[];
  /** A profile.json to test drift against. */
  referenceProfile: string | undefined;
  /** `auto`: the profile artifact of main's latest successful run (as compare finds metrics); `none`: no lookup. */
  baseline: 'auto' | 'none';
  profileArtifact: string;
  token: string;
  failOnDrift: boolean;
  /** Threads to validate with: a number, or undefined for auto (see chooseThreads). */
  threads: number | undefined;
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
    shard: input(ValidateDataInputs.shard).trim() ? parseShardSpec(input(ValidateDataInputs.shard), `with.${ValidateDataInputs.shard}`) : undefined,
    merge: listInput(ValidateDataInputs.merge),
    referenceProfile: input(ValidateDataInputs.referenceProfile) || undefined,
    baseline: choiceInput(ValidateDataInputs.baseline, ['auto', 'none'] as const, 'none'),
    profileArtifact: input(ValidateDataInputs.profileArtifact) || 'mlci-profile',
    token: input(ValidateDataInputs.token),
    failOnDrift: boolInput(ValidateDataInputs.failOnDrift, false),
    threads: parseThreadCount(input(ValidateDataInputs.threads), `with.${ValidateDataInputs.threads}`),
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
  };
  if (settings.shard && settings.merge.length > 0) {
    throw new UsageError('shard and merge are both set', { where: `with.${ValidateDataInputs.shard}`, fix: 'Use shard in the matrix jobs and merge in the job after them' });
  }
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

/** The reference profile: the given file, else (baseline: auto) profile.json from main's latest profile artifact. */
async function referenceProfile(settings: ValidateDataSettings, outDir: string): Promise<{ profile: TableProfile; source: BaselineSourceInfo } | { profile: undefined; source: BaselineSourceInfo }> {
  if (settings.referenceProfile) {
    const path = resolve(settings.workspace, settings.referenceProfile);
    const profile = await readProfile(path, `with.${ValidateDataInputs.referenceProfile}`);
    if (!profile) throw new UsageError('not a profile.json', { where: `with.${ValidateDataInputs.referenceProfile}`, fix: 'Pass a profile.json written by mlci validate or mlci profile' });
    return { profile, source: { kind: 'file', description: settings.referenceProfile } as BaselineSourceInfo };
  }
  if (!settings.token) throw new UsageError('baseline: auto needs a token to read workflow runs and artifacts', { where: `with.${ValidateDataInputs.token}`, fix: 'Pass github-token: ${{ github.token }} with permissions: actions: read' });
  const env = process.env as Record<string, string | undefined>;
  const ctx = readRunContext(env);
  const octokit = createApiClient({ token: settings.token, baseUrl: ctx.apiUrl, warn: (m) => core.warning(m), throttleWrites: env.MLCI_GITHUB_THROTTLE !== 'off' });
  const found = await findBaseline({ octokit, ctx, token: settings.token, artifactName: settings.profileArtifact, destDir: join(outDir, 'baseline'), gitCwd: settings.workspace, log: (m) => core.info(m) }).catch((err: unknown) => {
    throw apiFailure('finding the baseline profile failed', err);
  });
  const file = found.files.find((f) => basename(f) === 'profile.json');
  if (!file) {
    const why = found.files.length > 0 ? `${found.source.description} holds no profile.json` : found.source.description;
    return { profile: undefined, source: { kind: 'none', description: why } };
  }
  const profile = await readProfile(file, `${found.source.description}: profile.json`);
  return profile ? { profile, source: found.source } : { profile: undefined, source: { kind: 'none', description: `${found.source.description}: profile.json is not a profile` } };
}

export interface ValidateDataOptions {
  /** A bundled worker entry that calls runShardWorker(): without it, validation runs on this thread only. */
  workerUrl?: URL | undefined;
}

export async function runValidateData(settings: ValidateDataSettings = readValidateDataSettings(), options: ValidateDataOptions = {}): Promise<StepOutcome> {
  const outDir = resolve(settings.workspace, settings.out);
  const read = settings.delimiter ? { delimiter: settings.delimiter } : undefined;
  if (settings.shard) {
    const state = await validateShard({ data: settings.data, schema: settings.schema, cwd: settings.workspace, read }, settings.shard);
    const path = await writeShardState(state, outDir);
    const rows = state.pieces.reduce((n, p) => n + p.validation.rows, 0);
    core.setOutput(ValidateDataOutputs.shardState, workspacePath(path, settings.workspace));
    core.info(`Shard ${settings.shard.index + 1}/${settings.shard.count}: ${rows} rows validated; upload ${settings.out} and merge all shards (merge input) for the verdict.`);
    await core.summary.addRaw(`### mlci validate-data: shard ${settings.shard.index + 1}/${settings.shard.count}\n\n${rows} rows validated. The verdict, annotations and report come from the merge job.\n`, true).write();
    return 'ok';
  }
  let result: ValidationResult;
  if (settings.merge.length > 0) {
    const dirs = await resolveShardDirs(settings.merge, settings.workspace, `with.${ValidateDataInputs.merge}`);
    const states = [];
    for (const dir of dirs) states.push({ state: await readShardState(resolve(settings.workspace, dir), dir), shown: dir });
    result = mergeShards(states);
  } else {
    const validate = { data: settings.data, schema: settings.schema, cwd: settings.workspace, read };
    const choice = options.workerUrl ? await chooseThreads(validate, settings.threads, { cores: availableParallelism(), load1: loadavg()[0]! }) : { threads: 1 };
    if (choice.note) core.info(`threads: ${choice.note}`);
    if (choice.threads > 1) core.info(`Validating on ${choice.threads} threads (byte-range shards, merged).`);
    result = choice.threads > 1 ? await validateInThreads(validate, choice.threads, options.workerUrl!) : await validateFiles(validate);
  }
  const written = await writeValidationOutputs(result, outDir);
  const reportPath = workspacePath(written.validation, settings.workspace);

  annotate(validationAnnotations(result, settings.workspace), reportPath);

  core.setOutput(ValidateDataOutputs.valid, String(result.valid));
  core.setOutput(ValidateDataOutputs.errorCount, String(result.errorCount));
  core.setOutput(ValidateDataOutputs.warningCount, String(result.warningCount));
  core.setOutput(ValidateDataOutputs.report, reportPath);
  core.setOutput(ValidateDataOutputs.profile, workspacePath(written.profile, settings.workspace));
  core.setOutput(ValidateDataOutputs.junit, workspacePath(written.junit, settings.workspace));

  let summary = renderValidationSummary(result, { reportPath });
  let drift: DriftResult | undefined;
  if (settings.referenceProfile || settings.baseline === 'auto') {
    const current = result.profile;
    if (!('columns' in current)) throw new UsageError('drift needs one profile; a Data Package run has one per resource', { where: `with.${ValidateDataInputs.referenceProfile}`, fix: 'Run validate-data per resource with its Table Schema, or use the drift action' });
    const ref = await referenceProfile(settings, outDir);
    core.setOutput(ValidateDataOutputs.baselineSource, ref.source.description);
    if (ref.profile) {
      drift = driftFromProfiles(ref.profile, current, { fail: settings.failOnDrift });
      const driftPath = join(outDir, 'drift.json');
      await mkdir(outDir, { recursive: true });
      await writeFile(driftPath, JSON.stringify(drift, null, 2) + '\n');
      core.setOutput(ValidateDataOutputs.drifted, String(drift.drifted));
      core.setOutput(ValidateDataOutputs.driftShare, String(drift.share));
      core.setOutput(ValidateDataOutputs.driftReport, workspacePath(driftPath, settings.workspace));
      summary += `\n\n${renderDriftMarkdown(drift)}\n\n_Reference: ${ref.source.description.replace(/[<>&|*_\[\]\`]/g, '\\$&')}_\n`;
    } else {
      core.setOutput(ValidateDataOutputs.drifted, 'false');
      summary += `\n\n### Drift\n\nNo reference profile yet (${ref.source.description.replace(/[<>&|*_\[\]\`]/g, '\\$&')}); drift is tested once main has uploaded a profile artifact.\n`;
    }
  }
  await core.summary.addRaw(summary, true).write();

  const outcome = drift?.drifted && settings.failOnDrift && outcomeFor(result, settings.failOn) === 'ok' ? 'check-failed' : outcomeFor(result, settings.failOn);
  if (outcome === 'check-failed' && result.valid && drift?.drifted && settings.failOnDrift && !(settings.failOn === 'warning' && result.warningCount > 0)) {
    core.setFailed(`Data drift: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (share ${drift.share.toFixed(2)} ≥ ${drift.shareThreshold}) and fail-on-drift is true.`);
    return outcome;
  }
  if (outcome === 'check-failed') {
    const why = result.valid ? `${result.warningCount} warning(s) and fail-on is 'warning'` : `${result.errorCount} error(s)`;
    core.setFailed(`Data validation failed: ${why}. Every finding is in ${reportPath}.`);
  } else {
    core.info(result.valid ? `Data valid: ${result.files.length} file(s) checked.` : `Data invalid (${result.errorCount} error(s)), but fail-on is 'never'.`);
  }
  return outcome;
}
