import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import {
  directoryBaseline,
  loadConfig,
  parseGateResult,
  renderPipelineConsoleLine,
  renderPipelineMarkdown,
  renderPipelineTable,
  escapeText,
  runPipeline,
  STAGES,
  truncateMarkdown,
  UsageError,
  type BaselineProvider,
  type PipelineResult,
  type ReportSink,
  type StageName,
} from '@mlci/core';
import { findBaseline } from './baseline.js';
import { PullRequestCommentSink } from './comments.js';
import { commitUrl, readRunContext, runUrl } from './context.js';
import { Deployments } from './deployments/client.js';
import { recordGateDeployment } from './deployments/record.js';
import { runFromEnv } from './deployments/target.js';
import { runnerOnnxRuntime } from './evaluate.js';
import { apiFailure, createApiClient } from './octokit.js';
import { boolInput, input, listInput, workspacePath, type StepOutcome } from './runtime.js';

/** Input names, as in the root action.yml. */
export const PipelineInputs = {
  config: 'config',
  stages: 'stages',
  environment: 'environment',
  baseline: 'baseline',
  comment: 'comment',
  out: 'out',
  recordDeployment: 'record-deployment',
  token: 'github-token',
} as const;

/** Outputs every run sets, besides each stage's own (valid, accuracy, decision…) and `<stage>-status`. */
export const PipelineOutputs = {
  result: 'result',
  failedStages: 'failed-stages',
  artifactDir: 'artifact-dir',
  artifactName: 'artifact-name',
  report: 'report',
  pipelineJson: 'pipeline-json',
  model: 'model',
  deploymentId: 'deployment-id',
} as const;

export interface PipelineActionSettings {
  /** mlci.yml, relative to the workspace. */
  config: string;
  stages: StageName[];
  environment: string | undefined;
  /** `auto` (the main branch's artifact), `none`, or a folder in the workspace. */
  baseline: string;
  comment: boolean;
  out: string;
  /** Record the gate's decision as a GitHub deployment (in_progress on pass, failure on fail). */
  recordDeployment: boolean;
  token: string;
  workspace: string;
}

export function readPipelineSettings(): PipelineActionSettings {
  const token = input(PipelineInputs.token);
  if (token) core.setSecret(token);
  const stages = listInput(PipelineInputs.stages);
  for (const s of stages) {
    if (!(STAGES as readonly string[]).includes(s)) throw new UsageError(`input 'stages' names '${s}', not a stage`, { where: `with.${PipelineInputs.stages}`, fix: `Use some of: ${STAGES.join(', ')} (empty: all)` });
  }
  const settings: PipelineActionSettings = {
    config: input(PipelineInputs.config) || 'mlci.yml',
    stages: stages as StageName[],
    environment: input(PipelineInputs.environment) || undefined,
    baseline: input(PipelineInputs.baseline) || 'auto',
    comment: boolInput(PipelineInputs.comment, true),
    out: input(PipelineInputs.out) || '.mlci',
    recordDeployment: boolInput(PipelineInputs.recordDeployment, false),
    token,
    // Relative '.' (not process.cwd()): ncc would otherwise bundle files it finds under the build directory.
    workspace: resolve(process.env.GITHUB_WORKSPACE || '.'),
  };
  core.debug(`pipeline settings: ${JSON.stringify({ ...settings, token: settings.token ? '***' : '' })}`);
  return settings;
}

/** GitHub limits the job summary to 1 MiB per step. */
const SUMMARY_LIMIT = 1024 * 1024 - 1024;

/**
 * The root action: the pipeline mlci.yml describes, with GitHub's ports plugged in — the baseline from the main
 * branch's artifact, the report as one PR comment, deployment history for the gate — every stage's outputs set and
 * one job summary telling the whole story in order.
 */
export interface PipelineActionOptions {
  /** A bundled worker entry that calls runShardWorker(), so validation can use threads. */
  workerUrl?: URL | undefined;
  /** A bundled entry that calls runParseThread(), so evaluate can parse in a worker thread. */
  parseThreadModule?: URL | undefined;
}

export async function runPipelineAction(settings: PipelineActionSettings = readPipelineSettings(), env: Readonly<Record<string, string | undefined>> = process.env, options: PipelineActionOptions = {}): Promise<StepOutcome> {
  const configPath = resolve(settings.workspace, settings.config);
  if (!existsSync(configPath)) {
    throw new UsageError(`config not found: ${settings.config}`, { where: `with.${PipelineInputs.config}`, fix: 'Commit an mlci.yml (run `npx mlci init` locally) or point config at it' });
  }
  const config = await loadConfig(configPath);
  const ctx = readRunContext(env);
  const api = settings.token ? createApiClient({ token: settings.token, baseUrl: ctx.apiUrl, warn: (m) => core.warning(m), throttleWrites: env.MLCI_GITHUB_THROTTLE !== 'off' }) : undefined;
  const outDir = resolve(settings.workspace, settings.out);
  const notices: string[] = [];

  let baseline: BaselineProvider | undefined;
  if (settings.baseline === 'auto') {
    if (!api) notices.push('No github-token: compared without a baseline. Pass github-token with permissions actions: read.');
    else {
      baseline = {
        fetch: async ({ destDir }) => {
          const found = await findBaseline({
            octokit: api,
            ctx,
            token: settings.token,
            artifactName: config.compare.artifact,
            destDir,
            baselineFile: config.compare.baseline_file,
            gitCwd: settings.workspace,
            log: (m) => core.info(m),
          }).catch((err: unknown) => {
            throw apiFailure('finding the baseline failed', err);
          });
          return found;
        },
      };
    }
  } else if (settings.baseline !== 'none') {
    baseline = directoryBaseline(resolve(settings.workspace, settings.baseline), settings.baseline);
  }

  let report: ReportSink | undefined;
  const pr = ctx.pullRequest;
  if (settings.comment && pr) {
    if (!api) notices.push(`No github-token: the report was not posted to pull request #${pr.number}.`);
    else report = new PullRequestCommentSink({ octokit: api, owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number, fullReportAt: 'the job summary' });
  }

  const deployments = settings.token ? new Deployments({ owner: ctx.owner, repo: ctx.repo, token: settings.token, baseUrl: ctx.apiUrl, throttle: env.MLCI_GITHUB_THROTTLE !== 'off' }) : undefined;
  const run = runFromEnv(env);
  let result: PipelineResult;
  const done: PipelineResult['stages'] = [];
  try {
    result = await runPipeline({
      config,
      baseDir: dirname(configPath),
      outDir,
      configName: settings.config,
      only: settings.stages,
      environment: settings.environment,
      commit: ctx.sha,
      run,
      reportKey: `${ctx.workflow}/${config.report?.name ?? 'model'}`,
      links: { run: runUrl(ctx), commit: commitUrl(ctx) },
      generator: 'mlci',
      validationThreads: options.workerUrl ? { workerUrl: options.workerUrl, cores: availableParallelism(), load1: loadavg()[0]! } : undefined,
      evaluateParseThread: options.parseThreadModule,
      // The training command gets the job's environment but not this action's inputs (the token is one of them).
      env: Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('INPUT_'))),
      ports: {
        baseline,
        report,
        onnxRuntime: runnerOnnxRuntime,
        deployments,
        deploymentsUnavailable: deployments ? undefined : 'no github-token',
      },
      onOutput: (text) => process.stdout.write(text),
      onEvent: (e) => {
        if (e.phase === 'start') core.startGroup(`mlci ${e.stage}`);
        if (e.phase === 'end' && e.result) {
          done.push(e.result);
          core.info(renderPipelineConsoleLine(e.result));
          if (e.result.status !== 'skipped') core.endGroup();
        }
      },
    });
  } catch (err) {
    core.endGroup();
    // The summary still shows how far the pipeline got and what stopped it.
    if (env.GITHUB_STEP_SUMMARY) {
      const partial: PipelineResult = { stages: done, passed: false, artifactDir: '', durationMs: 0 };
      const what = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      await core.summary.addRaw(`## ❌ mlci pipeline stopped\n\n> ${escapeText(what)}\n\n${renderPipelineTable(partial)}`, true).write();
    }
    throw err;
  }

  // Outputs: every stage's own, its status, and the run's.
  for (const stage of result.stages) {
    core.setOutput(`${stage.stage}-status`, stage.status);
    for (const [name, value] of Object.entries(stage.outputs)) core.setOutput(name, value);
    if (stage.status === 'failed') core.error(`${stage.stage}: ${stage.summary}`, { title: `mlci ${stage.stage} failed` });
  }
  const failed = result.stages.filter((s) => s.status === 'failed').map((s) => s.stage);
  core.setOutput(PipelineOutputs.result, result.passed ? 'passed' : 'failed');
  core.setOutput(PipelineOutputs.failedStages, failed.join(','));
  core.setOutput(PipelineOutputs.artifactDir, workspacePath(result.artifactDir, settings.workspace));
  core.setOutput(PipelineOutputs.artifactName, config.compare.artifact);
  if (config.evaluate) core.setOutput(PipelineOutputs.model, workspacePath(resolve(dirname(configPath), config.evaluate.model), settings.workspace));
  const reportFile = result.stages.find((s) => s.stage === 'report')?.files.report;
  if (reportFile) core.setOutput(PipelineOutputs.report, workspacePath(reportFile, settings.workspace));
  const pipelineJson = resolve(outDir, 'pipeline.json');
  await mkdir(outDir, { recursive: true });
  await writeFile(pipelineJson, JSON.stringify({ passed: result.passed, durationMs: result.durationMs, stages: result.stages.map((s) => ({ ...s, files: Object.fromEntries(Object.entries(s.files).map(([k, v]) => [k, relative(settings.workspace, v)])) })) }, null, 2) + '\n');
  core.setOutput(PipelineOutputs.pipelineJson, workspacePath(pipelineJson, settings.workspace));

  const gateFile = result.stages.find((s) => s.stage === 'gate' && s.status !== 'skipped')?.files.gate;
  if (settings.recordDeployment && gateFile) {
    if (!deployments) throw new UsageError('record-deployment needs a token', { where: `with.${PipelineInputs.token}`, fix: 'Pass github-token with permissions deployments: write' });
    if (!ctx.sha) throw new UsageError('record-deployment needs the commit (GITHUB_SHA)', { where: `with.${PipelineInputs.recordDeployment}`, fix: 'Run it inside GitHub Actions' });
    const gate = parseGateResult(JSON.parse(await readFile(gateFile, 'utf8')));
    const recorded = await recordGateDeployment(deployments, gate, { ref: ctx.sha, logUrl: runUrl(ctx) });
    core.setOutput(PipelineOutputs.deploymentId, String(recorded.deploymentId));
    core.info(`Recorded deployment ${recorded.deploymentId} to ${gate.environment} (${recorded.state})`);
  }

  const publish = result.report?.publish;
  if (publish && !publish.posted && publish.notice) notices.push(publish.notice);
  if (publish?.posted && publish.url) core.info(`Report on pull request #${pr?.number}: ${publish.url}`);
  for (const n of notices) core.notice(n);
  let summary = renderPipelineMarkdown(result, notices);
  if (summary.length > SUMMARY_LIMIT) summary = truncateMarkdown(summary, SUMMARY_LIMIT, (k, t) => `> [!NOTE]\n> The job summary shows ${k} of ${t} characters (GitHub's limit is 1 MiB); the full report is in ${reportFile ? workspacePath(reportFile, settings.workspace) : settings.out}.`).markdown;
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary, true).write();

  if (!result.passed) {
    core.setFailed(`mlci pipeline: ${failed.join(', ')} failed (see the job summary)`);
    return 'check-failed';
  }
  return 'ok';
}
