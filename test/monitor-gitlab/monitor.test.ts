import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMonitorState, monitorMarker } from '@mlci/core';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitLab, type FakeGitLab } from '../fake-gitlab/server.js';

/**
 * `mlci monitor` inside GitLab CI against the fake GitLab API: the issue's life (open, update across pages, close with
 * a note), retraining pipelines once per episode, permissions and retries. The drift itself is the core engine's; the
 * data here drifts unmistakably: production x is the reference shifted by 60 (K–S statistic 0.6 by hand: at x = 59 the
 * reference CDF is 0.6 and the production CDF 0), and the category column moves from a/b/c evenly to mostly c.
 */

let fake: FakeGitLab | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const TOKEN = 'glpat-monitor-secret';
const BOT = { id: 9, username: 'project_42_bot' };
const MODEL = 'pen*guins <b>@ops';

function csv(rows: number, x: (i: number) => number, cat: (i: number) => string): string {
  const lines = ['x,@team'];
  for (let i = 0; i < rows; i++) lines.push(`${x(i)},${cat(i)}`);
  return lines.join('\n') + '\n';
}
const REFERENCE = csv(300, (i) => i % 100, (i) => 'abc'[i % 3]!);
const DRIFTED = csv(300, (i) => 60 + (i % 100), (i) => (i % 5 ? 'c' : 'a'));
/** Only x drifts: 1 of 2 columns = share 0.5, which is drift at the default threshold 0.5. */
const X_ONLY = csv(300, (i) => 60 + (i % 100), (i) => 'abc'[i % 3]!);

function project(files: Record<string, string> = {}): string {
  return testdir({ 'ref.csv': REFERENCE, 'drift.csv': DRIFTED, 'xonly.csv': X_ONLY, 'clear.csv': REFERENCE, ...files });
}

function ciEnv(apiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITLAB_CI: 'true',
    CI_API_V4_URL: apiUrl,
    CI_SERVER_URL: apiUrl.replace(/\/api\/v4$/, ''),
    CI_PROJECT_ID: '42',
    CI_PROJECT_URL: 'https://gitlab.example/ml/penguins',
    CI_DEFAULT_BRANCH: 'main',
    CI_JOB_TOKEN: 'job-token-value',
    CI_JOB_URL: 'https://gitlab.example/ml/penguins/-/jobs/77',
    GITLAB_TOKEN: TOKEN,
    MLCI_GITLAB_RETRY_BASE_MS: '1',
    ...extra,
  };
}

async function monitor(cwd: string, data: string, extra: string[] = [], env: Record<string, string> = ciEnv(fake!.apiUrl)) {
  return runCli(['monitor', '--data', data, '--reference', 'ref.csv', '--model', MODEL, ...extra], { cwd, env });
}

function writes(f: FakeGitLab) {
  return f.requests.filter((r) => r.method !== 'GET');
}

describe('mlci monitor on GitLab', () => {
  it('opens one issue on first drift: title, labels, marker and an escaped, mention-safe body', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    const r = await monitor(cwd, 'drift.csv', ['--labels', 'mlci-drift,ml::prod']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const issues = fake.issues('42');
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.title).toBe(`Data drift in production: ${MODEL}`);
    expect(issue.labels).toEqual(['mlci-drift', 'ml::prod']);
    const lines = issue.description.split('\n');
    expect(lines[0]).toBe(monitorMarker(MODEL));
    expect(lines[0]).toBe('<!-- mlci-monitor: pen*guins%20%3Cb%3E%40ops -->');
    expect(decodeMonitorState(issue.description)).toMatchObject({ v: 1, drifted: true, columns: ['@team', 'x'], dispatched: false });
    // The model is escaped in Markdown, the column named @team pings nobody, and the job is linked.
    expect(issue.description).toContain('**pen\\*guins &lt;b&gt;');
    expect(issue.description).not.toMatch(/<b>/);
    expect(issue.description).not.toMatch(/(^|[^&#0-9])@team/m);
    expect(issue.description).toContain('[this run](https://gitlab.example/ml/penguins/-/jobs/77)');
    expect(issue.description).toContain('(set `retrain` to start a retraining pipeline on drift)');
    // One list, one create, one re-list (the race check): nothing else.
    expect(fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /projects/42/issues', 'POST /projects/42/issues', 'GET /projects/42/issues']);
    expect(fake.requests[0]!.query).toMatchObject({ state: 'opened', labels: 'mlci-drift', per_page: '100' });
    expect(r.stdout).toContain(`mlci: issue: #1 opened (${issue.web_url})`);
    // The artifacts: drift.json, drift.md, the issue body and a machine-readable outcome.
    expect(readFileSync(join(cwd, '.mlci/monitor/issue.md'), 'utf8')).toContain(monitorMarker(MODEL));
    expect(JSON.parse(readFileSync(join(cwd, '.mlci/monitor/monitor.json'), 'utf8'))).toMatchObject({ drifted: true, issueAction: 'opened', issueIid: 1, dispatched: false });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(fake.requests.every((q) => q.privateToken === TOKEN)).toBe(true);
  });

  it('updates the same issue on the next drift, found on page 2 of the open issues, without a note', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    // 150 other models' drift issues come first: ours is the 151st, on the second page of 100.
    for (let i = 0; i < 150; i++) fake.addIssue('42', { title: `other ${i}`, description: `${monitorMarker(`other-${i}`)}\nbody`, labels: ['mlci-drift'] });
    expect((await monitor(cwd, 'drift.csv')).code).toBe(0);
    expect(fake.issues('42')).toHaveLength(151);
    const ours = fake.issues('42')[150]!;
    const first = ours.description;
    fake.requests.length = 0;
    const second = await monitor(cwd, 'drift.csv');
    expect(second.code).toBe(0);
    expect(fake.issues('42')).toHaveLength(151);
    const lists = fake.requests.filter((q) => q.method === 'GET');
    expect(lists.map((q) => q.query.page ?? '1')).toEqual(['1', '2']);
    expect(writes(fake).map((q) => `${q.method} ${q.path}`)).toEqual([`PUT /projects/42/issues/${ours.iid}`]);
    expect(fake.issueNotes('42', ours.iid)).toHaveLength(0);
    expect(ours.state).toBe('opened');
    // The episode's start is kept; only the "last checked" line moves.
    expect(decodeMonitorState(ours.description)?.since).toBe(decodeMonitorState(first)?.since);
    expect(second.stdout).toContain(`mlci: Updated issue #${ours.iid}.`);
  });

  it('notes newly drifted columns once, then closes the issue with a "Drift cleared" note when drift clears', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    expect((await monitor(cwd, 'xonly.csv')).code).toBe(0);
    const issue = fake.issues('42')[0]!;
    expect(decodeMonitorState(issue.description)?.columns).toEqual(['x']);
    expect((await monitor(cwd, 'drift.csv')).code).toBe(0);
    expect(fake.issueNotes('42', 1).map((n) => n.body)).toEqual([expect.stringMatching(/^More columns drifted \(\[run\]\(https:\/\/gitlab\.example\/ml\/penguins\/-\/jobs\/77\)\): <code>@&#8203;team<\/code>; now 2 of 2 columns \(100%\)\.$/)]);
    fake.requests.length = 0;
    const cleared = await monitor(cwd, 'clear.csv');
    expect(cleared.code).toBe(0);
    expect(writes(fake).map((q) => `${q.method} ${q.path}`)).toEqual(['POST /projects/42/issues/1/notes', 'PUT /projects/42/issues/1']);
    expect(writes(fake)[1]!.body).toMatchObject({ state_event: 'close' });
    expect(issue.state).toBe('closed');
    expect(fake.issueNotes('42', 1).at(-1)!.body).toMatch(/^Drift cleared .*0 of 2 columns \(0%\) drifted, below the 50% threshold\. Closing this issue/);
    expect(issue.description).toContain('**Drift cleared**');
    expect(cleared.stdout).toContain('mlci: Closed issue #1: drift cleared.');
    // A closed issue is history: the next drift opens a new one.
    expect((await monitor(cwd, 'drift.csv')).code).toBe(0);
    expect(fake.issues('42').map((i) => [i.iid, i.state])).toEqual([
      [1, 'closed'],
      [2, 'opened'],
    ]);
  });

  it('with --keep-open notes the clearing once and keeps the issue open; nothing is written while no drift persists', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    await monitor(cwd, 'drift.csv', ['--keep-open']);
    await monitor(cwd, 'clear.csv', ['--keep-open']);
    expect(fake.issues('42')[0]!.state).toBe('opened');
    expect(fake.issueNotes('42', 1).map((n) => n.body)).toEqual([expect.stringContaining('Left open (close-when-clear is false)')]);
    await monitor(cwd, 'clear.csv', ['--keep-open']);
    expect(fake.issueNotes('42', 1)).toHaveLength(1);
  });

  it('creates the retraining pipeline once per drift episode, after the issue records it', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    const first = await monitor(cwd, 'drift.csv', ['--retrain', 'pipeline']);
    expect(first.code).toBe(0);
    const pipelines = fake.pipelines('42');
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]).toMatchObject({
      ref: 'main',
      source: 'api',
      variables: { MLCI_RETRAIN: 'true', MLCI_RETRAIN_MODEL: MODEL, MLCI_RETRAIN_REASON: `mlci monitor: data drift in production for ${MODEL}: 2 of 2 columns drifted (share 1.000)` },
    });
    // The issue was opened (saying "dispatching") before the pipeline, then records it as sent.
    const order = writes(fake).map((q) => `${q.method} ${q.path}`);
    expect(order).toEqual(['POST /projects/42/issues', 'POST /projects/42/pipeline', 'PUT /projects/42/issues/1']);
    expect((writes(fake)[0]!.body as { description: string }).description).toContain('Retraining: dispatching a pipeline on main');
    const issue = fake.issues('42')[0]!;
    expect(decodeMonitorState(issue.description)?.dispatched).toBe(true);
    // `#` escaped: GitLab would link "#1001" to an issue.
    expect(issue.description).toContain(`Retraining: dispatched pipeline \\#${pipelines[0]!.id} on main`);
    expect(first.stdout).toContain(`mlci: retraining: dispatched pipeline #${pipelines[0]!.id} on main\n`);
    expect(first.stdout).toContain(`Started the retraining pipeline #${pipelines[0]!.id} on main: ${pipelines[0]!.web_url}`);
    expect(JSON.parse(readFileSync(join(cwd, '.mlci/monitor/monitor.json'), 'utf8'))).toMatchObject({ dispatched: true, pipelineUrl: pipelines[0]!.web_url });
    // Same episode: no second pipeline.
    await monitor(cwd, 'drift.csv', ['--retrain', 'pipeline']);
    expect(fake.pipelines('42')).toHaveLength(1);
    expect(fake.issues('42')[0]!.description).toContain('the retraining pipeline was already dispatched for this drift episode');
    // Clear, then a new episode: one more.
    await monitor(cwd, 'clear.csv', ['--retrain', 'pipeline']);
    expect(fake.pipelines('42')).toHaveLength(1);
    await monitor(cwd, 'drift.csv', ['--retrain', 'pipeline', '--retrain-ref', 'release/1.x']);
    expect(fake.pipelines('42').map((p) => p.ref)).toEqual(['main', 'release/1.x']);
  });

  it('uses a pipeline trigger token from MLCI_RETRAIN_TRIGGER_TOKEN and never prints it', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    fake.triggerTokens.add('glptt-trigger-secret');
    const cwd = project();
    const r = await monitor(cwd, 'drift.csv', ['--retrain', 'trigger'], ciEnv(fake.apiUrl, { MLCI_RETRAIN_TRIGGER_TOKEN: 'glptt-trigger-secret' }));
    expect(r.code).toBe(0);
    expect(fake.pipelines('42')).toMatchObject([{ source: 'trigger', ref: 'main', variables: { MLCI_RETRAIN: 'true', MLCI_RETRAIN_MODEL: MODEL } }]);
    expect(r.stdout + r.stderr + readFileSync(join(cwd, '.mlci/monitor/issue.md'), 'utf8') + fake.issues('42')[0]!.description).not.toMatch(/glptt|glpat/);
  });

  it('a refused trigger fails the job after the issue is written, in one line, and the next check retries it', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    const env = ciEnv(fake.apiUrl, { MLCI_RETRAIN_TRIGGER_TOKEN: 'glptt-wrong' });
    const r = await monitor(cwd, 'drift.csv', ['--retrain', 'trigger'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlci: error: --retrain: starting the retraining pipeline failed: GitLab API POST \/api\/v4\/projects\/42\/trigger\/pipeline answered 404.*\. Check the pipeline trigger token .*MLCI_RETRAIN_TRIGGER_TOKEN\n$/);
    expect(r.stderr).not.toContain('glptt-wrong');
    const issue = fake.issues('42')[0]!;
    expect(decodeMonitorState(issue.description)?.dispatched).toBe(false);
    expect(issue.description).toContain('Retraining: dispatching a pipeline trigger on main failed');
    fake.triggerTokens.add('glptt-wrong');
    expect((await monitor(cwd, 'drift.csv', ['--retrain', 'trigger'], env)).code).toBe(0);
    expect(fake.pipelines('42')).toHaveLength(1);
    expect(fake.issues('42')).toHaveLength(1);
  });

  it('a token that may write issues but not create pipelines: the issue says so, a notice, exit 0, and the next check tries again', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    fake.faults.push({ method: 'POST', path: /\/pipeline$/, status: 403 });
    const r = await monitor(cwd, 'drift.csv', ['--retrain', 'pipeline']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^mlci: notice: Retraining was not started: the token may not create pipelines \(.*answered 403.*\)\. Give the access token the Developer role/);
    const issue = fake.issues('42')[0]!;
    expect(issue.description).toContain('Retraining: dispatching a pipeline on main failed: the token may not create pipelines');
    expect(decodeMonitorState(issue.description)?.dispatched).toBe(false);
    expect((await monitor(cwd, 'drift.csv', ['--retrain', 'pipeline'])).code).toBe(0);
    expect(fake.pipelines('42')).toHaveLength(1);
    expect(decodeMonitorState(issue.description)?.dispatched).toBe(true);
  });

  it('a token that may not write issues: drift reported with a notice, exit 0, and no pipeline (it could not be remembered)', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    fake.readOnlyTokens.add(TOKEN);
    const cwd = project();
    const r = await monitor(cwd, 'drift.csv', ['--retrain', 'pipeline']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/mlci: notice: The drift issue was not opened: GitLab refused \(403\)\. Use a project access token with scope api/);
    expect(r.stderr).toContain('mlci: notice: Retraining was not started: without an issue to record it');
    expect(fake.pipelines('42')).toHaveLength(0);
    expect(readFileSync(join(cwd, '.mlci/monitor/issue.md'), 'utf8')).toContain(monitorMarker(MODEL));
  });

  it('a token GitLab does not accept: drift reported with a notice naming the fix, exit 0, the token never printed', async () => {
    fake = await startFakeGitLab();
    const cwd = project();
    const r = await monitor(cwd, 'drift.csv', ['--retrain', 'pipeline']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^mlci: notice: The drift issue was not checked: GitLab refused to list issues \(401\)\. The token is invalid or expired: create a project access token .*GITLAB_TOKEN\. The drift report is in \.mlci\/monitor\/drift\.md/);
    expect(r.stdout).toMatch(/^dataset drift: 2 of 2 columns drifted/m);
    expect(r.stdout).toContain('mlci: retraining: dispatching the retraining pipeline failed: not attempted, since the issue that remembers it could not be read\n');
    expect(fake.requests.map((q) => `${q.method} ${q.path} ${q.status}`)).toEqual(['GET /projects/42/issues 401']);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('retries 429 (honouring Retry-After) and 5xx, and a duplicate open issue is warned about, the oldest updated', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    const cwd = project();
    fake.faults.push({ method: 'GET', path: /\/issues$/, status: 503, times: 2 });
    fake.faults.push({ method: 'POST', path: /\/issues$/, status: 429, retryAfter: '0' });
    const r = await monitor(cwd, 'drift.csv');
    expect(r.code).toBe(0);
    expect(r.stderr.match(/answered 503; retry/g)).toHaveLength(2);
    expect(r.stderr).toMatch(/POST \/api\/v4\/projects\/42\/issues answered 429; retry 1 in 0s/);
    expect(fake.issues('42')).toHaveLength(1);
    // Someone copies the issue body into a second issue: the oldest is updated and the other named.
    fake.addIssue('42', { title: 'copy', description: fake.issues('42')[0]!.description, labels: ['mlci-drift'] });
    const again = await monitor(cwd, 'drift.csv');
    expect(again.stderr).toBe(`mlci: warning: More than one open drift issue for ${MODEL} (#1, #2): updating #1; close the others\n`);
    expect(writes(fake).at(-1)!.path).toBe('/projects/42/issues/1');
  });

  it('two overlapping checks settle on one issue and one retraining pipeline: the later issue is closed as a duplicate', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    // Check A's create is held until check B has listed (no issue yet) and created its own: B's issue is the older.
    fake.delays.push({ method: 'POST', path: /\/issues$/, ms: 300 });
    const [a, b] = await Promise.all([monitor(project(), 'drift.csv', ['--retrain', 'pipeline']), monitor(project(), 'drift.csv', ['--retrain', 'pipeline'])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(fake.issues('42').map((i) => [i.iid, i.state])).toEqual([
      [1, 'opened'],
      [2, 'closed'],
    ]);
    expect(fake.issueNotes('42', 2).map((n) => n.body)).toEqual(['Duplicate of #1, opened by another check at the same time.']);
    expect(fake.pipelines('42')).toHaveLength(1);
    expect(decodeMonitorState(fake.issues('42')[0]!.description)?.dispatched).toBe(true);
    expect(a.stdout + b.stdout).toContain('Another check opened #1 at the same time: closed #2 as its duplicate.');
  });

  it('GitLab failing past the retries is one line and exit 2', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, BOT);
    fake.faults.push({ path: /\/issues/, status: 502, times: 100 });
    const r = await monitor(project(), 'drift.csv');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => !/retry \d in/.test(l) && l !== '')).toEqual([
      expect.stringMatching(/^mlci: .*GitLab API GET \/api\/v4\/projects\/42\/issues answered 502.*\. GitLab failed: retry the job/),
    ]);
  });

  it('in CI without GITLAB_TOKEN (CI_JOB_TOKEN cannot write issues) prints the decision and body, writes the artifacts and calls nothing', async () => {
    fake = await startFakeGitLab();
    const cwd = project();
    const env = ciEnv(fake.apiUrl);
    delete env.GITLAB_TOKEN;
    // --fail-on-drift still fails the job on drift.
    expect((await monitor(cwd, 'drift.csv', ['--out', 'mlci/monitor', '--fail-on-drift'], env)).code).toBe(1);
    const r2 = await runCli(['monitor', '--data', 'drift.csv', '--reference', 'ref.csv', '--model', MODEL, '--out', 'mlci/monitor'], { cwd, env });
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain(`mlci: decision: open an issue "Data drift in production: ${MODEL}"`);
    expect(r2.stdout).toContain(monitorMarker(MODEL));
    expect(r2.stderr).toMatch(/^mlci: notice: no GITLAB_TOKEN: CI_JOB_TOKEN cannot write issues\..*masked CI\/CD variable named GITLAB_TOKEN\. The drift report is in mlci\/monitor\/drift\.md and the issue body in mlci\/monitor\/issue\.md\n$/);
    expect(readFileSync(join(cwd, 'mlci/monitor/issue.md'), 'utf8')).toMatch(/^# Data drift in production: /);
    expect(fake.requests).toHaveLength(0);
  });
});
