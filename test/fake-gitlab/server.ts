import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake GitLab REST v4 API for tests: merge request notes with pagination, raw job artifacts by ref and job name,
 * deployments and pipeline jobs, project issues with notes (the monitor), pipeline creation and trigger tokens,
 * token checks, and fault injection (5xx, 429 with Retry-After).
 */

export interface FakeIssue {
  id: number;
  iid: number;
  title: string;
  description: string;
  labels: string[];
  state: 'opened' | 'closed';
  web_url: string;
  created_at: string;
  updated_at: string;
}

export interface FakePipeline {
  id: number;
  ref: string;
  /** How it was created: with an API token (POST /pipeline) or a trigger token. */
  source: 'api' | 'trigger';
  variables: Record<string, string>;
  web_url: string;
}

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
  author: { id: number; username: string };
  created_at: string;
  updated_at: string;
}

export interface FakeUser {
  id: number;
  username: string;
}

export interface Fault {
  method?: string;
  /** Matched against the path (without /api/v4 and the query). */
  path?: RegExp;
  status: number;
  retryAfter?: string;
  /** How many matching requests fail; default 1. */
  times?: number;
}

/** Holds matching requests for `ms` before they are handled (to order overlapping clients deterministically). */
export interface Delay {
  method?: string;
  path?: RegExp;
  ms: number;
  /** How many matching requests are held; default 1. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  privateToken: string | undefined;
  jobToken: string | undefined;
  body: unknown;
  status: number;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  status: string;
  environment: string;
  pipelineId: number;
}

export interface FakeGitLab {
  url: string;
  apiUrl: string;
  /** token → user allowed to write (PRIVATE-TOKEN). */
  users: Map<string, FakeUser>;
  /** Tokens accepted as JOB-TOKEN (read artifacts only). */
  jobTokens: Set<string>;
  requests: RecordedRequest[];
  faults: Fault[];
  delays: Delay[];
  notes(projectId: string, iid: number): FakeNote[];
  addNote(projectId: string, iid: number, body: string, author: FakeUser, system?: boolean): FakeNote;
  /** An artifact file of the latest successful pipeline on `ref`, job `job`. */
  setArtifact(projectId: string, ref: string, job: string, path: string, content: string | Buffer): void;
  addDeployment(projectId: string, deployment: FakeDeployment): void;
  addPipelineJob(projectId: string, pipelineId: number, job: { id: number; name: string; status: string; artifacts?: Record<string, string> }): void;
  /** Tokens of users that may read but not write (GitLab's Guest role): writes answer 403. */
  readOnlyTokens: Set<string>;
  /** Pipeline trigger tokens accepted by POST /projects/:id/trigger/pipeline. */
  triggerTokens: Set<string>;
  /** The project's issues, in creation order (mutable: tests may edit descriptions or states). */
  issues(projectId: string): FakeIssue[];
  addIssue(projectId: string, issue: { title: string; description: string; labels?: string[]; state?: 'opened' | 'closed' }): FakeIssue;
  issueNotes(projectId: string, iid: number): FakeNote[];
  /** Pipelines created through the API or a trigger. */
  pipelines(projectId: string): FakePipeline[];
  /** A file uploaded to the Generic Package Registry, or undefined. */
  packageFile(projectId: string, name: string, version: string, file: string): Buffer | undefined;
  close(): Promise<void>;
}

export async function startFakeGitLab(options: { pagination?: 'offset' | 'keyset' } = {}): Promise<FakeGitLab> {
  const notes = new Map<string, FakeNote[]>();
  const artifacts = new Map<string, Buffer>();
  const packages = new Map<string, Buffer>();
  const deployments = new Map<string, FakeDeployment[]>();
  const pipelineJobs = new Map<string, Array<{ id: number; name: string; status: string; artifacts: Record<string, string> }>>();
  let nextId = 1000;
  const issues = new Map<string, FakeIssue[]>();
  const issueNotes = new Map<string, FakeNote[]>();
  const pipelines = new Map<string, FakePipeline[]>();
  const readOnlyTokens = new Set<string>();
  const triggerTokens = new Set<string>();
  const users = new Map<string, FakeUser>();
  const jobTokens = new Set<string>();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const delays: Delay[] = [];
  const now = () => new Date().toISOString();
  const noteKey = (projectId: string, iid: number) => `${decodeURIComponent(projectId)}!${iid}`;

  const fake: Omit<FakeGitLab, 'url' | 'apiUrl' | 'close'> = {
    users,
    jobTokens,
    readOnlyTokens,
    triggerTokens,
    requests,
    faults,
    delays,
    issues(projectId) {
      const key = decodeURIComponent(projectId);
      if (!issues.has(key)) issues.set(key, []);
      return issues.get(key)!;
    },
    addIssue(projectId, issue) {
      const list = fake.issues(projectId);
      const iid = list.length + 1;
      const created: FakeIssue = {
        id: nextId++,
        iid,
        title: issue.title,
        description: issue.description,
        labels: issue.labels ?? [],
        state: issue.state ?? 'opened',
        web_url: `https://gitlab.example/${decodeURIComponent(projectId)}/-/issues/${iid}`,
        created_at: now(),
        updated_at: now(),
      };
      list.push(created);
      return created;
    },
    issueNotes(projectId, iid) {
      const key = `${decodeURIComponent(projectId)}#${iid}`;
      if (!issueNotes.has(key)) issueNotes.set(key, []);
      return issueNotes.get(key)!;
    },
    pipelines(projectId) {
      const key = decodeURIComponent(projectId);
      if (!pipelines.has(key)) pipelines.set(key, []);
      return pipelines.get(key)!;
    },
    notes(projectId, iid) {
      const key = noteKey(projectId, iid);
      if (!notes.has(key)) notes.set(key, []);
      return notes.get(key)!;
    },
    addNote(projectId, iid, body, author, system = false) {
      const note: FakeNote = { id: nextId++, body, system, author, created_at: now(), updated_at: now() };
      fake.notes(projectId, iid).push(note);
      return note;
    },
    setArtifact(projectId, ref, job, path, content) {
      artifacts.set(`${projectId}|${ref}|${job}|${path}`, Buffer.from(content));
    },
    addDeployment(projectId, deployment) {
      const list = deployments.get(projectId) ?? [];
      list.push(deployment);
      deployments.set(projectId, list);
    },
    packageFile(projectId, name, version, file) {
      return packages.get(`${projectId}|${name}|${version}|${file}`);
    },
    addPipelineJob(projectId, pipelineId, job) {
      const key = `${projectId}|${pipelineId}`;
      const list = pipelineJobs.get(key) ?? [];
      list.push({ ...job, artifacts: job.artifacts ?? {} });
      pipelineJobs.set(key, list);
    },
  };

  function createPipeline(projectId: string, ref: string, source: FakePipeline['source'], variables: Record<string, string>): FakePipeline {
    const id = nextId++;
    const pipeline: FakePipeline = { id, ref, source, variables, web_url: `https://gitlab.example/${decodeURIComponent(projectId)}/-/pipelines/${id}` };
    fake.pipelines(projectId).push(pipeline);
    return pipeline;
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return undefined;
    if (req.headers['content-type'] === 'application/octet-stream') return Buffer.concat(chunks);
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: unknown, record: (status: number) => void): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api\/v4/, '');
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record(status);
      const text = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
      res.writeHead(status, { 'content-type': typeof payload === 'string' || Buffer.isBuffer(payload) ? 'application/octet-stream' : 'application/json', ...headers });
      res.end(text);
    };

    const fault = faults.find((f) => (f.method === undefined || f.method === method) && (f.path === undefined || f.path.test(path)));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      send(fault.status, { message: `${fault.status} injected` }, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
      return;
    }

    const privateToken = req.headers['private-token'] as string | undefined;
    const jobToken = req.headers['job-token'] as string | undefined;
    const user = privateToken === undefined ? undefined : users.get(privateToken);
    const canRead = user !== undefined || (jobToken !== undefined && jobTokens.has(jobToken));
    if (privateToken !== undefined && user === undefined) return send(401, { message: '401 Unauthorized' });

    if (method === 'GET' && path === '/user') {
      return user ? send(200, { id: user.id, username: user.username }) : send(401, { message: '401 Unauthorized' });
    }

    let m = /^\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes(?:\/(\d+))?$/.exec(path);
    if (m) {
      const [, projectId, iidText, noteIdText] = m;
      const list = fake.notes(projectId!, Number(iidText));
      if (!user) return send(jobToken ? 403 : 401, { message: jobToken ? '403 Forbidden' : '401 Unauthorized' });
      if (method === 'GET' && noteIdText === undefined) {
        const perPage = Math.min(Number(query.per_page ?? 20), 100);
        const sorted = [...list].sort((a, b) => (query.sort === 'asc' ? a.id - b.id : b.id - a.id));
        if (options.pagination === 'keyset') {
          const after = Number(query.id_after ?? 0);
          const rest = sorted.filter((n) => (query.sort === 'asc' ? n.id > after : after === 0 || n.id < after));
          const pageItems = rest.slice(0, perPage);
          const headers: Record<string, string> = {};
          if (rest.length > perPage) {
            const next = new URL(url.toString().replace('http://fake', `http://${req.headers.host}`));
            next.searchParams.set('id_after', String(pageItems[pageItems.length - 1]!.id));
            headers.link = `<${next.toString()}>; rel="next"`;
          }
          return send(200, pageItems, headers);
        }
        const page = Math.max(1, Number(query.page ?? 1));
        const pageItems = sorted.slice((page - 1) * perPage, page * perPage);
        const totalPages = Math.max(1, Math.ceil(sorted.length / perPage));
        return send(200, pageItems, {
          'x-page': String(page),
          'x-per-page': String(perPage),
          'x-total': String(sorted.length),
          'x-total-pages': String(totalPages),
          'x-next-page': page < totalPages ? String(page + 1) : '',
        });
      }
      const text = (body as { body?: unknown } | undefined)?.body;
      if (method === 'POST' && noteIdText === undefined) {
        if (typeof text !== 'string' || text === '') return send(400, { message: { body: ["can't be blank"] } });
        if (text.length > 1_000_000) return send(400, { message: { body: ['is too long (maximum is 1000000 characters)'] } });
        return send(201, fake.addNote(projectId!, Number(iidText), text, user));
      }
      if (method === 'PUT' && noteIdText !== undefined) {
        const note = list.find((n) => n.id === Number(noteIdText));
        if (!note) return send(404, { message: '404 Not found' });
        if (note.author.id !== user.id) return send(403, { message: '403 Forbidden' });
        if (typeof text !== 'string' || text.length > 1_000_000) return send(400, { message: { body: ['is invalid'] } });
        note.body = text;
        note.updated_at = now();
        return send(200, note);
      }
    }

    m = /^\/projects\/([^/]+)\/trigger\/pipeline$/.exec(path);
    if (m && method === 'POST') {
      // Trigger tokens authenticate in the body, no PRIVATE-TOKEN needed.
      const b = (body ?? {}) as { token?: unknown; ref?: unknown; variables?: unknown };
      if (typeof b.token !== 'string' || !triggerTokens.has(b.token)) return send(404, { message: '404 Not Found' });
      if (typeof b.ref !== 'string' || b.ref === '') return send(400, { message: { base: ['Reference not found'] } });
      const variables = Object.fromEntries(Object.entries((b.variables ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      return send(201, createPipeline(m[1]!, b.ref, 'trigger', variables));
    }

    m = /^\/projects\/([^/]+)\/pipeline$/.exec(path);
    if (m && method === 'POST') {
      if (!user) return send(jobToken ? 403 : 401, { message: jobToken ? '403 Forbidden' : '401 Unauthorized' });
      if (readOnlyTokens.has(privateToken!)) return send(403, { message: '403 Forbidden' });
      const b = (body ?? {}) as { ref?: unknown; variables?: unknown };
      if (typeof b.ref !== 'string' || b.ref === '') return send(400, { message: { base: ['Reference not found'] } });
      const variables: Record<string, string> = {};
      for (const v of Array.isArray(b.variables) ? (b.variables as Array<{ key?: unknown; value?: unknown }>) : []) variables[String(v.key)] = String(v.value);
      return send(201, createPipeline(m[1]!, b.ref, 'api', variables));
    }

    m = /^\/projects\/([^/]+)\/issues(?:\/(\d+))?(\/notes)?$/.exec(path);
    if (m) {
      const [, projectId, iidText, notesPart] = m;
      if (!user) return send(jobToken ? 403 : 401, { message: jobToken ? '403 Forbidden' : '401 Unauthorized' });
      const writes = method !== 'GET';
      if (writes && readOnlyTokens.has(privateToken!)) return send(403, { message: '403 Forbidden' });
      const list = fake.issues(projectId!);
      if (iidText === undefined && method === 'GET') {
        let found = [...list];
        if (query.state && query.state !== 'all') found = found.filter((i) => i.state === query.state);
        for (const label of (query.labels ?? '').split(',').filter(Boolean)) found = found.filter((i) => i.labels.includes(label));
        found.sort((a, b) => (query.sort === 'asc' ? a.id - b.id : b.id - a.id));
        const perPage = Math.min(Number(query.per_page ?? 20), 100);
        const page = Math.max(1, Number(query.page ?? 1));
        const totalPages = Math.max(1, Math.ceil(found.length / perPage));
        return send(200, found.slice((page - 1) * perPage, page * perPage), { 'x-page': String(page), 'x-next-page': page < totalPages ? String(page + 1) : '' });
      }
      const b = (body ?? {}) as { title?: unknown; description?: unknown; labels?: unknown; state_event?: unknown; body?: unknown };
      if (iidText === undefined && method === 'POST') {
        if (typeof b.title !== 'string' || b.title === '') return send(400, { message: { title: ["can't be blank"] } });
        if (typeof b.description === 'string' && b.description.length > 1_048_576) return send(400, { message: { description: ['is too long (maximum is 1048576 characters)'] } });
        const labels = Array.isArray(b.labels) ? b.labels.map(String) : typeof b.labels === 'string' ? b.labels.split(',').filter(Boolean) : [];
        return send(201, fake.addIssue(projectId!, { title: b.title, description: typeof b.description === 'string' ? b.description : '', labels }));
      }
      const issue = list.find((i) => i.iid === Number(iidText));
      if (!issue) return send(404, { message: '404 Issue Not Found' });
      if (notesPart && method === 'POST') {
        if (typeof b.body !== 'string' || b.body === '') return send(400, { message: { body: ["can't be blank"] } });
        const note: FakeNote = { id: nextId++, body: b.body, system: false, author: user, created_at: now(), updated_at: now() };
        fake.issueNotes(projectId!, issue.iid).push(note);
        return send(201, note);
      }
      if (notesPart && method === 'GET') return send(200, fake.issueNotes(projectId!, issue.iid), { 'x-next-page': '' });
      if (!notesPart && method === 'GET') return send(200, issue);
      if (!notesPart && method === 'PUT') {
        if (typeof b.description === 'string') issue.description = b.description;
        if (typeof b.title === 'string') issue.title = b.title;
        if (b.state_event === 'close') issue.state = 'closed';
        if (b.state_event === 'reopen') issue.state = 'opened';
        issue.updated_at = now();
        return send(200, issue);
      }
    }

    m = /^\/projects\/([^/]+)\/jobs\/artifacts\/([^/]+)\/raw\/(.+)$/.exec(path);
    if (m && method === 'GET') {
      if (!canRead) return send(401, { message: '401 Unauthorized' });
      const [, projectId, ref, filePath] = m;
      const content = artifacts.get(`${decodeURIComponent(projectId!)}|${decodeURIComponent(ref!)}|${query.job}|${decodeURIComponent(filePath!)}`);
      return content ? send(200, content) : send(404, { message: '404 Not Found' });
    }

    m = /^\/projects\/([^/]+)\/packages\/generic\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
    if (m && method === 'PUT') {
      if (!canRead) return send(401, { message: '401 Unauthorized' });
      const [, projectId, name, version, file] = m.map((part) => decodeURIComponent(part ?? ''));
      if (!Buffer.isBuffer(body)) return send(400, { message: 'file is missing' });
      packages.set(`${projectId}|${name}|${version}|${file}`, body);
      return send(201, { message: '201 Created' });
    }

    m = /^\/projects\/([^/]+)\/deployments$/.exec(path);
    if (m && method === 'GET') {
      if (!canRead) return send(401, { message: '401 Unauthorized' });
      let list = [...(deployments.get(decodeURIComponent(m[1]!)) ?? [])];
      if (query.environment) list = list.filter((d) => d.environment === query.environment);
      if (query.status) list = list.filter((d) => d.status === query.status);
      list.sort((a, b) => (query.sort === 'asc' ? a.id - b.id : b.id - a.id));
      const perPage = Number(query.per_page ?? 20);
      const page = Math.max(1, Number(query.page ?? 1));
      const totalPages = Math.max(1, Math.ceil(list.length / perPage));
      return send(
        200,
        list.slice((page - 1) * perPage, page * perPage).map((d) => ({
          id: d.id,
          sha: d.sha,
          ref: d.ref,
          status: d.status,
          environment: { name: d.environment },
          deployable: { id: d.id * 10, name: 'deploy', pipeline: { id: d.pipelineId } },
        })),
        { 'x-next-page': page < totalPages ? String(page + 1) : '' },
      );
    }

    m = /^\/projects\/([^/]+)\/pipelines\/(\d+)\/jobs$/.exec(path);
    if (m && method === 'GET') {
      if (!canRead) return send(401, { message: '401 Unauthorized' });
      const list = pipelineJobs.get(`${decodeURIComponent(m[1]!)}|${m[2]}`) ?? [];
      return send(200, list.map(({ id, name, status }) => ({ id, name, status })), { 'x-next-page': '' });
    }

    m = /^\/projects\/([^/]+)\/jobs\/(\d+)\/artifacts\/(.+)$/.exec(path);
    if (m && method === 'GET') {
      if (!canRead) return send(401, { message: '401 Unauthorized' });
      for (const [key, jobs] of pipelineJobs) {
        if (!key.startsWith(`${decodeURIComponent(m[1]!)}|`)) continue;
        const job = jobs.find((j) => j.id === Number(m![2]));
        const content = job?.artifacts[decodeURIComponent(m[3]!)];
        if (content !== undefined) return send(200, content);
      }
      return send(404, { message: '404 Not Found' });
    }

    send(404, { message: `404 fake GitLab has no ${method} ${path}` });
  }

  const server: Server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const delay = delays.find((d) => (d.method === undefined || d.method === req.method) && (d.path === undefined || d.path.test(url.pathname.replace(/^\/api\/v4/, ''))));
      if (delay) {
        delay.times = (delay.times ?? 1) - 1;
        if (delay.times <= 0) delays.splice(delays.indexOf(delay), 1);
        await new Promise((resolve) => setTimeout(resolve, delay.ms));
      }
      handle(req, res, body, (status) =>
        requests.push({
          method: req.method ?? 'GET',
          path: url.pathname.replace(/^\/api\/v4/, ''),
          query: Object.fromEntries(url.searchParams),
          privateToken: req.headers['private-token'] as string | undefined,
          jobToken: req.headers['job-token'] as string | undefined,
          body,
          status,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...fake,
    url,
    apiUrl: `${url}/api/v4`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
