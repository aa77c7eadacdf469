import { UsageError } from '@mlci/core';

/** What a job knows about where it runs, read once from GitLab's predefined CI/CD variables. */
export interface GitLabContext {
  /** REST base, e.g. `https://gitlab.example.com/api/v4` (self-managed instances set their own). */
  apiUrl: string;
  serverUrl: string;
  /** Numeric id or `group/project` path; encoded when placed in a URL. */
  projectId: string | undefined;
  projectPath: string | undefined;
  projectUrl: string | undefined;
  /** CI_MERGE_REQUEST_IID, or in a branch pipeline the branch's open merge request (CI_OPEN_MERGE_REQUESTS). */
  mergeRequestIid: number | undefined;
  defaultBranch: string | undefined;
  /** Branch or tag the pipeline runs for. */
  ref: string | undefined;
  commitSha: string | undefined;
  pipelineId: string | undefined;
  pipelineUrl: string | undefined;
  /** `workflow:name`, when the pipeline has one. */
  pipelineName: string | undefined;
  jobName: string | undefined;
  jobUrl: string | undefined;
  /** A project/personal/group access token that can write notes (PRIVATE-TOKEN). Never printed. */
  token: string | undefined;
  /** The job's own token: reads artifacts, cannot write notes. Never printed. */
  jobToken: string | undefined;
  /** True inside a GitLab CI job. */
  inCi: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** Reads GitLab's predefined variables. `MLCI_GITLAB_TOKEN` wins over `GITLAB_TOKEN` so a job can scope one token to mlci. */
export function readGitLabContext(env: Env): GitLabContext {
  const serverUrl = (nonEmpty(env.CI_SERVER_URL) ?? 'https://gitlab.com').replace(/\/+$/, '');
  const apiUrl = (nonEmpty(env.CI_API_V4_URL) ?? `${serverUrl}/api/v4`).replace(/\/+$/, '');
  const iidText = nonEmpty(env.CI_MERGE_REQUEST_IID);
  let mergeRequestIid: number | undefined;
  if (iidText !== undefined) {
    mergeRequestIid = Number(iidText);
    if (!Number.isSafeInteger(mergeRequestIid) || mergeRequestIid <= 0) {
      throw new UsageError(`CI_MERGE_REQUEST_IID is '${iidText}', not a merge request number`, {
        where: 'CI_MERGE_REQUEST_IID',
        fix: 'Leave it to GitLab (merge request pipelines set it) or set a positive integer',
      });
    }
  }
  // Branch pipelines have no CI_MERGE_REQUEST_IID; GitLab lists the branch's open merge requests instead.
  mergeRequestIid ??= openMergeRequestIid(env.CI_OPEN_MERGE_REQUESTS, nonEmpty(env.CI_PROJECT_PATH));
  return {
    apiUrl,
    serverUrl,
    projectId: nonEmpty(env.CI_PROJECT_ID) ?? nonEmpty(env.CI_PROJECT_PATH),
    projectPath: nonEmpty(env.CI_PROJECT_PATH),
    projectUrl: nonEmpty(env.CI_PROJECT_URL),
    mergeRequestIid,
    defaultBranch: nonEmpty(env.CI_DEFAULT_BRANCH),
    ref: nonEmpty(env.CI_COMMIT_REF_NAME),
    commitSha: nonEmpty(env.CI_COMMIT_SHA),
    pipelineId: nonEmpty(env.CI_PIPELINE_ID),
    pipelineUrl: nonEmpty(env.CI_PIPELINE_URL),
    pipelineName: nonEmpty(env.CI_PIPELINE_NAME),
    jobName: nonEmpty(env.CI_JOB_NAME),
    jobUrl: nonEmpty(env.CI_JOB_URL),
    token: nonEmpty(env.MLCI_GITLAB_TOKEN) ?? nonEmpty(env.GITLAB_TOKEN),
    jobToken: nonEmpty(env.CI_JOB_TOKEN),
    inCi: nonEmpty(env.GITLAB_CI) === 'true',
  };
}

/** The first `group/project!iid` in CI_OPEN_MERGE_REQUESTS that belongs to this project. */
function openMergeRequestIid(list: string | undefined, projectPath: string | undefined): number | undefined {
  for (const entry of (list ?? '').split(',')) {
    const match = /^\s*(.+)!(\d+)\s*$/.exec(entry);
    if (match && (projectPath === undefined || match[1] === projectPath)) return Number(match[2]);
  }
  return undefined;
}

/** The project id, or a one-line error naming the variable to set. */
export function requireProjectId(context: GitLabContext, where: string): string {
  if (context.projectId === undefined) {
    throw new UsageError('the GitLab project is unknown', {
      where,
      fix: 'Run inside a GitLab CI job (CI_PROJECT_ID is set there) or set CI_PROJECT_ID to the project id or path',
    });
  }
  return context.projectId;
}
