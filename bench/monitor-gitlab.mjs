#!/usr/bin/env node
// GitLab monitor edge benchmark: what the scheduled check costs on top of the drift itself (bench/monitor.mjs).
// A local HTTP server plays GitLab with N open issues carrying the monitor's label (5 kB descriptions, the model's
// issue last, so every page is read); findGitLabMonitorIssue lists them 100 per page with the real GitLabClient,
// then syncGitLabMonitorIssue rewrites the found issue. Prints a Markdown section.
//
//   npm run build && node bench/monitor-gitlab.mjs
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const core = await import(`${root}packages/core/dist/index.js`);
const gitlab = await import(`${root}packages/gitlab/dist/index.js`);

const filler = 'x'.repeat(5000);
let issues = [];
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  const url = new URL(req.url, 'http://bench');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && url.pathname.endsWith('/issues')) {
      const per = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      const pages = Math.max(1, Math.ceil(issues.length / per));
      res.writeHead(200, { 'content-type': 'application/json', 'x-next-page': page < pages ? String(page + 1) : '' });
      res.end(JSON.stringify(issues.slice((page - 1) * per, page * per)));
      return;
    }
    const m = /\/issues\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PUT' && m) {
      const issue = issues.find((i) => i.iid === Number(m[1]));
      Object.assign(issue, { description: JSON.parse(Buffer.concat(chunks).toString()).description ?? issue.description });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(issue));
      return;
    }
    res.writeHead(404).end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const apiUrl = `http://127.0.0.1:${server.address().port}/api/v4`;
const client = new gitlab.GitLabClient({ apiUrl, auth: { kind: 'private-token', token: 'bench' } });

// A no-drift result on a real table (the body's size does not depend on the number of issues).
const { profile } = await core.profileFiles([`${root}examples/weather/data/seattle-weather.csv`]);
const drift = core.driftFromProfiles(profile, profile, {});

const model = 'penguins-classifier';
const rows = [];
for (const n of [0, 1000, 5000]) {
  issues = [];
  for (let i = 1; i <= n; i++) issues.push({ iid: i, description: `${core.monitorMarker(`other-${i}`)}\n${filler}`, web_url: `https://gitlab.example/i/${i}` });
  const state = { v: 1, drifted: false, columns: [], dispatched: false };
  issues.push({ iid: n + 1, description: `${core.monitorMarker(model)}\n${core.encodeMonitorState(state)}\n${filler}`, web_url: `https://gitlab.example/i/${n + 1}` });
  requests = 0;
  const t = performance.now();
  const found = await gitlab.findGitLabMonitorIssue(client, '42', model, 'mlci-drift');
  const findMs = performance.now() - t;
  const findRequests = requests;
  const t2 = performance.now();
  await gitlab.syncGitLabMonitorIssue(client, drift, { model, checkedAt: new Date().toISOString(), sample: 'bench', data: ['prod.csv'], reference: 'profile.json', dispatch: { kind: 'not-configured' } }, { projectId: '42', model, labels: ['mlci-drift'], closeWhenClear: false });
  const syncMs = performance.now() - t2;
  if (found?.iid !== n + 1) throw new Error(`found ${found?.iid}, expected ${n + 1}`);
  rows.push({ n: n + 1, pages: Math.ceil((n + 1) / 100), findMs, findRequests, syncMs });
}
server.close();

const f = (x) => x.toFixed(0);
console.log(`## mlci monitor on GitLab: finding and updating the model's issue

\`node bench/monitor-gitlab.mjs\` (local HTTP server as GitLab, 5 kB issue descriptions, the model's issue on the last page; Node ${process.versions.node})

| Open labelled issues | Pages | Find (ms) | Requests | Whole sync: find + decide + rewrite (ms) |
|--:|--:|--:|--:|--:|
${rows.map((r) => `| ${r.n.toLocaleString('en-US')} | ${r.pages} | ${f(r.findMs)} | ${r.findRequests} | ${f(r.syncMs)} |`).join('\n')}

Issues are read a page at a time (100 per request) and only the model's are kept, so memory does not grow with the
number of open issues; the time is one round trip per page (plus the 5 kB descriptions' JSON parse). The monitor lists only open issues with its first label,
so in practice this is one page.
`);
