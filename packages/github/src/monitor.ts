/**
 * actions/monitor: on a schedule, profile a sample of production data, compare it with the production model's
 * training profile, and keep ONE issue per model in step with it (open on drift, update while it lasts, close when it
 * clears), optionally dispatching the retraining workflow once per drift episode. What to do is decided in core
 * (decideMonitorAction); this file reads inputs, talks to GitHub and writes outputs and the job summary.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import * as core from '@actions/core';
import {
  decideMonitorAction,
  decodeMonitorState,
  describeDispatch,
  driftFromProfiles,
  escapeText,
  isMonitorIssueOf,
  loadConfig,
  loadMonitorSides,
  loadTableSchema,
  monitorIssueTitle,
  renderDriftMarkdown,
  renderMonitorComment,
  renderMonitorIssueBody,
  resolveDataFiles,
  UsageError,
  type DispatchOutcome,
  type DriftResult,
  type DriftSettingsInput,
  type MonitorContext,
  type MonitorDecision,
  type OpenMonitorIssue,
} from '@mlci/core';
import { readRunContext, runUrl, type RunContext } from './context.js';
import { createApiClient, isReadOnlyTokenError, type ApiClient } from './octokit.js';
import { boolInput, input, listInput, numberInput, requiredInput, type StepOutcome } from './runtime.js';

/** Input and output names of actions/monitor (they mirror action.yml). */
export const MonitorInputs = {
  Data: 'data',
  Reference: 'reference',
  Model: 'model',
  Config: 'config',
  Schema: 'schema',
  SampleRows: 'sample-rows',
  SampleSeed: 'sample-seed',
  Labels: 'labels',
  RetrainWorkflow: 'retrain-workflow',
  RetrainRef: 'retrain-ref',
  Token: 'token',
  CloseWhenClear: 'close-when-clear',
  FailOnDrift: 'fail-on-drift',
  Out: 'out',
} as const;

export const MonitorOutputs = {
  Drifted: 'drifted',
  Share: 'share',
  IssueNumber: 'issue-number',
  IssueUrl: 'issue-url',
  IssueAction: 'issue-action',
  Dispatched: 'dispatched',
  DriftJson: 'drift-json',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export interface MonitorSettings {
  data: string[];
  reference: string[];
  model: string;
  /** mlci.yml; undefined = mlci.yml in the workspace when present. */
  config: string | undefined;
  schema: string | undefined;
  sampleRows: number | undefined;
  sampleSeed: number;
  labels: string[];
  retrainWorkflow: string | undefined;
  retrainRef: string | undefined;
  token: string;
  closeWhenClear: boolean;
  failOnDrift: boolean;
  out: string;
  workspace: string;
}

const MODEL_NAME_LIMIT = 200;

/** Reads every input once, checking each and naming it in the error line. */
export function readMonitorSettings(env: Env = process.env): MonitorSettings {
  const model = requiredInput(MonitorInputs.Model, 'the model name used in the issue title, e.g. penguins-classifier');
  if (model.length > MODEL_NAME_LIMIT || /[\u0000-\u001f\u007f]/.test(model)) {
    throw new UsageError(`input 'model' is not a usable name (${model.length} characters)`, { where: `with.${MonitorInputs.Model}`, fix: `Use one line of at most ${MODEL_NAME_LIMIT} characters, e.g. penguins-classifier` });
  }
  const data = listInput(MonitorInputs.Data);
  if (data.length === 0) throw new UsageError(`input '${MonitorInputs.Data}' is required`, { where: `with.${MonitorInputs.Data}`, fix: 'Set it to the production sample file(s) an earlier step fetched, e.g. prod/latest.csv' });
  const reference = listInput(MonitorInputs.Reference);
  if (reference.length === 0) {
    throw new UsageError(`input '${MonitorInputs.Reference}' is required`, { where: `with.${MonitorInputs.Reference}`, fix: "Set it to the production model's training profile.json (or its training data)" });
  }
  const rawRows = input(MonitorInputs.SampleRows).trim();
  let sampleRows: number | undefined;
  if (rawRows !== '') {
    sampleRows = Number(rawRows);
    if (!Number.isInteger(sampleRows) || sampleRows < 1) {
      throw new UsageError(`input '${MonitorInputs.SampleRows}' is '${rawRows}', not a positive whole number`, { where: `with.${MonitorInputs.SampleRows}`, fix: 'Use a row count such as 50000, or leave it empty to profile every row' });
    }
  }
  const sampleSeed = numberInput(MonitorInputs.SampleSeed, 0);
  if (!Number.isInteger(sampleSeed)) throw new UsageError(`input '${MonitorInputs.SampleSeed}' is '${sampleSeed}', not a whole number`, { where: `with.${MonitorInputs.SampleSeed}`, fix: 'Use a whole number such as 0' });
  const labels = listInput(MonitorInputs.Labels);
  const token = input(MonitorInputs.Token);
  if (token) core.setSecret(token);
  return {
    data,
    reference,
    model,
    config: input(MonitorInputs.Config) || undefined,
    schema: input(MonitorInputs.Schema) || undefined,
    sampleRows,
    sampleSeed,
    labels: labels.length > 0 ? labels : ['mlci-drift'],
    retrainWorkflow: input(MonitorInputs.RetrainWorkflow) || undefined,
    retrainRef: input(MonitorInputs.RetrainRef) || undefined,
    token,
    closeWhenClear: boolInput(MonitorInputs.CloseWhenClear, true),
    failOnDrift: boolInput(MonitorInputs.FailOnDrift, false),
    out: input(MonitorInputs.Out) || 'mlci-monitor',
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/** Finds the model's open issue: every page of open issues with the monitor's label (the search API lags; listing does not). */
export async function findMonitorIssue(
  octokit: ApiClient,
  repo: { owner: string; repo: string },
  model: string,
  label: string,
): Promise<{ number: number; body: string; url: string; duplicates: number[] } | undefined> {
  const found: Array<{ number: number; body: string; url: string }> = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, { ...repo, state: 'open', labels: label, per_page: 100, sort: 'created', direction: 'asc' });
  for await (const page of pages) {
    for (const issue of page.data) {
      // The issues list includes pull requests.
      if (issue.pull_request || !isMonitorIssueOf(issue.body, model)) continue;
      found.push({ number: issue.number, body: issue.body ?? '', url: issue.html_url });
    }
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.number - b.number);
  return { ...found[0]!, duplicates: found.slice(1).map((f) => f.number) };
}

function apiMessage(err: unknown): string {
  const e = err as { status?: number; message?: string; response?: { data?: { message?: string; errors?: Array<{ message?: string } | string> } } };
  const data = e.response?.data;
  const extra = data?.errors?.map((x) => (typeof x === 'string' ? x : x.message)).filter(Boolean).join('; ');
  const said = (data?.message ?? e.message ?? String(err)).split('\n')[0]!;
  return `${e.status ? `HTTP ${e.status}: ` : ''}${said}${extra ? ` (${extra})` : ''}`;
}

/** The ref to dispatch on: the input, else the default branch from the event payload, else from the repository. */
async function retrainRef(octokit: ApiClient, ctx: RunContext, settings: MonitorSettings): Promise<string> {
  if (settings.retrainRef) return settings.retrainRef;
  if (ctx.defaultBranch) return ctx.defaultBranch;
  const { data } = await octokit.rest.repos.get({ owner: ctx.owner, repo: ctx.repo });
  return data.default_branch;
}

interface DispatchResult {
  outcome: DispatchOutcome;
  /** A failure the user must fix (wrong workflow, undeclared inputs): fails the step after the issue is written. */
  error?: { what: string; fix: string } | undefined;
  /** A permissions notice (read-only token): reported, not a failure. */
  notice?: string | undefined;
}

async function dispatchRetraining(octokit: ApiClient, ctx: RunContext, settings: MonitorSettings, drift: DriftResult): Promise<DispatchResult> {
  const workflow = settings.retrainWorkflow!;
  let ref = settings.retrainRef ?? '';
  try {
    ref = await retrainRef(octokit, ctx, settings);
    const reason = `mlci monitor: data drift in production for ${settings.model}: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (share ${drift.share.toFixed(3)})`;
    await octokit.rest.actions.createWorkflowDispatch({
      owner: ctx.owner,
      repo: ctx.repo,
      // A numeric id or a file name, as the REST API accepts.
      workflow_id: /^\d+$/.test(workflow) ? Number(workflow) : workflow,
      ref,
      inputs: { reason, model: settings.model },
    });
    return { outcome: { kind: 'sent', workflow, ref } };
  } catch (err) {
    const said = apiMessage(err);
    if (isReadOnlyTokenError(err) && (err as { status?: number }).status === 403) {
      return {
        outcome: { kind: 'failed', workflow, reason: 'the token may not dispatch workflows' },
        notice: `Retraining was not dispatched: the token may not run workflows (${said}). Give the job 'permissions: actions: write'.`,
      };
    }
    const status = (err as { status?: number }).status;
    const fix =
      status === 404
        ? `Check with.${MonitorInputs.RetrainWorkflow} (a workflow file name such as retrain.yml, or its id) and that it has 'on: workflow_dispatch' on ${ref || 'the ref'}`
        : status === 422
          ? `Declare the inputs 'reason' and 'model' under 'on: workflow_dispatch: inputs:' in ${workflow}, and check with.${MonitorInputs.RetrainRef}`
          : 'Retry; the next scheduled check retries the dispatch too';
    return { outcome: { kind: 'failed', workflow, reason: said }, error: { what: `dispatching ${workflow} failed: ${said}`, fix } };
  }
}

function sampleText(s: Awaited<ReturnType<typeof loadMonitorSides>>['current']): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (s.method === 'profile') return `a profile.json of ${n(s.rowsProfiled)} rows`;
  if (s.method === 'reservoir') return `${n(s.rowsProfiled)} of ${n(s.rowsSeen)} rows (seeded reservoir sample, seed ${s.seed})`;
  return `all ${n(s.rowsSeen)} rows`;
}

async function loadDriftSettings(settings: MonitorSettings): Promise<{ drift: DriftSettingsInput; where: string | undefined }> {
  const explicit = settings.config !== undefined;
  const path = resolve(settings.workspace, settings.config ?? 'mlci.yml');
  if (!explicit && !(await access(path).then(() => true, () => false))) return { drift: {}, where: undefined };
  const shown = settings.config ?? 'mlci.yml';
  try {
    const config = await loadConfig(path);
    return { drift: config.drift ?? {}, where: shown };
  } catch (err) {
    // Name the file as the workflow does (workspace-relative), so the error line reads like the input.
    if (err instanceof UsageError && err.where?.startsWith(path)) throw new UsageError(err.what, { where: shown + err.where.slice(path.length), fix: err.fix, code: err.code });
    throw err;
  }
}

const ACTION_TEXT: Record<MonitorDecision['issue'], string> = { open: 'opened', update: 'updated', close: 'closed', none: 'none' };

/** The step: drift, issue, dispatch, outputs, summary. */
export async function runMonitor(settings: MonitorSettings = readMonitorSettings(), env: Env = process.env): Promise<StepOutcome> {
  const ctx = readRunContext(env);
  const ws = settings.workspace;
  const { drift: driftSettings, where: configWhere } = await loadDriftSettings(settings);
  const sides = await loadMonitorSides({
    reference: settings.reference.length === 1 && /\.json$/i.test(settings.reference[0]!) ? settings.reference : await resolveDataFiles(settings.reference, ws, `with.${MonitorInputs.Reference}`),
    data: settings.data.length === 1 && /\.json$/i.test(settings.data[0]!) ? settings.data : await resolveDataFiles(settings.data, ws, `with.${MonitorInputs.Data}`),
    cwd: ws,
    schema: settings.schema ? await loadTableSchema(resolve(ws, settings.schema), settings.schema) : undefined,
    sampleRows: settings.sampleRows,
    seed: settings.sampleSeed,
    where: { reference: `with.${MonitorInputs.Reference}`, data: `with.${MonitorInputs.Data}` },
  });
  let drift: DriftResult;
  try {
    drift = driftFromProfiles(sides.reference, sides.current.profile, driftSettings);
  } catch (err) {
    if (err instanceof UsageError && configWhere) throw new UsageError(err.what, { where: `${configWhere}: ${err.where ?? 'drift'}`, fix: err.fix, code: err.code });
    throw err;
  }
  const outDir = resolve(ws, settings.out);
  await mkdir(outDir, { recursive: true });
  const driftJson = resolve(outDir, 'drift.json');
  await writeFile(driftJson, JSON.stringify(drift, null, 1) + '\n');
  await writeFile(resolve(outDir, 'drift.md'), renderDriftMarkdown(drift));
  core.setOutput(MonitorOutputs.Drifted, String(drift.drifted));
  core.setOutput(MonitorOutputs.Share, String(Number(drift.share.toFixed(6))));
  core.setOutput(MonitorOutputs.DriftJson, relative(ws, driftJson) || driftJson);
  const sample = sampleText(sides.current);
  core.info(`${drift.drifted ? 'Dataset drift' : 'No dataset drift'} for ${settings.model}: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (share ${drift.share.toFixed(3)}, threshold ${drift.shareThreshold}); production sample: ${sample}`);

  const did: string[] = [];
  const notices: string[] = [];
  const errors: Array<{ what: string; fix: string }> = [];
  const runLink = runUrl(ctx);
  const mctx: MonitorContext = {
    model: settings.model,
    checkedAt: new Date().toISOString(),
    runUrl: runLink,
    sample,
    data: settings.data,
    reference: `${settings.reference.join(', ')} (${sides.referenceSource === 'profile' ? 'training profile' : 'training data'})`,
    dispatch: settings.retrainWorkflow ? { kind: 'not-needed', workflow: settings.retrainWorkflow } : { kind: 'not-configured' },
  };
  let issueNumber = '';
  let issueUrl = '';
  let action: MonitorDecision['issue'] = 'none';
  let dispatched = false;

  if (!settings.token) {
    notices.push(`No token: the drift issue was not ${drift.drifted ? 'opened or updated' : 'checked'}. Pass token: \${{ github.token }} with 'permissions: issues: write'.`);
  } else {
    const octokit = createApiClient({ token: settings.token, baseUrl: ctx.apiUrl, warn: (m) => core.warning(m), throttleWrites: env.MLCI_GITHUB_THROTTLE !== 'off' });
    const repo = { owner: ctx.owner, repo: ctx.repo };
    const label = settings.labels[0]!;
    const found = await findMonitorIssue(octokit, repo, settings.model, label).catch((err: unknown) => {
      throw new UsageError(`cannot list the open issues labelled '${label}': ${apiMessage(err)}`, { where: `with.${MonitorInputs.Token}`, fix: "Give the job 'permissions: issues: write' (listing needs issues: read) and check that issues are enabled" });
    });
    if (found && found.duplicates.length > 0) {
      core.warning(`More than one open drift issue for ${settings.model} (#${[found.number, ...found.duplicates].join(', #')}): updating #${found.number}; close the others.`);
    }
    const open: OpenMonitorIssue | undefined = found ? { number: found.number, state: decodeMonitorState(found.body) } : undefined;
    const decision = decideMonitorAction({ drift, issue: open, closeWhenClear: settings.closeWhenClear, retrain: settings.retrainWorkflow !== undefined, now: mctx.checkedAt });
    const state = decision.state;

    // The issue is written before the dispatch, so that a dispatch is always remembered (a token that may dispatch
    // but not write issues would otherwise retrain on every check), and so that two overlapping checks settle on one
    // issue before either dispatches.
    if (decision.dispatch) mctx.dispatch = { kind: 'pending', workflow: settings.retrainWorkflow! };
    else if (settings.retrainWorkflow && drift.drifted) mctx.dispatch = { kind: 'already-sent', workflow: settings.retrainWorkflow };

    const comment = decision.comment ? renderMonitorComment(decision.comment, drift, mctx, decision.newColumns) : undefined;
    let written = false;
    try {
      const body = renderMonitorIssueBody(drift, state, mctx);
      if (decision.issue === 'open') {
        const { data } = await octokit.rest.issues.create({ ...repo, title: monitorIssueTitle(settings.model), body, labels: settings.labels });
        issueNumber = String(data.number);
        issueUrl = data.html_url;
        did.push(`Opened issue #${data.number}.`);
      } else if (open && decision.issue === 'update') {
        const { data } = await octokit.rest.issues.update({ ...repo, issue_number: open.number, body });
        issueNumber = String(data.number);
        issueUrl = data.html_url;
        if (comment) await octokit.rest.issues.createComment({ ...repo, issue_number: open.number, body: comment });
        did.push(`Updated issue #${open.number}${comment ? ' and commented' : ''}.`);
      } else if (open && decision.issue === 'close') {
        // Comment first, so the timeline reads "drift cleared" then "closed".
        await octokit.rest.issues.createComment({ ...repo, issue_number: open.number, body: comment! });
        const { data } = await octokit.rest.issues.update({ ...repo, issue_number: open.number, body, state: 'closed', state_reason: 'completed' });
        issueNumber = String(data.number);
        issueUrl = data.html_url;
        did.push(`Closed issue #${open.number}: drift cleared.`);
      } else {
        did.push('No drift and no open drift issue: nothing to do.');
      }
      action = decision.issue;
      written = decision.issue !== 'none';
    } catch (err) {
      if (!isReadOnlyTokenError(err)) throw new UsageError(`cannot ${decision.issue} the drift issue: ${apiMessage(err)}`, { where: 'GitHub API', fix: 'Retry; check that issues are enabled in the repository' });
      notices.push(`The drift issue was not ${ACTION_TEXT[decision.issue]}: the token may not write issues (${apiMessage(err)}). Give the job 'permissions: issues: write'.`);
      if (open) {
        issueNumber = String(open.number);
        issueUrl = found!.url;
      }
    }

    let lostRace = false;
    if (action === 'open') {
      // Another check may have opened the same issue meanwhile: the oldest wins, ours is closed as its duplicate.
      const again = await findMonitorIssue(octokit, repo, settings.model, label);
      if (again && again.number < Number(issueNumber)) {
        lostRace = true;
        const ours = Number(issueNumber);
        await octokit.rest.issues.createComment({ ...repo, issue_number: ours, body: `Duplicate of #${again.number}, opened by another check at the same time.` });
        await octokit.rest.issues.update({ ...repo, issue_number: ours, state: 'closed', state_reason: 'duplicate' });
        core.info(`Another check opened #${again.number} at the same time: closed #${ours} as its duplicate.`);
        issueNumber = String(again.number);
        issueUrl = again.url;
        action = 'none';
      }
    }

    if (decision.dispatch && written && !lostRace) {
      const r = await dispatchRetraining(octokit, ctx, settings, drift);
      mctx.dispatch = r.outcome;
      if (r.notice) notices.push(r.notice);
      if (r.error) errors.push(r.error);
      if (r.outcome.kind === 'sent') {
        dispatched = true;
        state.dispatched = true;
        core.info(`Dispatched ${r.outcome.workflow} on ${r.outcome.ref}.`);
      }
      try {
        await octokit.rest.issues.update({ ...repo, issue_number: Number(issueNumber), body: renderMonitorIssueBody(drift, state, mctx) });
      } catch (err) {
        // The next check sees the dispatch as not sent and dispatches again: say so rather than fail the step.
        core.warning(`The drift issue #${issueNumber} could not record the dispatch (${apiMessage(err)}); the next check may dispatch ${settings.retrainWorkflow} again.`);
      }
    } else if (decision.dispatch && !lostRace) {
      mctx.dispatch = { kind: 'failed', workflow: settings.retrainWorkflow!, reason: 'not attempted, since the issue that remembers it could not be written' };
      notices.push(`Retraining was not dispatched: without an issue to record it, every check would dispatch ${settings.retrainWorkflow} again.`);
    } else if (lostRace && settings.retrainWorkflow) {
      mctx.dispatch = { kind: 'already-sent', workflow: settings.retrainWorkflow };
    }
  }

  core.setOutput(MonitorOutputs.IssueNumber, issueNumber);
  core.setOutput(MonitorOutputs.IssueUrl, issueUrl);
  core.setOutput(MonitorOutputs.IssueAction, ACTION_TEXT[action]);
  core.setOutput(MonitorOutputs.Dispatched, String(dispatched));
  for (const n of notices) core.notice(n);
  for (const d of did) core.info(d);

  const summary = [
    `## mlci monitor: ${escapeText(settings.model)}`,
    '',
    ...notices.map((n) => `> [!NOTE]\n> ${escapeText(n)}\n`),
    ...errors.map((e) => `> [!CAUTION]\n> ${escapeText(`${e.what}. ${e.fix}`)}\n`),
    `- Production sample: ${escapeText(sample)}`,
    `- Reference: ${escapeText(mctx.reference)}`,
    `- Issue: ${issueUrl ? `[#${issueNumber}](${issueUrl}) ${ACTION_TEXT[action]}` : drift.drifted || notices.length > 0 ? 'not written (see the note above)' : 'none (no drift, and no open drift issue to close)'}`,
    `- Retraining: ${describeDispatch(mctx.dispatch)}`,
    '',
    renderDriftMarkdown(drift).replace(/@/g, '@&#8203;'),
  ].join('\n');
  await core.summary.addRaw(summary, true).write();

  if (errors.length > 0) throw new UsageError(errors[0]!.what, { where: `with.${MonitorInputs.RetrainWorkflow}`, fix: errors[0]!.fix });
  if (drift.drifted && settings.failOnDrift) {
    core.setFailed(`mlci monitor: data drift in production for ${settings.model}: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (fail-on-drift is true)`);
    return 'check-failed';
  }
  return 'ok';
}

/** The action's entry point. */
export async function runMonitorAction(): Promise<StepOutcome> {
  return runMonitor();
}
