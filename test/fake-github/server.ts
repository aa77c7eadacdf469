import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { compilePathTemplate, githubOpenApi } from './openapi.js';
import { routeModules } from './routes/index.js';
import { FakeState } from './state.js';
import type { Fault, Mismatch, RecordedRequest, Route, RouteModule, RouteResponse } from './types.js';

export interface FakeGitHubOptions {
  /** Route modules to serve; default: every module in routes/index.ts. */
  modules?: RouteModule[];
  /** Milliseconds to wait before answering each request: widens race windows in concurrency tests. */
  delayMs?: number;
  /** Seed the state before the first request. */
  setup?: (state: FakeState) => void;
}

export interface FakeGitHub {
  /** Base URL to use as GITHUB_API_URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Requests that do not match GitHub's REST description (unknown endpoint, bad parameter, bad body). */
  mismatches: Mismatch[];
  state: FakeState;
  /** Makes the next matching request(s) fail; see Fault. */
  inject(fault: Fault): void;
  /** Throws with every mismatch listed when any request did not match the description. */
  assertNoMismatches(): void;
  /** Requests whose route contains `text` (e.g. 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'). */
  calls(text?: string): RecordedRequest[];
  /** Stops the server; throws like assertNoMismatches unless `{ allowMismatches: true }`. */
  close(options?: { allowMismatches?: boolean }): Promise<void>;
}

interface CompiledRoute extends Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const space = route.route.indexOf(' ');
  const method = route.route.slice(0, space).toUpperCase();
  const template = route.route.slice(space + 1);
  const { regex, names } = compilePathTemplate(template);
  return { ...route, method, template, regex, names };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts a fake api.github.com on 127.0.0.1 with a random port. Every request is checked against GitHub's REST
 * description; answers come from the route modules over one shared in-memory state.
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const spec = githubOpenApi();
  const state = new FakeState();
  options.setup?.(state);
  const routes = (options.modules ?? routeModules).flatMap((m) => m.routes.map(compile));
  for (const r of routes) {
    if (!r.raw && !spec.match(r.method, r.template.replace(/\{[^}]+\}/g, 'x'))) {
      throw new Error(`fake-github: route '${r.route}' is not a GitHub REST operation; mark it raw: true if it is not api.github.com`);
    }
  }
  const requests: RecordedRequest[] = [];
  const mismatches: Mismatch[] = [];
  const faults: Array<Fault & { left: number }> = [];
  const sockets = new Set<Socket>();
  let baseUrl = '';

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const contentType = req.headers['content-type'];
    let body: unknown;
    let bodyError: string | undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        bodyError = 'request body is not valid JSON';
      }
    }
    const rawRoute = routes.find((r) => r.raw && r.method === method && r.regex.test(url.pathname));
    const record: RecordedRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      route: undefined,
      operationId: undefined,
      query: Object.fromEntries(url.searchParams),
      body,
      headers: req.headers,
      status: 0,
    };
    requests.push(record);

    let route: CompiledRoute | undefined;
    let params: Record<string, string> = {};
    if (rawRoute) {
      route = rawRoute;
      record.route = `${method} ${rawRoute.template}`;
      const m = rawRoute.regex.exec(url.pathname)!;
      rawRoute.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    } else {
      const check = spec.check(method, url, body, contentType);
      const problems = bodyError ? [bodyError, ...check.problems] : check.problems;
      if (problems.length > 0) mismatches.push({ method, path: record.path, problems });
      if (check.operation) {
        record.route = `${method} ${check.operation.template}`;
        record.operationId = check.operation.operationId;
        params = check.operation.params;
        route = routes.find((r) => !r.raw && r.method === method && r.template === check.operation!.template);
      }
    }

    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));

    const key = record.route ?? `${method} ${url.pathname}`;
    const fault = faults.find((f) => f.left > 0 && (f.match === undefined || (typeof f.match === 'string' ? key.includes(f.match) : f.match.test(key))));
    if (fault) {
      fault.left--;
      record.fault = fault.kind;
      if (fault.kind === 'reset') {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      return send(res, record, faultResponse(fault));
    }

    if (!route) {
      if (!record.route) return send(res, record, { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
      // A documented endpoint the fake does not serve yet: a test gap, not a client bug.
      mismatches.push({ method, path: record.path, problems: [`fake-github has no handler for ${record.route}: add one in test/fake-github/routes/`] });
      return send(res, record, { status: 501, body: { message: `fake-github: no handler for ${record.route}` } });
    }
    if (!route.raw && state.readOnly && method !== 'GET' && method !== 'HEAD') {
      return send(res, record, {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' },
      });
    }
    try {
      const response = await route.handle({ params, query: url.searchParams, body, headers: req.headers, state, baseUrl, url });
      send(res, record, response);
    } catch (err) {
      mismatches.push({ method, path: record.path, problems: [`handler threw: ${(err as Error).stack ?? String(err)}`] });
      send(res, record, { status: 500, body: { message: `fake-github handler error: ${(err as Error).message}` } });
    }
  };

  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      mismatches.push({ method: req.method ?? '?', path: req.url ?? '?', problems: [`server error: ${String(err)}`] });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const assertNoMismatches = (): void => {
    if (mismatches.length === 0) return;
    const lines = mismatches.map((m) => `  ${m.method} ${m.path}: ${m.problems.join('; ')}`);
    throw new Error(`fake-github: ${mismatches.length} request(s) do not match GitHub's REST description:\n${lines.join('\n')}`);
  };

  return {
    url: baseUrl,
    requests,
    mismatches,
    state,
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    assertNoMismatches,
    calls(text) {
      return text === undefined ? requests : requests.filter((r) => (r.route ?? `${r.method} ${r.path}`).includes(text));
    },
    async close(closeOptions = {}) {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!closeOptions.allowMismatches) assertNoMismatches();
    },
  };
}

function faultResponse(fault: Fault): RouteResponse {
  switch (fault.kind) {
    case 'status':
      return { status: fault.status, body: { message: fault.status === 500 ? 'Server Error' : fault.status === 502 ? 'Bad Gateway' : 'Service Unavailable' } };
    case 'rate-limit':
      return {
        status: 429,
        headers: {
          'retry-after': fault.retryAfter,
          'x-ratelimit-limit': 5000,
          'x-ratelimit-remaining': 0,
          'x-ratelimit-reset': Math.ceil(Date.now() / 1000) + fault.retryAfter,
        },
        body: { message: 'API rate limit exceeded for installation.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
      };
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { 'retry-after': fault.retryAfter },
        body: {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
      };
    case 'reset':
      throw new Error('unreachable');
  }
}

function send(res: ServerResponse, record: RecordedRequest, response: RouteResponse): void {
  record.status = response.status;
  const headers: Record<string, string | number> = { 'x-github-request-id': `FAKE:${record.method}:${Date.now()}`, ...response.headers };
  let payload: Buffer | undefined;
  if (response.body instanceof Uint8Array) {
    payload = Buffer.from(response.body);
    headers['content-type'] ??= 'application/octet-stream';
  } else if (typeof response.body === 'string') {
    payload = Buffer.from(response.body);
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = Buffer.from(JSON.stringify(response.body));
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  if (payload) headers['content-length'] = payload.length;
  res.writeHead(response.status, headers);
  res.end(payload);
}
