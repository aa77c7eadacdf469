import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { addDispatchableWorkflow, dispatchesBucket } from '../fake-github/routes/dispatch.js';
import { addIssue, issuesBucket } from '../fake-github/routes/issues.js';
import { runBundledAction } from '../helpers/action.js';
import { testdir } from '../helpers/tmp.js';
import { csv } from './data.js';


/**
 * actions/monitor as the runner runs it (node actions/monitor/dist/index.js, INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files) against the fake GitHub API, which checks every request against GitHub's REST
 * description. The production data is swapped between runs to drive one model's issue through its life.
 */

const MODEL = 'penguins-classifier';
const MARKER = `<!-- mlci-monitor: ${MODEL} -->`;

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

function workspace(): string {
  return testdir({
    'reference/train.csv': csv(2000, 1),
    'prod/latest.csv': csv(3000, 2, 0.5),
  });
}

function setProduction(ws: string, drifted: boolean, seed: number): void {
  writeFileSync(join(ws, 'prod/latest.csv'), csv(3000, seed, drifted ? 0.5 : 0));
}

function env(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_API_URL: url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '9001',
    GITHUB_EVENT_NAME: 'schedule',
    MLCI_GITHUB_THROTTLE: 'off',
    ...extra,
  };
}

const inputs = (extra: Record<string, string> = {}) => ({
  data: 'prod/latest.csv',
  reference: 'reference/train.csv',
  model: MODEL,
  token: 'ghs_monitor_secret',
  'sample-rows': '',
  'sample-seed': '0',
  labels: 'mlci-drift\nmodel-monitoring',
  'retrain-workflow': 'retrain.yml',
  'retrain-ref': '',
  'close-when-clear': 'true',
  'fail-on-drift': 'false',
  ...extra,
});

function monitorIssues(g: FakeGitHub) {
  // Ours: an issue (not the seeded PR) whose first line is the marker (not the docs issue quoting it).
  return issuesBucket(g).filter((i) => !i.pull_request && (i.body ?? '').split('\n')[0] === MARKER);
}

function seedUnrelated(g: FakeGitHub, count: number): void {
  // Other models' drift issues under the same label, and pull requests, ahead of ours in the list.
  for (let i = 0; i < count; i++) {
    addIssue(g, { owner: 'acme', repo: 'models', title: `Data drift in production: model-${i}`, body: `<!-- mlci-monitor: model-${i} -->\nother`, labels: ['mlci-drift'] });
  }
  addIssue(g, { owner: 'acme', repo: 'models', title: 'A PR quoting the marker', body: `${MARKER}\n`, labels: ['mlci-drift'], pull_request: true });
  // The marker quoted inside a line (not a line of its own) is not our issue.
  addIssue(g, { owner: 'acme', repo: 'models', title: 'Docs', body: `see \`${MARKER}\``, labels: ['mlci-drift'] });
}

describe('actions/monitor (bundled) against the fake GitHub API', () => {
  it('opens one issue on drift, updates it while drift lasts (past page 1 of issues), closes it when drift clears, opens a new one when it returns', async () => {
    gh = await startFakeGitHub();
    addDispatchableWorkflow(gh, { owner: 'acme', repo: 'models', file: 'retrain.yml', inputs: ['reason', 'model'] });
    seedUnrelated(gh, 120);
    const ws = workspace();

    // 1. First drift: an issue is opened with the labels, escaped names, and retraining is dispatched once.
    const first = await runBundledAction('monitor', inputs(), env(gh.url), ws);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ drifted: 'true', 'issue-action': 'opened', dispatched: 'true', 'drift-json': 'mlci-monitor/drift.json' });
    expect(Number(first.outputs.share)).toBe(1);
    const [issue] = monitorIssues(gh);
    expect(monitorIssues(gh)).toHaveLength(1);
    expect(first.outputs['issue-number']).toBe(String(issue!.number));
    expect(first.outputs['issue-url']).toBe(`${gh.url}/acme/models/issues/${issue!.number}`);
    expect(issue).toMatchObject({ title: `Data drift in production: ${MODEL}`, labels: ['mlci-drift', 'model-monitoring'], state: 'open' });
    const body = issue!.body!;
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(body).toContain('[this run](https://github.example/acme/models/actions/runs/9001)');
    expect(body).toContain('Retraining: dispatched retrain.yml on main');
    // The column name is shown, escaped: no raw HTML, no pipe that splits the table, no mention that pings.
    expect(body).not.toContain('<b>');
    expect(body).not.toContain('@octocat');
    expect(body).toContain('&lt;b&gt;');
    expect(body).toContain('\\|x');
    // NASTY_COLUMN escaped by hand: @ neutralised (entity or zero-width space), entities for <>, backslash before |.
    expect(body).toMatch(/\| (&#64;|@&#8203;)octocat &lt;b&gt;\\\|x \| Wasserstein \(norm\.\) \|/);
    expect(gh.calls('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(0);
    expect(dispatchesBucket(gh)).toHaveLength(1);
    const dispatch = dispatchesBucket(gh)[0]!;
    expect(dispatch).toMatchObject({ workflow: 'retrain.yml', ref: 'main', inputs: { model: MODEL } });
    expect(String(dispatch.inputs.reason)).toMatch(/^mlci monitor: data drift in production for penguins-classifier: 3 of 3 columns drifted/);
    expect(first.summary).toContain(`## mlci monitor: ${MODEL}`);
    expect(first.summary).toContain(`- Issue: [#${issue!.number}](${first.outputs['issue-url']}) opened`);
    expect(first.summary).toContain('- Retraining: dispatched retrain.yml on main');
    expect(first.summary).toContain('| Column | Test |');
    // The token reaches GitHub and nothing else.
    expect(gh.calls('POST /repos/{owner}/{repo}/issues')[0]!.headers.authorization).toBe('token ghs_monitor_secret');
    expect(first.stdout.replace('::add-mask::ghs_monitor_secret', '')).not.toContain('ghs_monitor_secret');

    // 2. Still drifting: the same issue's body is rewritten; no new issue, no comment, no second dispatch.
    // The issue is on page 2 of the open mlci-drift issues (122 older ones come first).
    setProduction(ws, true, 3);
    const listBefore = gh.calls('GET /repos/{owner}/{repo}/issues').length;
    const second = await runBundledAction('monitor', inputs(), env(gh.url, { GITHUB_RUN_ID: '9002' }), ws);
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ drifted: 'true', 'issue-action': 'updated', 'issue-number': String(issue!.number), dispatched: 'false' });
    const pages = gh.calls('GET /repos/{owner}/{repo}/issues').slice(listBefore);
    expect(pages.map((p) => p.query.page ?? '1')).toEqual(['1', '2']);
    expect(pages[0]!.query).toMatchObject({ state: 'open', labels: 'mlci-drift', per_page: '100' });
    expect(monitorIssues(gh)).toHaveLength(1);
    expect(monitorIssues(gh)[0]!.body).toContain('actions/runs/9002');
    expect(monitorIssues(gh)[0]!.body).toContain('retrain.yml was already dispatched for this drift episode');
    expect(gh.state.commentsOn('acme', 'models', issue!.number)).toHaveLength(0);
    expect(dispatchesBucket(gh)).toHaveLength(1);

    // 3. Drift clears: a "drift cleared" comment, then the issue is closed as completed.
    setProduction(ws, false, 4);
    const cleared = await runBundledAction('monitor', inputs(), env(gh.url, { GITHUB_RUN_ID: '9003' }), ws);
    expect(cleared.code).toBe(0);
    expect(cleared.outputs).toMatchObject({ drifted: 'false', 'issue-action': 'closed', 'issue-number': String(issue!.number), dispatched: 'false' });
    expect(monitorIssues(gh)[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(monitorIssues(gh)[0]!.body).toContain('**Drift cleared**');
    const comments = gh.state.commentsOn('acme', 'models', issue!.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(/^Drift cleared \(\[run\]\(https:\/\/github\.example\/acme\/models\/actions\/runs\/9003\)\): 0 of 3 columns/);
    expect(dispatchesBucket(gh)).toHaveLength(1);

    // 4. No drift and no open issue: nothing is written.
    const writesBefore = gh.requests.filter((r) => r.method !== 'GET').length;
    const quiet = await runBundledAction('monitor', inputs(), env(gh.url), ws);
    expect(quiet.outputs).toMatchObject({ drifted: 'false', 'issue-action': 'none', 'issue-number': '', dispatched: 'false' });
    expect(gh.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);

    // 5. Drift returns: a new episode gets a new issue (the closed one stays history) and a new dispatch.
    setProduction(ws, true, 5);
    const again = await runBundledAction('monitor', inputs(), env(gh.url), ws);
    expect(again.outputs).toMatchObject({ 'issue-action': 'opened', dispatched: 'true' });
    expect(Number(again.outputs['issue-number'])).toBeGreaterThan(issue!.number);
    expect(monitorIssues(gh).map((i) => i.state)).toEqual(['closed', 'open']);
    expect(dispatchesBucket(gh)).toHaveLength(2);
  });

  it('with close-when-clear false keeps the issue open, and comments when drift is back (dispatching again)', async () => {
    gh = await startFakeGitHub();
    addDispatchableWorkflow(gh, { owner: 'acme', repo: 'models', file: 'retrain.yml', inputs: ['reason', 'model'] });
    const ws = workspace();
    const opts = inputs({ 'close-when-clear': 'false' });
    const opened = await runBundledAction('monitor', opts, env(gh.url), ws);
    const n = Number(opened.outputs['issue-number']);
    setProduction(ws, false, 4);
    const cleared = await runBundledAction('monitor', opts, env(gh.url), ws);
    expect(cleared.outputs).toMatchObject({ 'issue-action': 'updated', drifted: 'false' });
    expect(monitorIssues(gh)[0]!.state).toBe('open');
    setProduction(ws, false, 6);
    await runBundledAction('monitor', opts, env(gh.url), ws);
    setProduction(ws, true, 7);
    const back = await runBundledAction('monitor', opts, env(gh.url), ws);
    expect(back.outputs).toMatchObject({ 'issue-action': 'updated', 'issue-number': String(n), dispatched: 'true' });
    const bodies = gh.state.commentsOn('acme', 'models', n).map((c) => c.body);
    // One comment per event: cleared (once, though two clear checks ran), then drift back with the dispatch.
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toContain('Left open (close-when-clear is false)');
    expect(bodies[1]).toMatch(/^Drift is back .*3 of 3 columns .* Retraining: dispatching retrain\.yml\.$/);
    expect(monitorIssues(gh)[0]!.body).toContain('Retraining: dispatched retrain.yml on main');
    expect(dispatchesBucket(gh)).toHaveLength(2);
  });

  it('two overlapping checks settle on one issue and one dispatch (the later issue is closed as a duplicate)', async () => {
    // A slow API widens the window between "no issue yet" and "created" so both checks are likely to open one.
    gh = await startFakeGitHub({ delayMs: 400 });
    addDispatchableWorkflow(gh, { owner: 'acme', repo: 'models', file: 'retrain.yml', inputs: ['reason', 'model'] });
    const ws = workspace();
    const [a, b] = await Promise.all([runBundledAction('monitor', inputs(), env(gh.url), ws), runBundledAction('monitor', inputs(), env(gh.url), ws)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const all = monitorIssues(gh);
    const open = all.filter((i) => i.state === 'open');
    expect(open).toHaveLength(1);
    // Whatever the interleaving: the oldest issue is kept, any other one is closed as its duplicate.
    expect(open[0]!.number).toBe(Math.min(...all.map((i) => i.number)));
    for (const dup of all.filter((i) => i.state === 'closed')) {
      expect(dup.state_reason).toBe('duplicate');
      expect(gh.state.commentsOn('acme', 'models', dup.number)[0]!.body).toBe(`Duplicate of #${open[0]!.number}, opened by another check at the same time.`);
    }
    expect([a.outputs['issue-number'], b.outputs['issue-number']]).toEqual([String(open[0]!.number), String(open[0]!.number)]);
    expect(dispatchesBucket(gh)).toHaveLength(1);
    expect([a.outputs.dispatched, b.outputs.dispatched].sort()).toEqual(['false', 'true']);
  });

  it('with a read-only token: drift in outputs and summary, a notice saying which permission to add, exit 0', async () => {
    gh = await startFakeGitHub();
    addDispatchableWorkflow(gh, { owner: 'acme', repo: 'models', file: 'retrain.yml', inputs: ['reason', 'model'] });
    gh.state.readOnly = true;
    const r = await runBundledAction('monitor', inputs(), env(gh.url), workspace());
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ drifted: 'true', 'issue-action': 'none', 'issue-number': '', dispatched: 'false' });
    expect(r.stdout).toContain("::notice::The drift issue was not opened: the token may not write issues (HTTP 403: Resource not accessible by integration). Give the job 'permissions: issues: write'.");
    // Without an issue to remember it, a dispatch would repeat on every check: none is attempted.
    expect(r.stdout).toContain('::notice::Retraining was not dispatched: without an issue to record it, every check would dispatch retrain.yml again.');
    expect(gh.calls('dispatches')).toHaveLength(0);
    expect(r.summary).toContain('> [!NOTE]');
    expect(r.summary).toContain('**Dataset drift detected**');
    expect(issuesBucket(gh)).toHaveLength(0);
  });

  it('retries 5xx and waits out a 429 with Retry-After', async () => {
    gh = await startFakeGitHub();
    addDispatchableWorkflow(gh, { owner: 'acme', repo: 'models', file: 'retrain.yml', inputs: ['reason', 'model'] });
    gh.inject({ kind: 'status', status: 502, match: 'GET /repos/{owner}/{repo}/issues' });
    gh.inject({ kind: 'rate-limit', retryAfter: 1, match: 'POST /repos/{owner}/{repo}/issues' });
    gh.inject({ kind: 'status', status: 503, match: 'dispatches' });
    const started = Date.now();
    const r = await runBundledAction('monitor', inputs(), env(gh.url), workspace());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'issue-action': 'opened', dispatched: 'true' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    // 502 retried, then the list again after creating (the duplicate check).
    expect(gh.calls('GET /repos/{owner}/{repo}/issues').map((c) => c.status)).toEqual([502, 200, 200]);
    expect(gh.calls('POST /repos/{owner}/{repo}/issues').map((c) => c.status)).toEqual([429, 201]);
    expect(gh.calls('dispatches').map((c) => c.status)).toEqual([503, 204]);
    expect(monitorIssues(gh)).toHaveLength(1);
    expect(dispatchesBucket(gh)).toHaveLength(1);
  });

  it('a dispatch GitHub refuses (undeclared inputs) fails the step in one line after the issue records it; the next run retries', async () => {
    gh = await startFakeGitHub();
    const wf = addDispatchableWorkflow(gh, { owner: 'acme', repo: 'models', file: 'retrain.yml', inputs: ['reason'] });
    const ws = workspace();
    const r = await runBundledAction('monitor', inputs(), env(gh.url), ws);
    expect(r.code).toBe(2);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toEqual([
      `::error::with.retrain-workflow: dispatching retrain.yml failed: HTTP 422: Unexpected inputs provided: ["model"]. Declare the inputs 'reason' and 'model' under 'on: workflow_dispatch: inputs:' in retrain.yml, and check with.retrain-ref`,
    ]);
    expect(r.outputs).toMatchObject({ drifted: 'true', 'issue-action': 'opened', dispatched: 'false' });
    expect(monitorIssues(gh)[0]!.body).toContain('Retraining: dispatching retrain.yml failed: HTTP 422');
    // Fixed workflow: the next check (same episode) dispatches, since the first did not go through.
    wf.inputs.push('model');
    const next = await runBundledAction('monitor', inputs(), env(gh.url), ws);
    expect(next.code).toBe(0);
    expect(next.outputs).toMatchObject({ 'issue-action': 'updated', dispatched: 'true' });
    expect(dispatchesBucket(gh)).toHaveLength(1);
    // And not a third time.
    const third = await runBundledAction('monitor', inputs(), env(gh.url), ws);
    expect(third.outputs.dispatched).toBe('false');
    expect(dispatchesBucket(gh)).toHaveLength(1);
  });

  it('fail-on-drift exits 1 after doing its work; a profile.json reference and a sampled production side work too', async () => {
    gh = await startFakeGitHub();
    const ws = workspace();
    // A training profile as `mlci profile` writes it.
    const { profileFiles } = await import('@mlci/core');
    const { profile } = await profileFiles([join(ws, 'reference/train.csv')]);
    writeFileSync(join(ws, 'reference/profile.json'), JSON.stringify(profile));
    const r = await runBundledAction('monitor', inputs({ reference: 'reference/profile.json', 'retrain-workflow': '', 'sample-rows': '500', 'fail-on-drift': 'true' }), env(gh.url), ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::mlci monitor: data drift in production for penguins-classifier: 3 of 3 columns drifted (fail-on-drift is true)');
    expect(r.outputs).toMatchObject({ drifted: 'true', 'issue-action': 'opened', dispatched: 'false' });
    const body = monitorIssues(gh)[0]!.body!;
    expect(body).toContain('500 of 3,000 rows \\(seeded reservoir sample, seed 0\\)');
    expect(body).toContain('reference/profile.json \\(training profile\\)');
    expect(body).toContain('not configured');
    expect(gh.calls('dispatches')).toHaveLength(0);
  });

  it("honours mlci.yml's drift: section, and a bad one fails in one line naming the file", async () => {
    gh = await startFakeGitHub();
    const ws = workspace();
    writeFileSync(join(ws, 'mlci.yml'), 'drift:\n  ignore: [amount, channel]\n');
    const r = await runBundledAction('monitor', inputs({ 'retrain-workflow': '' }), env(gh.url), ws);
    expect(r.code).toBe(0);
    const drift = JSON.parse(readFileSync(join(ws, 'mlci-monitor/drift.json'), 'utf8'));
    expect(Object.keys(drift.columns)).toEqual(['@octocat <b>|x']);
    expect(monitorIssues(gh)[0]!.body).toContain('1 of 1 columns drifted');
    writeFileSync(join(ws, 'mlci.yml'), 'drift:\n  share: 2\n');
    const bad = await runBundledAction('monitor', inputs(), env(gh.url), ws);
    expect(bad.code).toBe(2);
    const errors = bad.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error::mlci\.yml:2: drift\.share: must be ≤ 1\. /);
  });

  it('without a token: drift in outputs and summary, a notice, no API call', async () => {
    gh = await startFakeGitHub();
    const r = await runBundledAction('monitor', inputs({ token: '' }), env(gh.url), workspace());
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ drifted: 'true', 'issue-action': 'none', dispatched: 'false' });
    expect(r.stdout).toContain("::notice::No token: the drift issue was not opened or updated. Pass token: ${{ github.token }} with 'permissions: issues: write'.");
    expect(r.summary).toContain('- Issue: not written (see the note above)');
    expect(gh.requests).toHaveLength(0);
  });

  it('bad inputs fail in one line naming the input', async () => {
    gh = await startFakeGitHub();
    const ws = workspace();
    const cases: Array<[Record<string, string>, string]> = [
      [{ model: '' }, "::error::with.model: input 'model' is required. Set it to the model name used in the issue title, e.g. penguins-classifier"],
      [{ data: 'prod/missing.csv' }, '::error::with.data: data file not found: prod/missing.csv. Check the path (it is relative to the working directory)'],
      [{ 'sample-rows': '10.5' }, "::error::with.sample-rows: input 'sample-rows' is '10.5', not a positive whole number. Use a row count such as 50000, or leave it empty to profile every row"],
      [{ 'close-when-clear': 'maybe' }, "::error::with.close-when-clear: input 'close-when-clear' is 'maybe', not a boolean. Use true or false"],
    ];
    for (const [extra, line] of cases) {
      const r = await runBundledAction('monitor', inputs(extra), env(gh.url), ws);
      expect(r.code).toBe(2);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([line]);
    }
    expect(gh.requests).toHaveLength(0);
  });
});
