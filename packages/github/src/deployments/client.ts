import type { DeploymentHistory, GateResult, PriorDeployment } from '@mlci/core';
import { createGitHubClient, serviceError, type GitHubClient, type GitHubTarget } from './octokit.js';

/** What mlci stores in a deployment's payload: the model, the run, and the gate decision with its evidence. */
export interface MlciDeploymentPayload {
  schema: 'mlci.deployment/v1';
  kind: 'deploy' | 'rollback' | 'promote';
  model: { version: string; sha256: string | null; path: string | null };
  run: { id: string; url?: string | undefined } | null;
  gate: GateResult | null;
  /** For a rollback: the deployment whose model is being redeployed. */
  rollbackOf?: number | undefined;
  /** Free text: who asked for it, why. */
  note?: string | undefined;
}

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface DeploymentStatusRecord {
  state: DeploymentState;
  createdAt: string;
  creator: string | null;
  description: string | null;
  logUrl: string | null;
  environmentUrl: string | null;
}

/** One mlci deployment with its status history, newest status first. */
export interface DeploymentRecord {
  id: number;
  environment: string;
  ref: string;
  sha: string;
  task: string;
  createdAt: string;
  creator: string | null;
  payload: MlciDeploymentPayload;
  statuses: DeploymentStatusRecord[];
  /** Latest status, or 'pending' when none was posted. */
  state: DeploymentState;
  /** When a status said success (the earliest one), or null. */
  succeededAt: string | null;
}

export interface CreateDeploymentRequest {
  ref: string;
  environment: string;
  payload: MlciDeploymentPayload;
  description?: string | undefined;
}

export interface StatusRequest {
  state: DeploymentState;
  description?: string | undefined;
  logUrl?: string | undefined;
  environmentUrl?: string | undefined;
}

/** GitHub's limit on a deployment status description. */
const DESCRIPTION_MAX = 140;

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** The payload is JSON parsed by GitHub; keep it bounded so thousands of data files do not exceed its limits. */
function boundedPayload(payload: MlciDeploymentPayload): MlciDeploymentPayload {
  if (!payload.gate) return payload;
  const data = payload.gate.evidence.data;
  if (data.length <= 50) return payload;
  return {
    ...payload,
    gate: { ...payload.gate, evidence: { ...payload.gate.evidence, data: [...data.slice(0, 50), { path: `… ${data.length - 50} more file(s) in gate.json`, sha256: '', bytes: 0 }] } },
  };
}

export function isMlciPayload(p: unknown): p is MlciDeploymentPayload {
  if (typeof p === 'string') return false;
  const o = p as Partial<MlciDeploymentPayload> | null;
  return !!o && o.schema === 'mlci.deployment/v1' && !!o.model && typeof o.model.version === 'string';
}

/** Deployments API for one repository: record deployments, post statuses, read the history back. */
export class Deployments implements DeploymentHistory {
  readonly octokit: GitHubClient;
  constructor(
    readonly target: GitHubTarget,
    octokit?: GitHubClient,
  ) {
    this.octokit = octokit ?? createGitHubClient(target);
  }

  private get repo() {
    return { owner: this.target.owner, repo: this.target.repo };
  }

  /**
   * Creates a deployment of `ref` to `environment`. `auto_merge: false`: we deploy exactly the commit that was gated,
   * never a merge of the default branch into it. `required_contexts: []`: the mlci gate is the check; waiting for every
   * commit status (other CI systems, bots) would refuse the deployment with 409.
   */
  async create(req: CreateDeploymentRequest): Promise<number> {
    const route = 'POST /repos/{owner}/{repo}/deployments';
    let res;
    try {
      res = await this.octokit.request(route, {
        ...this.repo,
        ref: req.ref,
        environment: req.environment,
        task: req.payload.kind === 'deploy' ? 'deploy' : `deploy:${req.payload.kind}`,
        auto_merge: false,
        required_contexts: [],
        payload: boundedPayload(req.payload) as unknown as Record<string, unknown>,
        description: clip(req.description ?? `mlci: model ${req.payload.model.version}`, DESCRIPTION_MAX),
        production_environment: /^prod/i.test(req.environment),
        transient_environment: false,
      });
    } catch (err) {
      throw serviceError(`cannot record the deployment to ${req.environment}`, route, err);
    }
    // 202 means GitHub merged the default branch first: we asked it not to, so treat it as a failure.
    if (res.status !== 201 || !('id' in res.data)) {
      throw serviceError(`cannot record the deployment to ${req.environment}`, route, { status: res.status, message: (res.data as { message?: string }).message ?? 'not created' });
    }
    return Number(res.data.id);
  }

  async setStatus(id: number, req: StatusRequest): Promise<void> {
    const route = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
    try {
      await this.octokit.request(route, {
        ...this.repo,
        deployment_id: id,
        state: req.state,
        ...(req.description ? { description: clip(req.description, DESCRIPTION_MAX) } : {}),
        ...(req.logUrl ? { log_url: req.logUrl } : {}),
        ...(req.environmentUrl ? { environment_url: req.environmentUrl } : {}),
      });
    } catch (err) {
      throw serviceError(`cannot set deployment ${id} to ${req.state}`, route, err);
    }
  }

  async get(id: number): Promise<DeploymentRecord | null> {
    const route = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}';
    let data;
    try {
      data = (await this.octokit.request(route, { ...this.repo, deployment_id: id })).data;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw serviceError(`cannot read deployment ${id}`, route, err);
    }
    if (!isMlciPayload(data.payload)) return null;
    return this.withStatuses(data as RawDeployment);
  }

  /**
   * mlci deployments (newest first), with their statuses. Deployments not made by mlci (no mlci payload) are skipped.
   * `limit` bounds how far back we look, as each deployment costs one more request for its statuses.
   */
  async list(options: { environment?: string | undefined; sha?: string | undefined; limit?: number | undefined } = {}): Promise<DeploymentRecord[]> {
    const route = 'GET /repos/{owner}/{repo}/deployments';
    const limit = options.limit ?? 100;
    const raw: RawDeployment[] = [];
    try {
      for await (const page of this.octokit.paginate.iterator(route, {
        ...this.repo,
        per_page: 100,
        ...(options.environment ? { environment: options.environment } : {}),
        ...(options.sha ? { sha: options.sha } : {}),
      })) {
        for (const d of page.data as RawDeployment[]) if (isMlciPayload(d.payload)) raw.push(d);
        if (raw.length >= limit) break;
      }
    } catch (err) {
      throw serviceError('cannot list deployments', route, err);
    }
    const out: DeploymentRecord[] = [];
    for (const d of raw.slice(0, limit)) out.push(await this.withStatuses(d));
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  }

  private async withStatuses(d: RawDeployment): Promise<DeploymentRecord> {
    const route = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
    let statuses: RawStatus[];
    try {
      statuses = (await this.octokit.paginate(route, { ...this.repo, deployment_id: d.id, per_page: 100 })) as RawStatus[];
    } catch (err) {
      throw serviceError(`cannot read the statuses of deployment ${d.id}`, route, err);
    }
    const records: DeploymentStatusRecord[] = statuses
      .map((s) => ({
        state: s.state as DeploymentState,
        createdAt: s.created_at,
        creator: s.creator?.login ?? null,
        description: s.description ?? null,
        logUrl: s.log_url ?? s.target_url ?? null,
        environmentUrl: s.environment_url ?? null,
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const successes = records.filter((s) => s.state === 'success');
    return {
      id: d.id,
      environment: d.environment ?? '',
      ref: d.ref,
      sha: d.sha,
      task: d.task,
      createdAt: d.created_at,
      creator: d.creator?.login ?? null,
      payload: d.payload as MlciDeploymentPayload,
      statuses: records,
      state: records[0]?.state ?? 'pending',
      succeededAt: successes.length ? successes[successes.length - 1]!.createdAt : null,
    };
  }

  /** DeploymentHistory: deployments of `modelVersion` to `environment` that ever reported success (later ones may be inactive). */
  async successfulDeployments(environment: string, modelVersion: string): Promise<PriorDeployment[]> {
    const all = await this.list({ environment });
    return all
      .filter((d) => d.payload.model.version === modelVersion && d.succeededAt !== null)
      .map((d) => ({
        id: d.id,
        environment: d.environment,
        modelVersion,
        modelSha256: d.payload.model.sha256 ?? undefined,
        createdAt: d.succeededAt ?? d.createdAt,
        url: d.statuses.find((s) => s.state === 'success')?.logUrl ?? undefined,
      }));
  }

  /** The model currently live in an environment: the newest deployment whose latest status is success. */
  async current(environment: string): Promise<DeploymentRecord | null> {
    return (await this.list({ environment })).find((d) => d.state === 'success') ?? null;
  }
}

interface RawDeployment {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment?: string;
  created_at: string;
  creator: { login: string } | null;
  payload: unknown;
}

interface RawStatus {
  state: string;
  created_at: string;
  creator: { login: string } | null;
  description?: string | null;
  log_url?: string;
  target_url?: string;
  environment_url?: string;
}
