import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { testdir } from '../helpers/tmp.js';
import { pullRequestEvent, runBundledAction } from './run-action.js';

const MARKER = '<!-- mlci-report: CI/model -->';
const LIST = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const CREATE = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const UPDATE = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

function comparison(rows: Array<{ metric: string; baseline: number | null; current: number | null; status?: string }>, passed = true): string {
  return JSON.stringify({
    version: 1,
    passed,
    baseline: { kind: 'workflow-run', description: 'latest successful run of ci.yml on main', runId: 41, commit: 'a'.repeat(40), url: 'https://github.com/acme/model/actions/runs/41', files: ['metrics.json'], found: true },
    current: { files: ['metrics.json'], commit: null },
    rows: rows.map((r) => ({
      metric: r.metric,
      baseline: r.baseline,
      current: r.current,
      delta: r.baseline !== null && r.current !== null ? r.current - r.baseline : null,
      delta_pct: r.baseline ? ((r.current! - r.baseline) / Math.abs(r.baseline)) * 100 : null,
      direction: 'higher',
      status: r.status ?? (r.current! > r.baseline! ? 'improved' : r.current! < r.baseline! ? 'regressed' : 'unchanged'),
      significant: null,
      significance: null,
      violations: [],
      rule: null,
    })),
    violations: [],
    summary: { improved: rows.filter((r) => r.current! > r.baseline!).length, regressed: rows.filter((r) => r.current! < r.baseline!).length, unchanged: 0, changed: 0, new: 0, removed: 0, missing: 0, violations: 0 },
    notes: [],
    alpha: 0.05,
  });
}

async function report(workspace: string, extra: { env?: Record<string, string>; inputs?: Record<string, string> } = {}) {
  return runBundledAction('report', {
    apiUrl: gh!.url,
    workspace,
    event: pullRequestEvent(7),
    inputs: { comparison: 'comparison.json', 'github-token': 'ghs_secret_token_value', ...extra.inputs },
    env: { MLCI_GITHUB_THROTTLE: 'off', ...extra.env },
  });
}

function markerComments(): Array<{ id: number; body: string }> {
  return gh!.state.commentsOn('acme', 'model', 7).filter((c) => c.body.startsWith(MARKER));
}

describe('actions/report (bundled, against the fake GitHub API)', () => {
  it('creates the first report comment, writes the job summary, and never prints the token', async () => {
    gh = await startFakeGitHub();
    const ws = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.92 }]) });
    const r = await report(ws, { env: { MLCI_GITHUB_THROTTLE: 'on' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(markerComments()).toHaveLength(1);
    const body = markerComments()[0]!.body;
    expect(body.split('\n')[1]).toBe('### ✅ mlci: model');
    expect(body).toContain('| <code>accuracy</code> | 0.9 | 0.92 |');
    expect(r.outputs).toMatchObject({ posted: 'true', status: 'passed', truncated: 'false', 'comment-id': String(markerComments()[0]!.id) });
    expect(r.summary).toContain('### ✅ mlci: model');
    expect(r.summary).toContain(readFileSync(join(ws, '.mlci/report/report.md'), 'utf8').trim());
    expect(gh.calls(CREATE)).toHaveLength(1);
    expect(gh.calls(CREATE)[0]!.headers.authorization).toBe('token ghs_secret_token_value');
    // The runner masks it after `::add-mask::`; no other line may carry it.
    expect(r.stdout.split('\n').filter((l) => l.includes('ghs_secret_token_value'))).toEqual(['::add-mask::ghs_secret_token_value']);
  });

  it('updates the same comment in place on the next run', async () => {
    gh = await startFakeGitHub();
    const ws = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.92 }]) });
    expect((await report(ws)).code).toBe(0);
    const first = markerComments()[0]!;
    const ws2 = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.85 }]) });
    const r = await report(ws2);
    expect(r.code).toBe(0);
    expect(markerComments()).toHaveLength(1);
    expect(markerComments()[0]!.id).toBe(first.id);
    expect(markerComments()[0]!.body).toContain('🔴 ↓ worse');
    expect(gh.calls(CREATE)).toHaveLength(1);
    expect(gh.calls(UPDATE)).toHaveLength(1);
  });

  it('finds its comment among 250 on a busy PR (every page) and updates it', async () => {
    gh = await startFakeGitHub();
    gh.state.addComments('acme', 'model', 7, 4);
    const mine = gh.state.addComment({ owner: 'acme', repo: 'model', issue_number: 7, body: `${MARKER}\nold report`, user: gh.state.actor });
    gh.state.addComments('acme', 'model', 7, 245);
    // A report from another workflow must be left alone.
    gh.state.addComment({ owner: 'acme', repo: 'model', issue_number: 7, body: '<!-- mlci-report: Nightly/model -->\nother' });
    const ws = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.92 }]) });
    const r = await report(ws);
    expect(r.code).toBe(0);
    expect(gh.calls(LIST).map((c) => c.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(gh.calls(CREATE)).toHaveLength(0);
    expect(gh.calls(UPDATE).map((c) => c.path)).toEqual([`/repos/acme/model/issues/comments/${mine.id}`]);
    expect(gh.state.commentsOn('acme', 'model', 7)).toHaveLength(251);
  });

  it('the oldest report wins when a PR already has duplicates, and later marker comments are removed', async () => {
    gh = await startFakeGitHub();
    const a = gh.state.addComment({ owner: 'acme', repo: 'model', issue_number: 7, body: `${MARKER}\nA` });
    gh.state.addComments('acme', 'model', 7, 120);
    gh.state.addComment({ owner: 'acme', repo: 'model', issue_number: 7, body: `${MARKER}\nB` });
    const ws = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.92 }]) });
    expect((await report(ws)).code).toBe(0);
    expect(markerComments().map((c) => c.id)).toEqual([a.id]);
  });

  it('two runs racing on the same PR end with one comment', async () => {
    gh = await startFakeGitHub({ delayMs: 30 });
    gh.state.addComments('acme', 'model', 7, 150);
    const ws = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.92 }]) });
    const [x, y] = await Promise.all([report(ws), report(ws)]);
    expect([x.code, y.code]).toEqual([0, 0]);
    // Both listed before either created: both created, then the race check removed one.
    expect(gh.calls(CREATE).length).toBeGreaterThanOrEqual(1);
    expect(markerComments()).toHaveLength(1);
    expect(gh.state.commentsOn('acme', 'model', 7)).toHaveLength(151);
  });

  it('with a read-only token (fork PR) the step passes, and the summary says how to enable comments', async () => {
    gh = await startFakeGitHub();
    gh.state.readOnly = true;
    const ws = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.92 }]) });
    const r = await runBundledAction('report', {
      apiUrl: gh.url,
      workspace: ws,
      event: pullRequestEvent(7, { headRepo: 'someone/model' }),
      inputs: { comparison: 'comparison.json', 'github-token': 'ghs_readonly' },
      env: { MLCI_GITHUB_THROTTLE: 'off' },
    });
    expect(r.code).toBe(0);
    expect(r.outputs.posted).toBe('false');
    expect(r.stdout).toMatch(/::notice::mlci could not comment on this pull request: the token is read-only.*workflow_run.*docs\/fork-prs\.md/);
    expect(r.summary).toMatch(/^> \[!NOTE\]\n> mlci could not comment/);
    expect(r.summary).toContain('### ✅ mlci: model');
    expect(gh.calls(CREATE).map((c) => c.status)).toEqual([403]);
    expect(markerComments()).toHaveLength(0);
  });

  it('cuts an oversized report at a row boundary with a note; the summary and report.md keep everything', async () => {
    gh = await startFakeGitHub();
    const rows = Array.from({ length: 2500 }, (_, i) => ({ metric: `slice_${i}_accuracy`, baseline: 0.5, current: 0.5 + (i % 7) / 100 }));
    const ws = testdir({ 'comparison.json': comparison(rows) });
    const r = await report(ws);
    expect(r.code).toBe(0);
    expect(r.outputs.truncated).toBe('true');
    const body = markerComments()[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65536);
    expect(body).toMatch(/> \[!NOTE\]\n> This comment shows the first [\d,]+ of [\d,]+ characters: GitHub limits comments to 65,536\. The full report is in the job summary/);
    const lastRow = body.split('\n').filter((l) => l.startsWith('|')).pop()!;
    expect(lastRow).toMatch(/^\| <code>slice_\d+_accuracy<\/code> \|.*\|$/);
    expect(r.summary.length).toBeGreaterThan(65536);
    expect(r.summary).toContain('slice_2499_accuracy');
    expect(readFileSync(join(ws, '.mlci/report/report.md'), 'utf8')).toContain('slice_2499_accuracy');
    expect(r.stdout).toContain('::notice::The report is longer than a PR comment allows');
  });

  it('keeps hostile names inert in the posted comment', async () => {
    gh = await startFakeGitHub();
    const evil = '<img src=x onerror=alert(1)> @acme/admins | `x` ```';
    const ws = testdir({ 'comparison.json': comparison([{ metric: evil, baseline: 0.1, current: 0.2 }]) });
    const r = await report(ws, { inputs: { name: 'model', title: '@octocat <b>hi</b>' } });
    expect(r.code).toBe(0);
    const body = markerComments()[0]!.body;
    expect(body).not.toMatch(/<img|<b>|@acme\/admins|@octocat/);
    const row = body.split('\n').find((l) => l.includes('onerror'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9);
  });

  it.each([
    ['502', { kind: 'status', status: 502 } as const],
    ['503', { kind: 'status', status: 503 } as const],
    ['500', { kind: 'status', status: 500 } as const],
    ['429 with Retry-After', { kind: 'rate-limit', retryAfter: 1 } as const],
    ['403 secondary rate limit', { kind: 'secondary-rate-limit', retryAfter: 1 } as const],
    ['connection reset', { kind: 'reset' } as const],
  ])('recovers from %s on the comment calls', async (_label, fault) => {
    gh = await startFakeGitHub();
    gh.inject({ ...fault, match: LIST });
    gh.inject({ ...fault, match: CREATE });
    const ws = testdir({ 'comparison.json': comparison([{ metric: 'accuracy', baseline: 0.9, current: 0.92 }]) });
    const started = Date.now();
    const r = await report(ws);
    if (r.code !== 0) console.log(r.stdout, r.stderr);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(markerComments()).toHaveLength(1);
    const faulted = gh.requests.filter((q) => q.fault === fault.kind).map((q) => q.route);
    expect(faulted).toEqual([LIST.replace('GET', 'GET'), CREATE]);
    if (fault.kind !== 'status' && fault.kind !== 'reset') {
      // Waited as asked: at least Retry-After seconds for each of the two limited calls.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(r.stdout).toMatch(/::warning::GitHub (primary|secondary) rate limit.* on (GET|POST) .*waiting 1s as asked/);
    }
  });

  it('fails with one line when the comparison file is missing', async () => {
    gh = await startFakeGitHub();
    const ws = testdir({});
    const r = await report(ws);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/::error::with\.comparison: cannot read comparison\.json: ENOENT\. Check the path/);
    expect(gh.requests).toHaveLength(0);
  });
});
