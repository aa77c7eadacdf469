import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { ServiceError } from '@mlci/core';

/**
 * The REST client for the report and compare actions: retries 5xx and network errors, waits out primary and
 * secondary rate limits (Retry-After / x-ratelimit-reset), talks to GITHUB_API_URL (GitHub Enterprise Server), and
 * counts its requests (for logs and the benchmark). The token is passed to Octokit only; it is never logged.
 */

export interface ApiClientOptions {
  token: string;
  /** API base URL, e.g. $GITHUB_API_URL. Default https://api.github.com. */
  baseUrl?: string | undefined;
  /** Retries after 5xx and network errors (default 3). */
  retries?: number | undefined;
  /** Longest wait we accept for a rate limit, in seconds (default 120); longer waits fail the call. */
  maxRetryAfter?: number | undefined;
  /** Space writes ≥ 1 s apart as GitHub asks of integrations (default true). */
  throttleWrites?: boolean | undefined;
  /** Where warnings about waits go (core.warning in actions). */
  warn?: ((message: string) => void) | undefined;
}

export type ApiClient = Octokit & { stats: { requests: number; retries: number; waitedMs: number } };

const RetryingOctokit = Octokit.plugin(retry, throttling);

function headerNumber(headers: Record<string, unknown> | undefined, name: string): number | undefined {
  const v = headers?.[name];
  const n = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const maxRetryAfter = options.maxRetryAfter ?? 120;
  const warn = options.warn ?? (() => undefined);
  const quiet = () => undefined;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= 3 || retryAfter > maxRetryAfter) {
      warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: not retrying (asked to wait ${retryAfter}s)`);
      return false;
    }
    warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: waiting ${retryAfter}s as asked (retry ${retryCount + 1})`);
    stats.waitedMs += retryAfter * 1000;
    return true;
  };
  const stats = { requests: 0, retries: 0, waitedMs: 0 };
  const octokit = new RetryingOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl || 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'mlci',
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    // 429 is handled below from Retry-After; 403s are the throttling plugin's (secondary limits) or final.
    retry: { retries: options.retries ?? 3, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451] },
    throttle: {
      enabled: options.throttleWrites ?? true,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
  }) as unknown as ApiClient;
  octokit.stats = stats;
  octokit.hook.before('request', () => {
    stats.requests++;
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (err) {
        const e = err as { status?: number; message?: string; response?: { headers?: Record<string, unknown> } };
        // Limits the throttling plugin did not take (a 429 without x-ratelimit-remaining: 0, or throttling turned
        // off): honour Retry-After ourselves. Secondary limits without Retry-After wait a minute, as GitHub advises.
        const secondary = e.status === 403 && /secondary rate limit/i.test(e.message ?? '');
        const retryAfter = headerNumber(e.response?.headers, 'retry-after') ?? (secondary ? 60 : undefined);
        if ((e.status !== 429 && !secondary) || retryAfter === undefined || attempt >= 3 || retryAfter > maxRetryAfter) throw err;
        warn(`GitHub ${secondary ? 'secondary' : 'primary'} rate limit (${e.status}) on ${requestOptions.method} ${requestOptions.url}: waiting ${retryAfter}s as asked`);
        stats.retries++;
        stats.waitedMs += retryAfter * 1000;
        await new Promise((r) => setTimeout(r, retryAfter * 1000));
      }
    }
  });
  return octokit;
}

/** GitHub's message for a write the token may not do: a pull request from a fork, or missing `permissions:`. */
export function isReadOnlyTokenError(err: unknown): boolean {
  const e = err as { status?: number; message?: string; response?: { data?: { message?: string } } };
  if (e.status !== 403 && e.status !== 404) return false;
  const message = `${e.response?.data?.message ?? ''} ${e.message ?? ''}`;
  return /Resource not accessible by (integration|personal access token)|Must have admin rights|write access/i.test(message) || (e.status === 403 && !/rate limit/i.test(message));
}

/** An Octokit or network failure as one ServiceError line: what we were doing, what GitHub said, what to do. */
export function apiFailure(what: string, err: unknown): ServiceError {
  const e = err as { status?: number; message?: string; response?: { data?: { message?: string } } };
  const said = (e.response?.data?.message ?? e.message ?? String(err)).split('\n')[0];
  const fix =
    e.status === 401
      ? 'Check the github-token input (missing, expired or revoked)'
      : e.status === 403 || e.status === 404
        ? 'Check the token permissions (pull-requests: write to comment, actions: read for baselines)'
        : 'GitHub or the network failed after retries: re-run the job; if it persists see https://www.githubstatus.com';
  return new ServiceError(`${what}: ${e.status ? `GitHub answered ${e.status}: ` : ''}${said}`, { fix, cause: err, ...(e.status ? { status: e.status } : {}) });
}
