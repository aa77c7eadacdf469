import type { IncomingHttpHeaders } from 'node:http';
import type { FakeState } from './state.js';

/** What a route handler returns. `body` is sent as JSON unless it is a Buffer or string. */
export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string | number>;
}

export interface RouteContext {
  /** Path parameters from the spec template (`owner`, `repo`, `issue_number` …), decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined. */
  body: any;
  headers: IncomingHttpHeaders;
  state: FakeState;
  /** Base URL of the fake server, e.g. `http://127.0.0.1:41234` (for `url`/`html_url` fields and redirects). */
  baseUrl: string;
  /** The full request URL. */
  url: URL;
}

export interface Route {
  /**
   * `METHOD /path/template` exactly as in GitHub's REST description, e.g.
   * `GET /repos/{owner}/{repo}/issues/{issue_number}/comments`. For `raw` routes (not GitHub API, e.g. a signed blob
   * download URL) any template with `{name}` placeholders.
   */
  route: string;
  /** Not part of api.github.com (blob storage the API redirects to): skipped by the spec check. */
  raw?: boolean;
  handle(ctx: RouteContext): RouteResponse | Promise<RouteResponse>;
}

/** One concern's routes (comments, actions, deployments …), in its own file under routes/. */
export interface RouteModule {
  name: string;
  routes: Route[];
}

export type FaultKind =
  | { kind: 'status'; status: 500 | 502 | 503 }
  /** Primary rate limit: 429 with Retry-After and x-ratelimit-remaining: 0. */
  | { kind: 'rate-limit'; retryAfter: number }
  /** 403 "You have exceeded a secondary rate limit" with Retry-After. */
  | { kind: 'secondary-rate-limit'; retryAfter: number }
  /** The socket is destroyed before any response. */
  | { kind: 'reset' };

export type Fault = FaultKind & {
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Only requests whose `METHOD /template` (or raw path) matches: a substring or a RegExp. Default: any request. */
  match?: string | RegExp;
};

export interface RecordedRequest {
  method: string;
  /** Path with query string, as received. */
  path: string;
  /** `METHOD /template` when it matched a documented operation or a raw route. */
  route: string | undefined;
  operationId: string | undefined;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  status: number;
  /** The injected fault kind, when one answered this request. */
  fault?: string;
}

export interface Mismatch {
  method: string;
  path: string;
  problems: string[];
}
