import type { DeploymentHistory, PriorDeployment } from '@mlci/core';
import { projectSegment, type GitLabClient } from './http.js';
import type { Deployment } from './baseline.js';
import type { GitLabContext } from './context.js';

export interface GitLabDeploymentHistoryOptions {
  client: GitLabClient;
  projectId: string;
  projectUrl?: string | undefined;
  /** Deployments read per environment, newest first (GitLab keeps them all; old ones do not matter to a gate). */
  maxDeployments?: number | undefined;
}

/**
 * The gate's deployment history from GitLab deployments (`environment:` jobs create them). GitLab records the commit,
 * not a model version, so a deployment counts for a version when the version names that commit (`abc1234`,
 * `0.0.0-sha-abc1234`, as the components' default) or is the deployed tag (`1.4.0` or `v1.4.0`).
 */
export class GitLabDeploymentHistory implements DeploymentHistory {
  constructor(private readonly options: GitLabDeploymentHistoryOptions) {}

  async successfulDeployments(environment: string, modelVersion: string): Promise<PriorDeployment[]> {
    const { client, projectId, projectUrl } = this.options;
    const max = this.options.maxDeployments ?? 500;
    const version = modelVersion.trim();
    const found: PriorDeployment[] = [];
    let seen = 0;
    for await (const page of client.paginate<Deployment>(`/projects/${projectSegment(projectId)}/deployments`, {
      environment,
      status: 'success',
      order_by: 'id',
      sort: 'desc',
    })) {
      for (const d of page) {
        if (matchesVersion(d, version)) {
          found.push({
            id: d.id,
            environment,
            modelVersion: version,
            createdAt: d.created_at,
            url: projectUrl ? `${projectUrl}/-/environments?search=${encodeURIComponent(environment)}` : undefined,
          });
        }
      }
      seen += page.length;
      if (seen >= max) break;
    }
    return found;
  }
}

function matchesVersion(d: Deployment, version: string): boolean {
  if (version === '') return false;
  if (d.ref === version || d.ref === `v${version}`) return true;
  // A commit in the version (`abc1234`, `0.0.0-sha-abc1234`); 7+ hex characters so it does not match by accident.
  const sha = d.sha.toLowerCase();
  return (version.toLowerCase().match(/[0-9a-f]{7,40}/g) ?? []).some((hex) => sha.startsWith(hex));
}

/** History for `mlci gate` inside GitLab CI, or why it is unavailable (shown in the gate's reason). */
export function gitlabDeploymentHistory(
  context: GitLabContext,
  client: GitLabClient,
): { history: GitLabDeploymentHistory } | { missing: string } {
  if (context.projectId === undefined) return { missing: 'CI_PROJECT_ID is not set' };
  if (!client.authenticated) return { missing: 'no GITLAB_TOKEN or CI_JOB_TOKEN to read deployments' };
  return { history: new GitLabDeploymentHistory({ client, projectId: context.projectId, projectUrl: context.projectUrl }) };
}
