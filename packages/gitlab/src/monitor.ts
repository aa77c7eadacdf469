/**
 * The GitLab edge of `mlci monitor`: keeps ONE issue per model in step with a scheduled drift check (open on drift,
 * rewrite while it lasts, close with a note when it clears) and creates the retraining pipeline once per drift
 * episode. Every decision comes from core (decideMonitorAction, the marker/state lines, the body and comments), so an
 * issue reads the same as on GitHub; this file only maps them onto GitLab's REST API (docs/monitoring.md#gitlab).
 */
import {
  decideMonitorAction,
  decodeMonitorState,
  isMonitorIssueOf,
  MlciError,
  monitorIssueTitle,
  renderMonitorComment,
  renderMonitorIssueBody,
  ServiceError,
  type DispatchOutcome,
  type DriftResult,
  type IssueAction,
  type MonitorContext,
  type MonitorDecision,
} from '@mlci/core';
import { projectSegment, type GitLabClient } from './http.js';

interface ApiIssue {
  iid: number;
  description: string | null;
  web_url: string;
  state?: string;
}

export interface GitLabMonitorIssue {
  iid: number;
  description: string;
  url: string;
  /** Further open issues carrying the same marker (two overlapping checks), newest last. */
  duplicates: number[];
}

/**
 * Finds the model's open issue: every page of open issues with the monitor's label, oldest first, and the one whose
 * description has the marker as a line of its own. The search API is not used: it lags behind a just-opened issue.
 */
export async function findGitLabMonitorIssue(client: GitLabClient, projectId: string, model: string, label: string): Promise<GitLabMonitorIssue | undefined> {
  const found: Array<{ iid: number; description: string; url: string }> = [];
  const path = `/projects/${projectSegment(projectId)}/issues`;
  for await (const page of client.paginate<ApiIssue>(path, { state: 'opened', labels: label, order_by: 'created_at', sort: 'asc', per_page: 100 })) {
    for (const issue of page) {
      if (isMonitorIssueOf(issue.description, model)) found.push({ iid: issue.iid, description: issue.description ?? '', url: issue.web_url });
    }
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.iid - b.iid);
  return { ...found[0]!, duplicates: found.slice(1).map((f) => f.iid) };
}

/** How retraining is requested: a pipeline created with the API token, or a pipeline trigger token. */
export type GitLabRetrain = { kind: 'pipeline'; ref: string } | { kind: 'trigger'; ref: string; triggerToken: string };

export interface GitLabMonitorSettings {
  projectId: string;
  model: string;
  /** The first label finds the issue again; all are set on a new issue. */
  labels: string[];
  closeWhenClear: boolean;
  retrain?: GitLabRetrain | undefined;
}

export interface GitLabMonitorResult {
  action: IssueAction;
  issueIid: number | undefined;
  issueUrl: string | undefined;
  /** This run created the retraining pipeline. */
  dispatched: boolean;
  pipelineUrl: string | undefined;
  dispatch: DispatchOutcome;
  decision: MonitorDecision | undefined;
  /** What was done, one line each, for the job log. */
  did: string[];
  /** Permission problems: reported, not failures. */
  notices: string[];
  warnings: string[];
  /** A retraining failure the user must fix; the issue was written before it. */
  error?: { what: string; fix: string } | undefined;
}

/** The retraining pipeline's variables: MLCI_RETRAIN for `rules:`, the reason and model for the job. */
export function retrainVariables(model: string, drift: DriftResult): Record<string, string> {
  return {
    MLCI_RETRAIN: 'true',
    MLCI_RETRAIN_REASON: `mlci monitor: data drift in production for ${model}: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (share ${drift.share.toFixed(3)})`,
    MLCI_RETRAIN_MODEL: model,
  };
}

function isDenied(err: unknown): err is ServiceError {
  return err instanceof ServiceError && (err.status === 401 || err.status === 403);
}

function describeError(err: unknown): string {
  // The problem alone: a ServiceError's own fix is about notes and MRs, the caller adds the fix that applies here.
  if (err instanceof MlciError) return err.what;
  return err instanceof Error ? err.message : String(err);
}

async function createRetrainPipeline(
  client: GitLabClient,
  projectId: string,
  retrain: GitLabRetrain,
  variables: Record<string, string>,
): Promise<{ id: number; web_url?: string }> {
  const project = projectSegment(projectId);
  if (retrain.kind === 'trigger') {
    // The trigger token authenticates in the body; it is never logged (errors carry GitLab's message only).
    return client.json('POST', `/projects/${project}/trigger/pipeline`, { body: { token: retrain.triggerToken, ref: retrain.ref, variables } });
  }
  return client.json('POST', `/projects/${project}/pipeline`, {
    body: { ref: retrain.ref, variables: Object.entries(variables).map(([key, value]) => ({ key, value, variable_type: 'env_var' })) },
  });
}

async function dispatchRetraining(
  client: GitLabClient,
  settings: GitLabMonitorSettings,
  drift: DriftResult,
): Promise<{ outcome: DispatchOutcome; url?: string | undefined; notice?: string | undefined; error?: { what: string; fix: string } | undefined }> {
  const retrain = settings.retrain!;
  const what = retrain.kind === 'trigger' ? `a pipeline trigger on ${retrain.ref}` : `a pipeline on ${retrain.ref}`;
  try {
    const pipeline = await createRetrainPipeline(client, settings.projectId, retrain, retrainVariables(settings.model, drift));
    return { outcome: { kind: 'sent', workflow: `pipeline #${pipeline.id}`, ref: retrain.ref }, url: pipeline.web_url };
  } catch (err) {
    const status = err instanceof ServiceError ? err.status : undefined;
    if (status === 403 && retrain.kind === 'pipeline') {
      return {
        outcome: { kind: 'failed', workflow: what, reason: 'the token may not create pipelines' },
        notice: `Retraining was not started: the token may not create pipelines (${describeError(err)}). Give the access token the Developer role (scope api), or use a pipeline trigger token`,
      };
    }
    const fix =
      status === 400
        ? `Check that ${retrain.ref} exists and that its .gitlab-ci.yml has a job for MLCI_RETRAIN == "true" (rules: - if: $MLCI_RETRAIN == "true")`
        : status === 401 || status === 403 || status === 404
          ? retrain.kind === 'trigger'
            ? 'Check the pipeline trigger token (Settings > CI/CD > Pipeline trigger tokens) in MLCI_RETRAIN_TRIGGER_TOKEN'
            : 'Check the project and that the token can create pipelines (Developer role, scope api)'
          : 'Retry; the next scheduled check retries the retraining too';
    return { outcome: { kind: 'failed', workflow: what, reason: describeError(err) }, error: { what: `starting the retraining pipeline failed: ${describeError(err)}`, fix } };
  }
}

/** core's body names the GitHub input for "not configured"; on GitLab the setting is the component's `retrain` input. */
export function renderGitLabMonitorIssueBody(...args: Parameters<typeof renderMonitorIssueBody>): string {
  return renderMonitorIssueBody(...args).replace('(set `retrain-workflow` to dispatch retraining on drift)', '(set `retrain` to start a retraining pipeline on drift)');
}

const DONE: Record<IssueAction, string> = { open: 'opened', update: 'updated', close: 'closed', none: 'none' };

/**
 * Carries out the monitor's decision on GitLab. The issue is written before retraining is requested, so a request is
 * always remembered in the issue's state line (a token that could start pipelines but not write issues would
 * otherwise retrain on every check), and two overlapping checks settle on one issue before either starts one.
 */
export async function syncGitLabMonitorIssue(client: GitLabClient, drift: DriftResult, mctx: MonitorContext, settings: GitLabMonitorSettings): Promise<GitLabMonitorResult> {
  const project = `/projects/${projectSegment(settings.projectId)}`;
  const label = settings.labels[0] ?? 'mlci-drift';
  const result: GitLabMonitorResult = {
    action: 'none',
    issueIid: undefined,
    issueUrl: undefined,
    dispatched: false,
    pipelineUrl: undefined,
    dispatch: mctx.dispatch,
    decision: undefined,
    did: [],
    notices: [],
    warnings: [],
  };
  let found: GitLabMonitorIssue | undefined;
  try {
    found = await findGitLabMonitorIssue(client, settings.projectId, settings.model, label);
  } catch (err) {
    if (!isDenied(err)) throw err;
    result.notices.push(`The drift issue was not checked: GitLab refused to list issues (${err.status}). ${err.fix ?? ''}`.trim());
    if (settings.retrain && drift.drifted) {
      result.dispatch = { kind: 'failed', workflow: 'the retraining pipeline', reason: 'not attempted, since the issue that remembers it could not be read' };
    }
    return result;
  }
  if (found && found.duplicates.length > 0) {
    result.warnings.push(`More than one open drift issue for ${settings.model} (#${[found.iid, ...found.duplicates].join(', #')}): updating #${found.iid}; close the others`);
  }
  const open = found ? { number: found.iid, state: decodeMonitorState(found.description) } : undefined;
  const decision = decideMonitorAction({ drift, issue: open, closeWhenClear: settings.closeWhenClear, retrain: settings.retrain !== undefined, now: mctx.checkedAt });
  result.decision = decision;
  const state = decision.state;
  const ctx: MonitorContext = { ...mctx };
  const target = settings.retrain ? (settings.retrain.kind === 'trigger' ? `a pipeline trigger on ${settings.retrain.ref}` : `a pipeline on ${settings.retrain.ref}`) : undefined;
  if (decision.dispatch) ctx.dispatch = { kind: 'pending', workflow: target! };
  else if (target && drift.drifted) ctx.dispatch = { kind: 'already-sent', workflow: 'the retraining pipeline' };
  else if (target) ctx.dispatch = { kind: 'not-needed', workflow: 'the retraining pipeline' };

  const comment = decision.comment ? renderMonitorComment(decision.comment, drift, ctx, decision.newColumns) : undefined;
  let written = false;
  try {
    const description = renderGitLabMonitorIssueBody(drift, state, ctx);
    if (decision.issue === 'open') {
      const issue = await client.json<ApiIssue>('POST', `${project}/issues`, { body: { title: monitorIssueTitle(settings.model), description, labels: settings.labels.join(',') } });
      result.issueIid = issue.iid;
      result.issueUrl = issue.web_url;
      result.did.push(`Opened issue #${issue.iid}.`);
    } else if (open && decision.issue === 'update') {
      const issue = await client.json<ApiIssue>('PUT', `${project}/issues/${open.number}`, { body: { description } });
      if (comment) await client.request('POST', `${project}/issues/${open.number}/notes`, { body: { body: comment } });
      result.issueIid = issue.iid;
      result.issueUrl = issue.web_url;
      result.did.push(`Updated issue #${open.number}${comment ? ' and commented' : ''}.`);
    } else if (open && decision.issue === 'close') {
      // The note first, so the timeline reads "drift cleared" then "closed".
      await client.request('POST', `${project}/issues/${open.number}/notes`, { body: { body: comment! } });
      const issue = await client.json<ApiIssue>('PUT', `${project}/issues/${open.number}`, { body: { description, state_event: 'close' } });
      result.issueIid = issue.iid;
      result.issueUrl = issue.web_url;
      result.did.push(`Closed issue #${open.number}: drift cleared.`);
    } else {
      result.did.push('No drift and no open drift issue: nothing to do.');
    }
    result.action = decision.issue;
    written = decision.issue !== 'none';
  } catch (err) {
    if (!isDenied(err)) throw err;
    result.notices.push(`The drift issue was not ${DONE[decision.issue]}: GitLab refused (${err.status}). Use a project access token with scope api and the Reporter role or higher in GITLAB_TOKEN`);
    if (found) {
      result.issueIid = found.iid;
      result.issueUrl = found.url;
    }
  }

  let lostRace = false;
  if (result.action === 'open') {
    // Another check may have opened the same issue meanwhile: the oldest wins, ours is closed as its duplicate.
    const again = await findGitLabMonitorIssue(client, settings.projectId, settings.model, label);
    if (again && again.iid < result.issueIid!) {
      lostRace = true;
      const ours = result.issueIid!;
      await client.request('POST', `${project}/issues/${ours}/notes`, { body: { body: `Duplicate of #${again.iid}, opened by another check at the same time.` } });
      await client.request('PUT', `${project}/issues/${ours}`, { body: { state_event: 'close' } });
      result.did.push(`Another check opened #${again.iid} at the same time: closed #${ours} as its duplicate.`);
      result.issueIid = again.iid;
      result.issueUrl = again.url;
      result.action = 'none';
    }
  }

  if (decision.dispatch && written && !lostRace) {
    const r = await dispatchRetraining(client, settings, drift);
    ctx.dispatch = r.outcome;
    if (r.notice) result.notices.push(r.notice);
    if (r.error) result.error = r.error;
    if (r.outcome.kind === 'sent') {
      result.dispatched = true;
      result.pipelineUrl = r.url;
      state.dispatched = true;
      result.did.push(`Started the retraining ${r.outcome.workflow} on ${r.outcome.ref}${r.url ? `: ${r.url}` : ''}.`);
    }
    try {
      await client.request('PUT', `${project}/issues/${result.issueIid}`, { body: { description: renderGitLabMonitorIssueBody(drift, state, ctx) } });
    } catch (err) {
      // The next check sees the retraining as not requested and requests it again: say so rather than fail.
      result.warnings.push(`The drift issue #${result.issueIid} could not record the retraining (${describeError(err)}); the next check may start it again`);
    }
  } else if (decision.dispatch && !lostRace) {
    ctx.dispatch = { kind: 'failed', workflow: target!, reason: 'not attempted, since the issue that remembers it could not be written' };
    result.notices.push('Retraining was not started: without an issue to record it, every check would start it again');
  } else if (lostRace && target) {
    ctx.dispatch = { kind: 'already-sent', workflow: 'the retraining pipeline' };
  }
  result.dispatch = ctx.dispatch;
  return result;
}
