import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '@mlci/core';

/**
 * The GitHub Actions run as the report and compare actions need it, read once from the environment the runner
 * sets (GITHUB_*) and the event payload (GITHUB_EVENT_PATH). Nothing else reads process.env.
 */

type Env = Readonly<Record<string, string | undefined>>;

export interface PullRequestInfo {
  number: number;
  baseRef: string;
  baseSha: string | undefined;
  headRef: string;
  headSha: string | undefined;
  /** `owner/repo` of the head branch: another repository for a pull request from a fork. */
  headRepo: string | undefined;
  fromFork: boolean;
}

export interface RunContext {
  owner: string;
  repo: string;
  apiUrl: string;
  serverUrl: string;
  /** Workflow name (GITHUB_WORKFLOW). */
  workflow: string;
  /** Workflow file, e.g. `ci.yml`, from GITHUB_WORKFLOW_REF; used to find runs of the same workflow. */
  workflowFile: string | undefined;
  runId: number | undefined;
  runAttempt: number | undefined;
  sha: string | undefined;
  ref: string | undefined;
  eventName: string;
  /** The repository's default branch from the event payload, when present. */
  defaultBranch: string | undefined;
  pullRequest: PullRequestInfo | undefined;
  workspace: string;
}

function readEvent(path: string | undefined): Record<string, any> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  } catch (err) {
    throw new UsageError(`cannot read the event payload: ${(err as Error).message.split('\n')[0]}`, { where: 'GITHUB_EVENT_PATH', fix: 'Run the action inside GitHub Actions (the runner sets GITHUB_EVENT_PATH)' });
  }
}

function int(v: string | undefined): number | undefined {
  const n = Number(v);
  return v && Number.isInteger(n) ? n : undefined;
}

/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` → `ci.yml`. */
export function workflowFileFromRef(ref: string | undefined): string | undefined {
  const m = /\/\.github\/workflows\/([^@/]+)@/.exec(ref ?? '');
  return m?.[1];
}

export function readRunContext(env: Env): RunContext {
  const full = env.GITHUB_REPOSITORY ?? '';
  const m = /^([^/]+)\/([^/]+)$/.exec(full);
  if (!m) throw new UsageError(`GITHUB_REPOSITORY is '${full}', not owner/name`, { where: 'GITHUB_REPOSITORY', fix: 'Run the action inside GitHub Actions' });
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const pr = event.pull_request as Record<string, any> | undefined;
  let pullRequest: PullRequestInfo | undefined;
  if (pr && typeof pr.number === 'number') {
    const headRepo = pr.head?.repo?.full_name as string | undefined;
    pullRequest = {
      number: pr.number,
      baseRef: String(pr.base?.ref ?? ''),
      baseSha: pr.base?.sha,
      headRef: String(pr.head?.ref ?? ''),
      headSha: pr.head?.sha,
      headRepo,
      fromFork: headRepo !== undefined && headRepo.toLowerCase() !== full.toLowerCase(),
    };
  } else if (eventName === 'workflow_run' && Array.isArray(event.workflow_run?.pull_requests) && event.workflow_run.pull_requests[0]) {
    // Two-workflow pattern: the privileged workflow reports on the PR the triggering run was for.
    const p = event.workflow_run.pull_requests[0] as Record<string, any>;
    pullRequest = {
      number: p.number,
      baseRef: String(p.base?.ref ?? ''),
      baseSha: p.base?.sha,
      headRef: String(p.head?.ref ?? ''),
      headSha: p.head?.sha,
      headRepo: event.workflow_run.head_repository?.full_name,
      fromFork: false,
    };
  } else if (eventName === 'issue_comment' && event.issue?.pull_request && typeof event.issue.number === 'number') {
    pullRequest = { number: event.issue.number, baseRef: '', baseSha: undefined, headRef: '', headSha: undefined, headRepo: undefined, fromFork: false };
  }
  return {
    owner: m[1]!,
    repo: m[2]!,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    workflow: env.GITHUB_WORKFLOW || 'workflow',
    workflowFile: workflowFileFromRef(env.GITHUB_WORKFLOW_REF),
    runId: int(env.GITHUB_RUN_ID),
    runAttempt: int(env.GITHUB_RUN_ATTEMPT),
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    eventName,
    defaultBranch: (event.repository?.default_branch as string | undefined) || undefined,
    pullRequest,
    // Relative '.' (not process.cwd()): ncc would otherwise bundle files it finds under the build directory.
    workspace: resolve(env.GITHUB_WORKSPACE || '.'),
  };
}

export function runUrl(ctx: RunContext): string | undefined {
  return ctx.runId === undefined ? undefined : `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}`;
}

export function commitUrl(ctx: RunContext): (sha: string) => string {
  return (sha) => `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/commit/${sha}`;
}
