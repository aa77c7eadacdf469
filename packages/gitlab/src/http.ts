import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ServiceError } from '@mlci/core';

/** How requests authenticate: a project/personal access token, or the job's own CI_JOB_TOKEN. */
export type GitLabAuth = { kind: 'private-token'; token: string } | { kind: 'job-token'; token: string };

export interface GitLabClientOptions {
  /** `CI_API_V4_URL`, e.g. `https://gitlab.example.com/api/v4`. */
  apiUrl: string;
  auth?: GitLabAuth | undefined;
  /** Retries after the first attempt for 429, 5xx and network errors. */
  retries?: number | undefined;
  /** First backoff wait; doubles each retry unless the server sends Retry-After. */
  baseDelayMs?: number | undefined;
  /** Longest single wait, including a server's Retry-After. */
  maxDelayMs?: number | undefined;
  /** Per-attempt timeout. */
  timeoutMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Called before each retry wait (for logs); never receives the token. */
  onRetry?: ((info: { method: string; path: string; status: number | undefined; waitMs: number; attempt: number }) => void) | undefined;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined> | undefined;
  body?: unknown;
  /** A raw body made afresh for each attempt (a file stream), sent as application/octet-stream. */
  upload?: (() => ReadableStream<Uint8Array>) | undefined;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for "no artifact"). */
  allow?: readonly number[] | undefined;
}

export interface GitLabResponse {
  status: number;
  headers: Headers;
  response: Response;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Path segment for a project id or a `group/project` path. */
export function projectSegment(projectId: string): string {
  return /^\d+$/.test(projectId) ? projectId : encodeURIComponent(projectId);
}

/** A file path inside artifacts, each segment encoded, slashes kept. */
export function encodePath(path: string): string {
  return path.replace(/^\.?\/+/, '').split('/').map(encodeURIComponent).join('/');
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function fixFor(status: number, auth: GitLabAuth | undefined): string {
  if (status === 401) {
    return auth
      ? 'The token is invalid or expired: create a project access token (scope api, role Reporter or higher) and store it as a masked CI/CD variable GITLAB_TOKEN'
      : 'Add a project access token (scope api) as a masked CI/CD variable GITLAB_TOKEN';
  }
  if (status === 403) return 'The token lacks permission: it needs the api scope and at least the Reporter role on this project';
  if (status === 404) return 'Check CI_PROJECT_ID and CI_MERGE_REQUEST_IID, and that the token can see the project';
  if (status === 429) return 'GitLab is rate limiting this token: retry later or raise the limit';
  return 'GitLab failed: retry the job; if it persists, check the GitLab instance status';
}

/** A small GitLab REST v4 client: auth header, retries with Retry-After, pagination, streamed downloads. */
export class GitLabClient {
  readonly apiUrl: string;
  private readonly auth: GitLabAuth | undefined;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRetry: GitLabClientOptions['onRetry'];

  constructor(options: GitLabClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.auth = options.auth;
    this.retries = options.retries ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onRetry = options.onRetry;
  }

  get authenticated(): boolean {
    return this.auth !== undefined;
  }

  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(path.startsWith('http') ? path : `${this.apiUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': 'mlci', accept: 'application/json, */*' };
    if (hasBody) headers['content-type'] = 'application/json';
    if (this.auth?.kind === 'private-token') headers['PRIVATE-TOKEN'] = this.auth.token;
    if (this.auth?.kind === 'job-token') headers['JOB-TOKEN'] = this.auth.token;
    return headers;
  }

  /** One request with retries. Throws ServiceError for statuses not in `allow`. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<GitLabResponse> {
    const url = this.url(path, options.query);
    // Never send the token to another host (a Link header could point anywhere).
    if (new URL(url).origin !== new URL(this.apiUrl).origin) {
      throw new ServiceError(`GitLab pointed to another host (${new URL(url).origin})`, {
        where: `${method} ${path}`,
        fix: 'Check CI_API_V4_URL; mlci only follows links on the same GitLab instance',
      });
    }
    const display = `${method} ${new URL(url).pathname}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers = this.headers(body !== undefined);
    if (options.upload) headers['content-type'] = 'application/octet-stream';
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      let networkError: unknown;
      try {
        response = await fetch(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          // Streams need half-duplex in Node's fetch; a new stream per attempt so retries resend the whole file.
          ...(options.upload ? { body: options.upload(), duplex: 'half' } : {}),
          redirect: 'follow',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        networkError = err;
      }
      const status = response?.status;
      const retryable = response === undefined || RETRYABLE.has(response.status);
      if (!retryable || attempt >= this.retries) {
        if (response === undefined) {
          const reason = networkError instanceof Error ? (networkError.cause instanceof Error ? networkError.cause.message : networkError.message) : String(networkError);
          throw new ServiceError(`GitLab API ${display} could not be reached (${reason})`, {
            where: this.apiUrl,
            fix: 'Check CI_API_V4_URL and that the runner can reach the GitLab instance',
            cause: networkError,
          });
        }
        if (response.ok || options.allow?.includes(response.status)) return { status: response.status, headers: response.headers, response };
        const detail = await errorDetail(response);
        throw new ServiceError(`GitLab API ${display} answered ${response.status}${detail ? ` (${detail})` : ''}`, {
          where: this.apiUrl,
          fix: fixFor(response.status, this.auth),
          status: response.status,
        });
      }
      const serverWait = response ? retryAfterMs(response.headers.get('retry-after')) : undefined;
      const waitMs = Math.min(serverWait ?? this.baseDelayMs * 2 ** attempt, this.maxDelayMs);
      await response?.body?.cancel().catch(() => undefined);
      this.onRetry?.({ method, path: new URL(url).pathname, status, waitMs, attempt: attempt + 1 });
      await this.sleep(waitMs);
    }
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const { response } = await this.request(method, path, options);
    return (await response.json()) as T;
  }

  /** Every page of a list endpoint, following X-Next-Page or a Link rel="next" header. */
  async *paginate<T>(path: string, query: RequestOptions['query'] = {}): AsyncGenerator<T[]> {
    let next: string | undefined = this.url(path, { per_page: 100, ...query });
    while (next !== undefined) {
      const { response, headers } = await this.request('GET', next);
      const items = (await response.json()) as T[];
      yield items;
      next = nextPage(next, headers);
    }
  }

  /** Streams a response body into `dest` (written to a temp name first, so a failure leaves no partial file). */
  async download(path: string, dest: string, options: RequestOptions = {}): Promise<{ status: number; bytes: number }> {
    const { status, response } = await this.request('GET', path, options);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { status, bytes: 0 };
    }
    await mkdir(dirname(dest), { recursive: true });
    const partial = `${dest}.part`;
    let bytes = 0;
    try {
      const body = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
      body.on('data', (chunk: Buffer) => (bytes += chunk.length));
      await pipeline(body, createWriteStream(partial));
      await rename(partial, dest);
    } catch (err) {
      await rm(partial, { force: true });
      throw new ServiceError(`download of ${path} failed (${(err as Error).message})`, { where: this.apiUrl, fix: 'Retry the job', cause: err });
    }
    return { status, bytes };
  }
}

function nextPage(current: string, headers: Headers): string | undefined {
  const page = headers.get('x-next-page');
  if (page !== null && page.trim() !== '') {
    const url = new URL(current);
    url.searchParams.set('page', page.trim());
    return url.toString();
  }
  const link = headers.get('link');
  if (link) {
    for (const part of link.split(',')) {
      const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
      if (match) return match[1];
    }
  }
  return undefined;
}

async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let detail = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = parsed.message ?? parsed.error;
    if (message !== undefined) detail = typeof message === 'string' ? message : JSON.stringify(message);
  } catch {
    // not JSON: an HTML error page is noise
    if (/^\s*</.test(text)) detail = '';
  }
  detail = detail.replace(/\s+/g, ' ').trim();
  return detail.length > 200 ? `${detail.slice(0, 200)}…` : detail;
}
