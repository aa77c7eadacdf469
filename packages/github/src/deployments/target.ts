import { UsageError } from '@mlci/core';
import type { GitHubTarget } from './octokit.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The repository, token and API URL from the environment GitHub Actions sets (GITHUB_REPOSITORY, GITHUB_TOKEN or
 * GH_TOKEN, GITHUB_API_URL), or `undefined` with the reason when something is missing. `repo` overrides the repository.
 */
export function githubTargetFromEnv(env: Env, repo?: string | undefined): { target: GitHubTarget } | { missing: string } {
  const full = repo ?? env.GITHUB_REPOSITORY;
  const token = env.GITHUB_TOKEN || env.GH_TOKEN || env.MLCI_GITHUB_TOKEN;
  if (!full) return { missing: 'no repository: set GITHUB_REPOSITORY or pass --repo owner/name' };
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full);
  if (!m) throw new UsageError(`repository '${full}' is not owner/name`, { where: repo ? '--repo' : 'GITHUB_REPOSITORY', fix: 'Use the form owner/name' });
  if (!token) return { missing: 'no token: set GITHUB_TOKEN (or GH_TOKEN) with deployments access' };
  // MLCI_GITHUB_THROTTLE=off: no 1-write-per-second spacing (GitHub Enterprise Server without rate limits, tests).
  return { target: { owner: m[1]!, repo: m[2]!, token, baseUrl: env.GITHUB_API_URL || 'https://api.github.com', throttle: env.MLCI_GITHUB_THROTTLE !== 'off' } };
}

/** Like githubTargetFromEnv, but a missing piece is a UsageError naming what to set. */
export function requireGitHubTarget(env: Env, repo: string | undefined, where: string): GitHubTarget {
  const r = githubTargetFromEnv(env, repo);
  if ('missing' in r) throw new UsageError(`cannot reach GitHub: ${r.missing}`, { where, fix: 'Run it in GitHub Actions or export GITHUB_TOKEN and GITHUB_REPOSITORY' });
  return r.target;
}

/** This run as evidence: id and the URL a reviewer opens (log_url of deployment statuses). */
export function runFromEnv(env: Env): { id: string; url?: string; attempt?: string; workflow?: string; actor?: string } | undefined {
  if (env.GITHUB_RUN_ID) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const url = env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    return {
      id: env.GITHUB_RUN_ID,
      ...(url ? { url } : {}),
      ...(env.GITHUB_RUN_ATTEMPT ? { attempt: env.GITHUB_RUN_ATTEMPT } : {}),
      ...(env.GITHUB_WORKFLOW ? { workflow: env.GITHUB_WORKFLOW } : {}),
      ...(env.GITHUB_ACTOR ? { actor: env.GITHUB_ACTOR } : {}),
    };
  }
  if (env.CI_PIPELINE_ID) return { id: env.CI_PIPELINE_ID, ...(env.CI_PIPELINE_URL ? { url: env.CI_PIPELINE_URL } : {}) };
  return undefined;
}

export function commitFromEnv(env: Env): string | undefined {
  return env.GITHUB_SHA || env.CI_COMMIT_SHA || undefined;
}
