import type { Approval } from '@mlci/core';
import type { DeploymentRecord, Deployments } from '../deployments/client.js';
import type { ModelRegistry, ModelVersion } from './releases.js';

export interface StageReached {
  environment: string;
  /** When the version first succeeded there. */
  since: string;
  /** It is what runs there now (latest status success on the newest successful deployment). */
  live: boolean;
  deploymentId: number;
  /** Environment reviewers who approved the run that deployed it; null when the approvals could not be read. */
  approvedBy: Approval[] | null;
  /** Gate decision recorded with the deployment. */
  gate: 'pass' | 'fail' | null;
}

export interface VersionStatus extends ModelVersion {
  stages: StageReached[];
}

interface RawApproval {
  environments: Array<{ name?: string }>;
  state: string;
  user: { login: string };
  comment: string;
}

/**
 * Joins releases and deployments: for each model version, the environments it reached, since when, whether it is
 * live, who approved it and on what gate decision. `environments` orders the stages (e.g. from mlci.yml).
 */
export async function versionStatuses(registry: ModelRegistry, deployments: Deployments, options: { environments?: string[]; limit?: number } = {}): Promise<VersionStatus[]> {
  const versions = await registry.list();
  const all = await deployments.list({ limit: options.limit ?? 200 });
  const liveIds = new Set<number>();
  const byEnv = new Map<string, DeploymentRecord[]>();
  for (const d of all) byEnv.set(d.environment, [...(byEnv.get(d.environment) ?? []), d]);
  for (const list of byEnv.values()) {
    const live = list.find((d) => d.state === 'success');
    if (live) liveIds.add(live.id);
  }
  const approvalsCache = new Map<string, Promise<RawApproval[] | null>>();
  const approvalsOf = (runId: string) => {
    if (!approvalsCache.has(runId)) {
      approvalsCache.set(
        runId,
        deployments.octokit
          .request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals', { owner: deployments.target.owner, repo: deployments.target.repo, run_id: Number(runId) })
          .then((r) => r.data as RawApproval[])
          .catch(() => null),
      );
    }
    return approvalsCache.get(runId)!;
  };
  const order = options.environments ?? [];
  const rank = (e: string) => (order.includes(e) ? order.indexOf(e) : order.length);
  const out: VersionStatus[] = [];
  for (const v of versions) {
    const stages: StageReached[] = [];
    for (const [environment, list] of byEnv) {
      const ok = list.filter((d) => d.payload.model.version === v.version && d.succeededAt !== null);
      if (ok.length === 0) continue;
      const first = ok.reduce((a, b) => (a.succeededAt! <= b.succeededAt! ? a : b));
      const newest = ok[0]!;
      let approvedBy: Approval[] | null = [];
      if (/^\d+$/.test(newest.payload.run?.id ?? '')) {
        const raw = await approvalsOf(newest.payload.run!.id);
        approvedBy =
          raw === null
            ? null
            : raw
                .filter((a) => a.state === 'approved' && a.environments.some((e) => e.name === environment))
                .map((a) => ({ environment, user: a.user.login, state: a.state, comment: a.comment }));
      }
      stages.push({
        environment,
        since: first.succeededAt!,
        live: ok.some((d) => liveIds.has(d.id)),
        deploymentId: newest.id,
        approvedBy,
        gate: newest.payload.gate?.decision ?? null,
      });
    }
    stages.sort((a, b) => rank(a.environment) - rank(b.environment) || a.since.localeCompare(b.since));
    out.push({ ...v, stages });
  }
  return out;
}
