import { isAbsolute, join, normalize } from 'node:path';
import { UsageError, type BaselineProvider, type BaselineSourceInfo } from '@mlci/core';
import { encodePath, projectSegment, type GitLabClient } from './http.js';

/** Artifact paths come from pipeline config; keep them inside the destination folder. */
function safeRelative(file: string): string {
  const rel = normalize(file.replace(/^\.\/+/, ''));
  if (isAbsolute(rel) || rel === '..' || rel.startsWith('../') || rel === '.') {
    throw new UsageError(`baseline file '${file}' is not a path inside the job's artifacts`, {
      where: '--file',
      fix: 'Give the path as it appears in the artifacts, relative to the project root (e.g. mlci/evaluate/metrics.json)',
    });
  }
  return rel;
}

export interface JobArtifactBaselineOptions {
  client: GitLabClient;
  projectId: string;
  /** Usually CI_DEFAULT_BRANCH. */
  ref: string;
  /** The job on that branch whose artifacts hold the files. */
  job: string;
  projectUrl?: string | undefined;
}

/**
 * Baseline files from the latest successful pipeline on a branch, one raw artifact file at a time
 * (`GET /projects/:id/jobs/artifacts/:ref/raw/<path>?job=<name>`). Works with CI_JOB_TOKEN.
 */
export class JobArtifactBaselineProvider implements BaselineProvider {
  constructor(private readonly options: JobArtifactBaselineOptions) {}

  async fetch(request: { files: string[]; destDir: string }): Promise<{ source: BaselineSourceInfo; files: string[] }> {
    const { client, projectId, ref, job, projectUrl } = this.options;
    const found: string[] = [];
    for (const file of request.files) {
      const rel = safeRelative(file);
      const path = `/projects/${projectSegment(projectId)}/jobs/artifacts/${encodeURIComponent(ref)}/raw/${encodePath(rel)}`;
      const dest = join(request.destDir, rel);
      const { status } = await client.download(path, dest, { query: { job }, allow: [404] });
      if (status !== 404) found.push(dest);
    }
    const where = `the latest successful pipeline on ${ref} (job ${job})`;
    if (found.length === 0) {
      return { source: { kind: 'none', description: `no baseline: ${where} has none of ${request.files.join(', ')}` }, files: [] };
    }
    return {
      source: {
        kind: 'pipeline',
        description: where,
        url: projectUrl ? `${projectUrl}/-/jobs/artifacts/${encodeURIComponent(ref)}/browse?job=${encodeURIComponent(job)}` : undefined,
      },
      files: found,
    };
  }
}

export interface Deployment {
  id: number;
  iid?: number;
  sha: string;
  ref: string;
  status?: string;
  created_at?: string;
  environment?: { name?: string } | undefined;
  deployable?: { id: number; name?: string; pipeline?: { id: number; web_url?: string } | undefined } | null | undefined;
}

/** The last successful deployment to an environment, or undefined when it never had one. */
export async function latestDeployment(client: GitLabClient, projectId: string, environment: string): Promise<Deployment | undefined> {
  const list = await client.json<Deployment[]>('GET', `/projects/${projectSegment(projectId)}/deployments`, {
    query: { environment, status: 'success', order_by: 'id', sort: 'desc', per_page: 1 },
  });
  return list[0];
}

export interface DeploymentBaselineOptions {
  client: GitLabClient;
  projectId: string;
  /** e.g. `production`: the baseline is what is deployed there now. */
  environment: string;
  job: string;
  projectUrl?: string | undefined;
}

/** Baseline files from the pipeline that made the environment's current deployment: compare against what runs in production. */
export class DeploymentBaselineProvider implements BaselineProvider {
  constructor(private readonly options: DeploymentBaselineOptions) {}

  async fetch(request: { files: string[]; destDir: string }): Promise<{ source: BaselineSourceInfo; files: string[] }> {
    const { client, projectId, environment, job, projectUrl } = this.options;
    const deployment = await latestDeployment(client, projectId, environment);
    const pipelineId = deployment?.deployable?.pipeline?.id;
    if (deployment === undefined || pipelineId === undefined) {
      return { source: { kind: 'none', description: `no baseline: environment ${environment} has no successful deployment` }, files: [] };
    }
    let jobId: number | undefined;
    for await (const page of client.paginate<{ id: number; name: string; status: string }>(
      `/projects/${projectSegment(projectId)}/pipelines/${pipelineId}/jobs`,
      { include_retried: 'false' },
    )) {
      jobId ??= page.find((j) => j.name === job && j.status === 'success')?.id;
    }
    if (jobId === undefined) {
      return { source: { kind: 'none', description: `no baseline: pipeline ${pipelineId} deployed to ${environment} has no successful job ${job}` }, files: [] };
    }
    const found: string[] = [];
    for (const file of request.files) {
      const rel = safeRelative(file);
      const dest = join(request.destDir, rel);
      const { status } = await client.download(`/projects/${projectSegment(projectId)}/jobs/${jobId}/artifacts/${encodePath(rel)}`, dest, { allow: [404] });
      if (status !== 404) found.push(dest);
    }
    return {
      source: {
        kind: found.length ? 'pipeline' : 'none',
        description: `${found.length ? '' : 'no baseline files in '}the deployment to ${environment} (pipeline ${pipelineId}, job ${job}, commit ${deployment.sha.slice(0, 8)})`,
        runId: pipelineId,
        commit: deployment.sha,
        url: deployment.deployable?.pipeline?.web_url ?? (projectUrl ? `${projectUrl}/-/pipelines/${pipelineId}` : undefined),
      },
      files: found,
    };
  }
}
