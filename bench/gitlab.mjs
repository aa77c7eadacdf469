#!/usr/bin/env node
// GitLab edge: finding and updating the report note on a busy merge request, streaming a baseline artifact,
// rendering OpenMetrics. Runs against packages/gitlab/dist and a local HTTP server (no GitLab needed).
// Usage: node bench/gitlab.mjs   (after `npm run build`)
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GitLabClient, JobArtifactBaselineProvider, MergeRequestNoteSink, collectSamples, reportMarker, toOpenMetrics } from '../packages/gitlab/dist/index.js';

const LATENCY_MS = 20; // a plausible round trip to gitlab.com from a runner

async function server(notes, artifactBytes) {
  let requests = 0;
  const srv = createServer((req, res) => {
    requests++;
    const url = new URL(req.url, 'http://x');
    setTimeout(() => {
      if (url.pathname === '/api/v4/user') return res.end(JSON.stringify({ id: 1 }));
      if (url.pathname.endsWith('/notes') && req.method === 'GET') {
        const page = Number(url.searchParams.get('page') ?? 1);
        const per = Number(url.searchParams.get('per_page') ?? 20);
        const items = notes.slice((page - 1) * per, page * per);
        res.setHeader('x-next-page', page * per < notes.length ? String(page + 1) : '');
        return res.end(JSON.stringify(items));
      }
      if (req.method === 'PUT' || req.method === 'POST') {
        req.resume();
        return req.on('end', () => res.end(JSON.stringify({ id: 1 })));
      }
      if (url.pathname.includes('/raw/')) {
        const chunk = Buffer.alloc(1 << 20, 97);
        let left = artifactBytes;
        const write = () => {
          while (left > 0) {
            left -= chunk.length;
            if (!res.write(chunk)) return res.once('drain', write);
          }
          res.end();
        };
        return write();
      }
      res.statusCode = 404;
      res.end('{}');
    }, LATENCY_MS);
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}/api/v4`, close: () => new Promise((r) => srv.close(r)), requests: () => requests };
}

const rows = [];
for (const count of [100, 1_000, 10_000]) {
  const notes = Array.from({ length: count }, (_, i) => ({ id: i + 1, body: i === count - 1 ? `${reportMarker('ci/report')}\nold` : `comment ${i}`, system: false, author: { id: i === count - 1 ? 1 : 2 } }));
  const s = await server(notes, 0);
  const sink = new MergeRequestNoteSink({ client: new GitLabClient({ apiUrl: s.url, auth: { kind: 'private-token', token: 'x' } }), projectId: '1', mergeRequestIid: 1 });
  const t0 = performance.now();
  await sink.publish({ key: 'ci/report', title: 'r', markdown: 'new' });
  rows.push([`${count.toLocaleString('en')} notes, marker on the last page`, `${s.requests()}`, `${((performance.now() - t0) / 1000).toFixed(2)} s`]);
  await s.close();
}

const bytes = 256 * 2 ** 20;
const s = await server([], bytes);
const dest = mkdtempSync(join(tmpdir(), 'mlci-bench-gitlab-'));
globalThis.gc?.();
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const t0 = performance.now();
await new JobArtifactBaselineProvider({ client: new GitLabClient({ apiUrl: s.url }), projectId: '1', ref: 'main', job: 'evaluate' }).fetch({ files: ['profile.json'], destDir: dest });
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
const size = statSync(join(dest, 'profile.json')).size;
rmSync(dest, { recursive: true, force: true });
await s.close();

const doc = { accuracy: 0.9, slices: Array.from({ length: 10_000 }, (_, i) => ({ column: 'island', value: `v${i}`, metrics: { accuracy: i / 10_000, f1: 0.5 } })) };
const t1 = performance.now();
const text = toOpenMetrics(collectSamples(doc));
const omMs = performance.now() - t1;

console.log(`## GitLab

Command: \`node bench/gitlab.mjs\` (local HTTP server answering after ${LATENCY_MS} ms per request).

| Note upsert | Requests | Time |
| --- | ---: | ---: |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

Notes are listed 100 per page (GitLab's maximum), so a merge request with n notes costs ⌈n/100⌉ list requests plus
one to identify the token's user and one to update: round trips, not mlci, set the time.

| Baseline artifact download | Value |
| --- | ---: |
| size | ${(size / 2 ** 20).toFixed(0)} MiB |
| time | ${seconds.toFixed(2)} s (${(size / 2 ** 20 / seconds).toFixed(0)} MiB/s) |
| peak RSS growth | ${((peak - rss0) / 2 ** 20).toFixed(1)} MiB (streamed to disk) |

| OpenMetrics | Value |
| --- | ---: |
| 20,001 samples (10,000 slices × 2 metrics + 1) | ${omMs.toFixed(0)} ms, ${(Buffer.byteLength(text) / 2 ** 20).toFixed(1)} MiB |
`);
