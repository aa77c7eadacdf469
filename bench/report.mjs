#!/usr/bin/env node
// Benchmark: one report upsert on a pull request with 500 comments, against a local GitHub-like comments API
// (paginated like GitHub: per_page ≤ 100, Link headers). Measures API calls and wall time for the three cases a
// report meets: first report (create), update in place, and unchanged. Runs against the built packages:
//   npm run build && node bench/report.mjs
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { compareMetrics, metricsSet, renderReport } from '../packages/core/dist/index.js';
import { createApiClient, PullRequestCommentSink } from '../packages/github/dist/index.js';

const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 500);
const METRICS = Number(process.env.BENCH_METRICS ?? 40);

function startServer() {
  const comments = [];
  let id = 1;
  const calls = [];
  for (let i = 0; i < COMMENTS; i++) comments.push({ id: id++, body: `Comment ${i + 1}` });
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const url = new URL(req.url, 'http://127.0.0.1');
    calls.push(`${req.method} ${url.pathname}`);
    const json = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const shape = (c) => ({ id: c.id, body: c.body, html_url: `http://127.0.0.1/pr/1#issuecomment-${c.id}`, user: { login: 'bot', type: 'Bot' } });
    let m;
    if (req.method === 'GET' && /\/issues\/1\/comments$/.test(url.pathname)) {
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(comments.length / perPage));
      const link = [];
      const at = (p) => {
        const u = new URL(url);
        u.searchParams.set('page', String(p));
        u.host = req.headers.host;
        return u.href;
      };
      if (page < last) link.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
      return json(200, comments.slice((page - 1) * perPage, page * perPage).map(shape), link.length ? { link: link.join(', ') } : {});
    }
    if (req.method === 'POST' && /\/issues\/1\/comments$/.test(url.pathname)) {
      const c = { id: id++, body: JSON.parse(raw).body };
      comments.push(c);
      return json(201, shape(c));
    }
    if ((m = /\/issues\/comments\/(\d+)$/.exec(url.pathname))) {
      const c = comments.find((x) => x.id === Number(m[1]));
      if (!c) return json(404, { message: 'Not Found' });
      if (req.method === 'PATCH') {
        c.body = JSON.parse(raw).body;
        return json(200, shape(c));
      }
      if (req.method === 'DELETE') {
        comments.splice(comments.indexOf(c), 1);
        res.writeHead(204).end();
        return;
      }
    }
    json(404, { message: 'Not Found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, calls, url: `http://127.0.0.1:${server.address().port}` })));
}

function report(shift) {
  const names = Array.from({ length: METRICS }, (_, i) => `metric_${i}_accuracy`);
  const comparison = compareMetrics({
    current: metricsSet(Object.fromEntries(names.map((n, i) => [n, 0.5 + ((i + shift) % 10) / 100]))),
    baseline: metricsSet(Object.fromEntries(names.map((n) => [n, 0.55]))),
    baselineSource: { kind: 'workflow-run', description: 'bench', runId: 1, commit: 'a'.repeat(40) },
  });
  return renderReport({ comparison, title: 'bench' }).markdown;
}

const { server, calls, url } = await startServer();
// Write spacing off: the figure is our call count and local latency, not GitHub's 1 write/s pacing.
const octokit = createApiClient({ token: 'bench', baseUrl: url, throttleWrites: false });
const sink = new PullRequestCommentSink({ octokit, owner: 'o', repo: 'r', issueNumber: 1 });
const rows = [];
for (const [label, shift] of [['first report (create)', 0], ['update in place', 1], ['unchanged', 1]]) {
  calls.length = 0;
  const markdown = report(shift);
  const t0 = performance.now();
  const r = await sink.publish({ key: 'CI/model', title: 'bench', markdown });
  const ms = performance.now() - t0;
  const byKind = calls.reduce((acc, c) => ((acc[c.split(' ')[0]] = (acc[c.split(' ')[0]] ?? 0) + 1), acc), {});
  rows.push(`| ${label} | ${r.action} | ${calls.length} | ${Object.entries(byKind).map(([k, v]) => `${v} ${k}`).join(', ')} | ${ms.toFixed(1)} |`);
}
server.close();

console.log(`## PR report upsert (${COMMENTS} existing comments, ${METRICS}-metric report)

| case | result | API calls | by method | time (ms) |
| --- | --- | ---: | --- | ---: |
${rows.join('\n')}

Comments are listed 100 per page across every page (the marker can be anywhere); creating re-lists once to settle
races. Local server, write pacing off; on github.com add network latency per call and ≥ 1 s between writes.
Command: \`npm run build && node bench/report.mjs\` (BENCH_COMMENTS, BENCH_METRICS to vary).`);
