import type { Octokit } from '@octokit/rest';
import { ServiceError } from '@mlci/core';
import { createApiClient } from '../octokit.js';

/** Who we talk to: the repository, the API base URL (GHES or a test server) and the token. */
export interface GitHubTarget {
  owner: string;
  repo: string;
  token: string;
  /** API base URL without trailing slash. Default https://api.github.com. */
  baseUrl?: string | undefined;
  /** Retries after 5xx / network errors (default 2). Tests set 0 to see a failure at once. */
  retries?: number | undefined;
  /** Space writes out as GitHub asks (1 per second). Default true; in-process tests turn it off. */
  throttle?: boolean | undefined;
}

export type GitHubClient = Octokit;

/**
 * The shared REST client (retries on 5xx, waits on rate limits and Retry-After) with this target's settings:
 * at most two retries and a minute of waiting, so a flaky API costs seconds instead of a failed release.
 */
export function createGitHubClient(target: GitHubTarget): GitHubClient {
  return createApiClient({
    token: target.token,
    baseUrl: target.baseUrl,
    retries: target.retries ?? 2,
    maxRetryAfter: 60,
    throttleWrites: target.throttle ?? true,
  });
}

/** What the token needs for each kind of call, for the fix part of an error line. */
const PERMISSION_HINTS: Array<[RegExp, string]> = [
  [/deployment_protection_rule/, "Install the GitHub App with 'Deployments: read and write' and 'Actions: read'"],
  [/\/deployments/, "Give the job 'permissions: deployments: write' (and a token that can read the repository)"],
  [/\/releases|uploads/, "Give the job 'permissions: contents: write'"],
  [/\/actions\//, "Give the job 'permissions: actions: read'"],
];

/** Turns an Octokit/network error into one ServiceError line: what was called, what GitHub said, how to fix it. */
export function serviceError(what: string, route: string, err: unknown): ServiceError {
  // Octokit reports a network failure (refused, reset, DNS) as status 500 without a response: say so.
  const e = err as { status?: number; response?: unknown; name?: string };
  const status = e.name === 'HttpError' && e.response === undefined ? undefined : e.status;
  const body = (err as { response?: { data?: { message?: string } } }).response?.data;
  const said = body?.message ?? (err as Error).message ?? String(err);
  let fix = 'Check that the API is reachable and retry';
  if (status === 401) fix = 'Check the token (it is missing, expired or revoked)';
  else if (status === 403 || status === 404) fix = PERMISSION_HINTS.find(([re]) => re.test(route))?.[1] ?? 'Check the token permissions';
  return new ServiceError(`${what}: GitHub answered ${status ?? 'no response'} to ${route}: ${said.split('\n')[0]}`, {
    fix,
    cause: err,
    ...(status === undefined ? {} : { status }),
  });
}
