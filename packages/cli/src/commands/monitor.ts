import { access, mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  decideMonitorAction,
  describeDispatch,
  driftFromProfiles,
  loadConfig,
  loadMonitorSides,
  loadTableSchema,
  monitorIssueTitle,
  renderDriftMarkdown,
  resolveDataFiles,
  UsageError,
  type DispatchOutcome,
  type DriftResult,
  type DriftSettingsInput,
  type MonitorContext,
  type MonitorSides,
} from '@mlci/core';
import { readGitLabContext, renderGitLabMonitorIssueBody, requireProjectId, syncGitLabMonitorIssue, type GitLabMonitorResult, type GitLabRetrain } from '@mlci/gitlab';
import { defineCommand, ExitCode, listOption, type Io } from '../command.js';
import { renderDriftConsole } from './drift.js';
import { clientFor } from './gitlab.js';

/**
 * `mlci monitor`: a scheduled production-drift check. Drift and what to do about the model's issue are decided in core
 * (the same rules as actions/monitor); on GitLab the issue and the retraining pipeline are written through the API,
 * elsewhere the decision and the issue body are printed and written next to drift.json.
 */

const MODEL_NAME_LIMIT = 200;
const TRIGGER_TOKEN_ENV = 'MLCI_RETRAIN_TRIGGER_TOKEN';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** A side is one profile.json, or data files/globs. */
async function sideFiles(values: string[], cwd: string, flag: string): Promise<string[]> {
  if (values.length === 1 && /\.json$/i.test(values[0]!)) {
    if (!(await exists(resolve(cwd, values[0]!)))) throw new UsageError(`file not found: ${values[0]}`, { where: flag, fix: 'Check the path (it is relative to the working directory)', code: 'file-not-found' });
    return values;
  }
  return resolveDataFiles(values, cwd, flag);
}

function wholeNumber(raw: string | undefined, flag: string, min: number, example: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`'${raw}' is not a ${min > 0 ? 'positive ' : ''}whole number`, { where: flag, fix: `Pass a number such as ${example}` });
  return n;
}

function sampleText(s: MonitorSides['current']): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (s.method === 'profile') return `a profile.json of ${n(s.rowsProfiled)} rows`;
  if (s.method === 'reservoir') return `${n(s.rowsProfiled)} of ${n(s.rowsSeen)} rows (seeded reservoir sample, seed ${s.seed})`;
  return `all ${n(s.rowsSeen)} rows`;
}

/** `--retrain pipeline` (the API token creates a pipeline) or `--retrain trigger` (MLCI_RETRAIN_TRIGGER_TOKEN). */
function parseRetrain(raw: string | undefined, ref: string | undefined, io: Io, willStart: boolean): GitLabRetrain | undefined {
  if (raw === undefined || raw === '' || raw === 'none') return undefined;
  if (raw !== 'pipeline' && raw !== 'trigger') {
    throw new UsageError(`'${raw}' is not a way to retrain`, { where: '--retrain', fix: `Use pipeline (create a pipeline with the API token), trigger (a pipeline trigger token in ${TRIGGER_TOKEN_ENV}) or none` });
  }
  // Outside CI nothing is started, so a missing branch only matters once the pipeline is really created.
  const branch = ref ?? io.env.CI_DEFAULT_BRANCH?.trim() ?? '';
  if (raw === 'pipeline') return { kind: 'pipeline', ref: branch };
  const triggerToken = io.env[TRIGGER_TOKEN_ENV]?.trim() ?? '';
  if (!triggerToken && willStart) {
    throw new UsageError(`--retrain trigger needs the trigger token in ${TRIGGER_TOKEN_ENV}`, {
      where: TRIGGER_TOKEN_ENV,
      fix: 'Create one under Settings > CI/CD > Pipeline trigger tokens and store it as a masked CI/CD variable (never on the command line)',
    });
  }
  return { kind: 'trigger', ref: branch, triggerToken };
}

async function loadDriftSettings(configArg: string | undefined, cwd: string): Promise<{ drift: DriftSettingsInput; where: string | undefined }> {
  const path = resolve(cwd, configArg ?? 'mlci.yml');
  if (configArg === undefined && !(await exists(path))) return { drift: {}, where: undefined };
  return { drift: (await loadConfig(path)).drift ?? {}, where: configArg ?? 'mlci.yml' };
}

/** Token-free text for the log: the decision and what happened. */
function outcomeLines(action: string, r: GitLabMonitorResult | undefined, dispatch: DispatchOutcome): string {
  const lines: string[] = [];
  if (r) {
    for (const d of r.did) lines.push(`mlci: ${d}`);
    lines.push(`mlci: issue: ${r.issueIid !== undefined ? `#${r.issueIid} ${action}${r.issueUrl ? ` (${r.issueUrl})` : ''}` : action}`);
  }
  // describeDispatch writes Markdown; the log wants plain text.
  lines.push(`mlci: retraining: ${describeDispatch(dispatch).replace(/`/g, '').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')}`);
  return lines.join('\n') + '\n';
}

export const monitorCommand = defineCommand({
  name: ['monitor'],
  summary: "Scheduled production drift check: compare a production sample with the model's training profile and keep one drift issue per model.",
  usage: '--data <files> --reference <profile.json|data> --model <name> [--sample-rows N] [--out <dir>] [--retrain pipeline|trigger] [--fail-on-drift]',
  help: [
    ['--data <p>', 'production data files/globs fetched by an earlier step, or one profile.json (repeatable)'],
    ['--reference <p>', "the production model's training profile.json, or its training data (repeatable)"],
    ['--model <name>', 'model name: the issue title and the hidden marker that finds the issue again'],
    ['--config <file>', 'mlci.yml with a drift: section (default mlci.yml when present)'],
    ['--schema <file>', "Table Schema for data sides (default: the reference profile's types)"],
    ['--sample-rows <n>', 'profile at most n production rows (seeded uniform reservoir sample; default every row)'],
    ['--seed <n>', 'seed of the sample (default 0): the same files and seed give the same sample'],
    ['--out <dir>', 'where drift.json, drift.md and issue.md go (default .mlci/monitor)'],
    ['--labels <l>', 'issue labels, comma-separated (default mlci-drift); the first finds the issue again'],
    ['--retrain <how>', `on a new drift episode start retraining: pipeline (POST /pipeline with the token), trigger (${TRIGGER_TOKEN_ENV}), none`],
    ['--retrain-ref <ref>', 'branch or tag the retraining pipeline runs on (default CI_DEFAULT_BRANCH)'],
    ['--keep-open', 'when drift clears, note it and leave the issue open (default: close it)'],
    ['--fail-on-drift', 'exit 1 on dataset drift (default: drift is reported, exit 0)'],
  ],
  options: {
    data: { type: 'string', short: 'd', multiple: true },
    reference: { type: 'string', short: 'r', multiple: true },
    model: { type: 'string', short: 'm' },
    config: { type: 'string' },
    schema: { type: 'string', short: 's' },
    'sample-rows': { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string', short: 'o' },
    labels: { type: 'string', multiple: true },
    retrain: { type: 'string' },
    'retrain-ref': { type: 'string' },
    'keep-open': { type: 'boolean' },
    'fail-on-drift': { type: 'boolean' },
  },
  allowPositionals: false,
  async run(args, io) {
    const usage = `Usage: mlci monitor ${monitorCommand.usage}`;
    const data = listOption(args.values.data);
    const reference = listOption(args.values.reference);
    const model = args.values.model?.trim() ?? '';
    if (data.length === 0) throw new UsageError('missing required option --data', { where: 'mlci monitor', fix: usage });
    if (reference.length === 0) throw new UsageError('missing required option --reference', { where: 'mlci monitor', fix: usage });
    if (model === '') throw new UsageError('missing required option --model', { where: 'mlci monitor', fix: 'Name the model in production, e.g. --model penguins-classifier' });
    if (model.length > MODEL_NAME_LIMIT || /[\u0000-\u001f\u007f]/.test(model)) {
      throw new UsageError(`the model name is not usable (${model.length} characters)`, { where: '--model', fix: `Use one line of at most ${MODEL_NAME_LIMIT} characters, e.g. penguins-classifier` });
    }
    const sampleRows = wholeNumber(args.values['sample-rows'], '--sample-rows', 1, '50000');
    const seed = wholeNumber(args.values.seed, '--seed', 0, '0') ?? 0;
    const labelList = listOption(args.values.labels);
    const labels = labelList.length > 0 ? labelList : ['mlci-drift'];
    const gl = readGitLabContext(io.env);
    // Only a GitLab job with a token writes the issue and starts retraining; elsewhere the decision is printed.
    const live = gl.inCi && gl.token !== undefined;
    const retrain = parseRetrain(args.values.retrain, args.values['retrain-ref'], io, live);

    const { drift: driftSettings, where: configWhere } = await loadDriftSettings(args.values.config, io.cwd);
    const schemaArg = args.values.schema;
    const sides = await loadMonitorSides({
      reference: await sideFiles(reference, io.cwd, '--reference'),
      data: await sideFiles(data, io.cwd, '--data'),
      cwd: io.cwd,
      schema: schemaArg !== undefined ? await loadTableSchema(resolve(io.cwd, schemaArg), schemaArg) : undefined,
      sampleRows,
      seed,
      where: { reference: '--reference', data: '--data' },
    });
    let drift: DriftResult;
    try {
      drift = driftFromProfiles(sides.reference, sides.current.profile, driftSettings);
    } catch (err) {
      if (err instanceof UsageError && configWhere) throw new UsageError(err.what, { where: `${configWhere}: ${err.where ?? 'drift'}`, fix: err.fix, code: err.code });
      throw err;
    }
    const outArg = (args.values.out ?? '.mlci/monitor').replace(/\/+$/, '');
    const outDir = resolve(io.cwd, outArg);
    await mkdir(outDir, { recursive: true });
    await writeFile(resolve(outDir, 'drift.json'), JSON.stringify(drift, null, 1) + '\n');
    await writeFile(resolve(outDir, 'drift.md'), renderDriftMarkdown(drift));
    io.stdout(renderDriftConsole(drift, `${outArg}/drift.json`));
    const sample = sampleText(sides.current);
    io.stdout(`production sample: ${sample}\n`);

    const mctx: MonitorContext = {
      model,
      checkedAt: new Date().toISOString(),
      runUrl: gl.jobUrl ?? gl.pipelineUrl,
      sample,
      data,
      reference: `${reference.join(', ')} (${sides.referenceSource === 'profile' ? 'training profile' : 'training data'})`,
      dispatch: retrain ? { kind: 'not-needed', workflow: 'the retraining pipeline' } : { kind: 'not-configured' },
    };
    const closeWhenClear = !args.values['keep-open'];
    const issueFile = `${outArg}/issue.md`;

    if (!live || gl.token === undefined) {
      // Without a token that may write issues no API call is made (CI_JOB_TOKEN cannot): the decision for a project
      // with no open drift issue, and the body such an issue would get, go to the log and the artifacts.
      const decision = decideMonitorAction({ drift, issue: undefined, closeWhenClear, retrain: retrain !== undefined, now: mctx.checkedAt });
      if (decision.dispatch) mctx.dispatch = { kind: 'failed', workflow: 'the retraining pipeline', reason: 'not started without a token that can record it in the issue' };
      const body = renderGitLabMonitorIssueBody(drift, decision.state, mctx);
      await writeFile(resolve(outDir, 'issue.md'), `# ${monitorIssueTitle(model)}\n\n${body}`);
      const would = decision.issue === 'open' ? `open an issue "${monitorIssueTitle(model)}" (or update the open one)` : 'close the open drift issue, if there is one';
      io.stdout(`\nmlci: decision: ${would}; the issue body is below and in ${issueFile}\n\n${body}`);
      const why = gl.inCi
        ? 'no GITLAB_TOKEN: CI_JOB_TOKEN cannot write issues. To keep the drift issue, create a project access token (Settings > Access tokens, role Reporter, scope api; Developer to start retraining) and add it as a masked CI/CD variable named GITLAB_TOKEN'
        : 'not in GitLab CI (GITLAB_CI is not true), so no issue was written';
      io.stderr(`mlci: notice: ${why}. The drift report is in ${outArg}/drift.md and the issue body in ${issueFile}\n`);
      return drift.drifted && args.values['fail-on-drift'] ? ExitCode.CheckFailed : ExitCode.Ok;
    }

    const projectId = requireProjectId(gl, 'CI_PROJECT_ID');
    if (retrain && retrain.ref === '') throw new UsageError('no branch to run the retraining pipeline on', { where: '--retrain-ref', fix: 'Pass --retrain-ref main (inside GitLab CI it defaults to CI_DEFAULT_BRANCH)' });
    const client = clientFor(gl, io, { kind: 'private-token', token: gl.token });
    const r = await syncGitLabMonitorIssue(client, drift, mctx, { projectId, model, labels, closeWhenClear, retrain });
    const actionText = { open: 'opened', update: 'updated', close: 'closed', none: 'none' }[r.action];
    const finalCtx: MonitorContext = { ...mctx, dispatch: r.dispatch };
    const body = renderGitLabMonitorIssueBody(drift, r.decision?.state ?? { v: 1, drifted: drift.drifted, columns: [], dispatched: false }, finalCtx);
    await writeFile(resolve(outDir, 'issue.md'), `# ${monitorIssueTitle(model)}\n\n${body}`);
    await writeFile(
      resolve(outDir, 'monitor.json'),
      JSON.stringify({ drifted: drift.drifted, share: drift.share, issueAction: actionText, issueIid: r.issueIid ?? null, issueUrl: r.issueUrl ?? null, dispatched: r.dispatched, pipelineUrl: r.pipelineUrl ?? null }, null, 1) + '\n',
    );
    io.stdout(outcomeLines(actionText, r, r.dispatch));
    for (const w of r.warnings) io.stderr(`mlci: warning: ${w}\n`);
    for (const n of r.notices) io.stderr(`mlci: notice: ${n}. The drift report is in ${outArg}/drift.md and the issue body in ${issueFile}\n`);
    if (r.error) throw new UsageError(r.error.what, { where: '--retrain', fix: r.error.fix });
    return drift.drifted && args.values['fail-on-drift'] ? ExitCode.CheckFailed : ExitCode.Ok;
  },
});
