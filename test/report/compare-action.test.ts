import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { testdir } from '../helpers/tmp.js';
import { pullRequestEvent, runBundledAction } from './run-action.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

// 40 rows of one class. Baseline right on rows 0..29; current right on rows 0..27 and 30..39:
// baseline-only right = 2 (rows 28, 29), current-only right = 10 (rows 30..39).
const yTrue = Array.from({ length: 40 }, () => 'cat');
const outcomes = (right: (i: number) => boolean) => 'id,y_true,y_pred\n' + yTrue.map((y, i) => `r${i},${y},${right(i) ? 'cat' : 'dog'}`).join('\n') + '\n';
const baselineFiles = {
  'metrics.json': JSON.stringify({ accuracy: 0.75, log_loss: 0.5, outcomes: 'outcomes.csv' }),
  'outcomes.csv': outcomes((i) => i < 30),
};

function seed(state: FakeGitHub['state']) {
  const good = state.addRun({ owner: 'acme', repo: 'model', head_sha: '1'.repeat(40) });
  state.addArtifact({ owner: 'acme', repo: 'model', run_id: good.id, name: 'mlci-metrics', files: baselineFiles });
  state.addRun({ owner: 'acme', repo: 'model', conclusion: 'failure', head_sha: '2'.repeat(40) });
  // A fork's branch called main: same workflow, "success", but never a baseline.
  const fork = state.addRun({ owner: 'acme', repo: 'model', head_repository: 'mallory/model', head_sha: '3'.repeat(40) });
  state.addArtifact({ owner: 'acme', repo: 'model', run_id: fork.id, name: 'mlci-metrics', files: { 'metrics.json': '{"accuracy": 0.01}' } });
  state.addRun({ owner: 'acme', repo: 'model', event: 'pull_request', head_branch: 'feature', head_sha: '4'.repeat(40) });
  return good;
}

function workspace(extra: Record<string, string> = {}): string {
  return testdir({
    'out/metrics.json': JSON.stringify({ accuracy: 0.95, log_loss: 0.45, outcomes: 'outcomes.csv' }),
    'out/outcomes.csv': outcomes((i) => i < 28 || i >= 30),
    ...extra,
  });
}

async function compare(ws: string, env: Record<string, string> = {}, inputs: Record<string, string> = {}) {
  return runBundledAction('compare', {
    apiUrl: gh!.url,
    workspace: ws,
    event: pullRequestEvent(7),
    inputs: { current: 'out/metrics.json', 'github-token': 'ghs_t', ...inputs },
    env: { MLCI_GITHUB_THROTTLE: 'off', ...env },
  });
}

describe('actions/compare (bundled, against the fake GitHub API)', () => {
  it('takes the baseline from the last successful push run on main of this repository, downloaded with @actions/artifact', async () => {
    gh = await startFakeGitHub();
    const good = seed(gh.state);
    const ws = workspace({ 'mlci.yml': 'metrics:\n  accuracy: { min: 0.9 }\n' });
    const r = await compare(ws);
    expect(r.stdout).not.toContain('::error::');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ passed: 'true', 'baseline-found': 'true', 'baseline-source': 'workflow-run', 'baseline-run-id': String(good.id), 'baseline-commit': '1'.repeat(40), improved: '2', regressed: '0' });
    const c = JSON.parse(readFileSync(join(ws, r.outputs.comparison!), 'utf8'));
    const acc = c.rows.find((x: { metric: string }) => x.metric === 'accuracy');
    expect(acc).toMatchObject({ baseline: 0.75, current: 0.95, status: 'improved', rule: 'accuracy' });
    // McNemar on the paired rows: discordant 2 vs 10; scipy.stats.binomtest(2, 12, 0.5).pvalue = 0.03857421875
    expect(acc.significance).toMatchObject({ method: 'mcnemar', discordant: { baseline_only: 2, current_only: 10 } });
    expect(acc.significance.p_value).toBeCloseTo(0.03857421875, 12);
    expect(acc.significant).toBe(true);
    // The run list was asked for exactly that: same workflow file, main, push, success.
    const list = gh.calls('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs')[0]!;
    expect(list.path).toMatch(/^\/repos\/acme\/model\/actions\/workflows\/ci\.yml\/runs\?/);
    expect(list.query).toMatchObject({ branch: 'main', event: 'push', status: 'success' });
    expect(gh.calls('GET /_blob/artifacts/{file}')).toHaveLength(1);
  });

  it('downloads the artifact zip itself on GitHub Enterprise Server, where @actions/artifact refuses', async () => {
    gh = await startFakeGitHub();
    const good = seed(gh.state);
    const r = await compare(workspace(), { GITHUB_SERVER_URL: 'https://ghes.example.com' });
    expect(r.code).toBe(0);
    expect(r.outputs['baseline-run-id']).toBe(String(good.id));
    expect(gh.calls('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}')).toHaveLength(1);
  });

  it('falls back to the newest artifact of that name on main when the workflow has no usable run', async () => {
    gh = await startFakeGitHub();
    const other = gh.state.addRun({ owner: 'acme', repo: 'model', workflow_file: 'nightly.yml', workflow_id: 99, head_sha: '5'.repeat(40) });
    gh.state.addArtifact({ owner: 'acme', repo: 'model', run_id: other.id, name: 'mlci-metrics', files: baselineFiles });
    const r = await compare(workspace());
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'baseline-source': 'artifact', 'baseline-run-id': String(other.id), 'baseline-commit': '5'.repeat(40) });
  });

  it('with no baseline the step passes and says "no baseline yet"', async () => {
    gh = await startFakeGitHub();
    const ws = workspace();
    const r = await compare(ws);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ passed: 'true', 'baseline-found': 'false', 'baseline-source': 'none' });
    expect(r.stdout).toContain('No baseline yet: no successful push run of ci.yml on main; no unexpired artifact');
    // And the report built from it says so.
    const rep = await runBundledAction('report', { apiUrl: gh.url, workspace: ws, event: pullRequestEvent(7), inputs: { comparison: r.outputs.comparison!, 'github-token': 'ghs_t' }, env: { MLCI_GITHUB_THROTTLE: 'off' } });
    expect(rep.code).toBe(0);
    expect(rep.outputs.status).toBe('no-baseline');
    expect(gh.state.commentsOn('acme', 'model', 7)[0]!.body).toContain('**No baseline yet**');
  });

  it('fails (exit 1) on a broken rule, or when a baseline is required and missing', async () => {
    gh = await startFakeGitHub();
    seed(gh.state);
    const strict = await compare(workspace({ 'mlci.yml': 'metrics:\n  log_loss: { max: 0.4 }\n' }));
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('::error title=mlci compare%3A rule broken::log_loss = 0.45 is above the maximum 0.4');
    await gh.close();
    gh = await startFakeGitHub();
    const none = await compare(workspace({ 'mlci.yml': 'compare:\n  require_baseline: true\n' }));
    expect(none.code).toBe(1);
    expect(none.outputs.passed).toBe('false');
  });

  it('survives a 502 and a secondary rate limit while finding the baseline', async () => {
    gh = await startFakeGitHub();
    const good = seed(gh.state);
    gh.inject({ kind: 'status', status: 502, match: '/actions/workflows/' });
    gh.inject({ kind: 'secondary-rate-limit', retryAfter: 1, match: '/actions/runs/{run_id}/artifacts' });
    const r = await compare(workspace());
    expect(r.code).toBe(0);
    expect(r.outputs['baseline-run-id']).toBe(String(good.id));
    expect(gh.requests.filter((q) => q.fault).map((q) => q.fault)).toEqual(['status', 'secondary-rate-limit']);
  });
});
