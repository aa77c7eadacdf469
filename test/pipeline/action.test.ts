/**
 * The root action (action.yml → actions/pipeline/dist/index.js) run as the runner runs it, against the fake GitHub
 * API: a push to main that produces the baseline, then a pull request with a degrading change that is compared with
 * that baseline (downloaded as the main run's artifact), reported in one PR comment and refused by the gate.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { repoRoot } from '../helpers/cli.js';
import { pullRequestEvent, runBundledAction } from '../report/run-action.js';
import { degradeTraining, penguinsProject, PENGUINS_MLCI_YML } from './fixture.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const MAIN_SHA = 'a'.repeat(40);
const pushToMain = {
  eventName: 'push',
  event: { ref: 'refs/heads/main', after: MAIN_SHA, repository: { full_name: 'acme/model', default_branch: 'main' } },
  env: { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: MAIN_SHA, GITHUB_WORKFLOW_REF: 'acme/model/.github/workflows/ci.yml@refs/heads/main', MLCI_GITHUB_THROTTLE: 'off' },
};
const inputs = { 'github-token': 'ghs_test', 'onnxruntime-path': repoRoot };

function stageOrder(summary: string): string[] {
  return [...summary.matchAll(/^\| (?:✅|❌|⏭️) \| (\w+) \|/gmu)].map((m) => m[1]!);
}

describe('root action (bundled) against the fake GitHub API', () => {
  it('push to main: every stage runs, outputs per stage, one summary in order, no comment; then a PR is compared with it, commented on and gated', async () => {
    gh = await startFakeGitHub();
    const main = penguinsProject();
    const push = await runBundledAction('pipeline', { apiUrl: gh.url, workspace: main, inputs, ...pushToMain });
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.outputs).toMatchObject({
      result: 'passed',
      'failed-stages': '',
      'validate-status': 'passed',
      valid: 'true',
      'error-count': '0',
      'drift-status': 'skipped',
      'train-status': 'passed',
      'train-outcome': 'ran',
      'evaluate-status': 'passed',
      task: 'classification',
      'compare-status': 'passed',
      'baseline-found': 'false',
      'report-status': 'passed',
      'report-outcome': 'no-baseline',
      posted: 'false',
      'gate-status': 'passed',
      decision: 'pass',
      'artifact-dir': '.mlci/artifact',
      'artifact-name': 'mlci-metrics',
      report: '.mlci/report/report.md',
      'pipeline-json': '.mlci/pipeline.json',
      model: 'model/model.onnx',
    });
    const metrics = JSON.parse(readFileSync(join(main, '.mlci/evaluate/metrics.json'), 'utf8')) as Record<string, number>;
    expect(Number(push.outputs.accuracy)).toBe(metrics.accuracy);
    expect(stageOrder(push.summary)).toEqual(['validate', 'drift', 'train', 'evaluate', 'compare', 'report', 'gate']);
    expect(push.summary).toMatch(/^## ✅ mlci pipeline passed/);
    // The report and then the gate follow the table.
    const report = readFileSync(join(main, '.mlci/report/report.md'), 'utf8');
    expect(push.summary.indexOf(report.split('\n')[0]!)).toBeGreaterThan(push.summary.indexOf('| gate |'));
    expect(push.summary.lastIndexOf('production')).toBeGreaterThan(push.summary.indexOf(report.split('\n')[0]!));
    expect(gh.calls('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(0);
    // The baseline lookup asked for this workflow's successful pushes on main (none yet).
    expect(gh.calls('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs')[0]!.query).toMatchObject({ branch: 'main', event: 'push', status: 'success' });

    // The deploy job of the reusable workflow: only the gate, for an environment, on the evidence the pipeline job left.
    const gate = await runBundledAction('pipeline', { apiUrl: gh.url, workspace: main, inputs: { ...inputs, stages: 'gate', environment: 'production', baseline: 'none', comment: 'false', 'record-deployment': 'true' }, ...pushToMain });
    expect(gate.code).toBe(0);
    // The decision is recorded as a deployment of main's commit, left in_progress for the deploy step to close.
    const created = gh.calls('POST /repos/{owner}/{repo}/deployments').filter((c) => c.route === 'POST /repos/{owner}/{repo}/deployments');
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ ref: MAIN_SHA, environment: 'production' });
    const statuses = gh.calls('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses');
    expect(statuses.map((c) => (c.body as { state: string }).state)).toEqual(['in_progress']);
    expect(gate.outputs['deployment-id']).toMatch(/^\d+$/);
    expect(gate.outputs).toMatchObject({ 'gate-status': 'passed', decision: 'pass', environment: 'production', 'validate-status': 'skipped', 'train-status': 'skipped' });
    const decision = JSON.parse(readFileSync(join(main, '.mlci/gate/gate.json'), 'utf8')) as { evidence: { reports: Record<string, unknown>; model: { sha256: string | null }; commit: string } };
    expect(Object.keys(decision.evidence.reports).sort()).toEqual(['comparison', 'evaluation', 'validation']);
    expect(decision.evidence.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(decision.evidence.commit).toBe(MAIN_SHA);

    // The main run's artifact (what the reusable workflow uploads) becomes the baseline of the PR.
    const artifactDir = join(main, push.outputs['artifact-dir']!);
    const files = Object.fromEntries(readdirSync(artifactDir).map((f) => [f, readFileSync(join(artifactDir, f))]));
    expect(Object.keys(files).sort()).toEqual(['metrics.json', 'outcomes.csv', 'profile.json']);
    const run = gh.state.addRun({ owner: 'acme', repo: 'model', head_sha: MAIN_SHA });
    gh.state.addArtifact({ owner: 'acme', repo: 'model', run_id: run.id, name: 'mlci-metrics', files });

    const pr = penguinsProject();
    degradeTraining(pr);
    // The training command must not see the action's inputs (github-token among them).
    writeFileSync(join(pr, 'train.mjs'), `import { writeFileSync as writeEnv } from 'node:fs';\nwriteEnv(new URL('./env.json', import.meta.url), JSON.stringify(process.env));\n` + readFileSync(join(pr, 'train.mjs'), 'utf8').replace(/^#!.*\n/, ''));
    const r = await runBundledAction('pipeline', { apiUrl: gh.url, workspace: pr, inputs, event: pullRequestEvent(7), env: { MLCI_GITHUB_THROTTLE: 'off' } });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({
      result: 'failed',
      'failed-stages': 'compare,gate',
      'drift-status': 'passed',
      'drift-detected': 'false',
      'compare-status': 'failed',
      'baseline-found': 'true',
      'baseline-source': 'workflow-run',
      passed: 'false',
      posted: 'true',
      decision: 'fail',
    });
    expect(Number(r.outputs.violations)).toBeGreaterThan(0);
    const trainEnv = JSON.parse(readFileSync(join(pr, 'env.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(trainEnv).filter((k) => k.startsWith('INPUT_'))).toEqual([]);
    expect(JSON.stringify(trainEnv)).not.toContain('ghs_test');
    expect(trainEnv.GITHUB_REPOSITORY).toBe('acme/model');
    expect(r.stdout).toContain('::error title=mlci compare failed::');
    // One comment on PR #7, carrying the report that is also in report.md and the summary.
    const posts = gh.calls('POST /repos/{owner}/{repo}/issues/{issue_number}/comments');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe('/repos/acme/model/issues/7/comments');
    const body = String((posts[0]!.body as { body: string }).body);
    expect(body).toContain('f1\\_macro regressed by');
    expect(r.outputs['comment-url']).toMatch(/^https?:\/\//);
    expect(r.summary).toMatch(/^## ❌ mlci pipeline: compare, gate failed/);
    expect(stageOrder(r.summary)).toEqual(['validate', 'drift', 'train', 'evaluate', 'compare', 'report', 'gate']);
    const pipeline = JSON.parse(readFileSync(join(pr, '.mlci/pipeline.json'), 'utf8')) as { passed: boolean; stages: Array<{ stage: string; status: string }> };
    expect(pipeline.passed).toBe(false);
    expect(pipeline.stages.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'failed', 'passed', 'failed']);

    // Every output the action set is declared in action.yml.
    const declared = Object.keys((parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { outputs: object }).outputs);
    for (const name of new Set([...Object.keys(push.outputs), ...Object.keys(r.outputs), ...Object.keys(gate.outputs)])) expect(declared, name).toContain(name);

    // Run again on the same PR: the comment is updated in place, never duplicated.
    const again = await runBundledAction('pipeline', { apiUrl: gh.url, workspace: pr, inputs, event: pullRequestEvent(7), env: { MLCI_GITHUB_THROTTLE: 'off' } });
    expect(again.code).toBe(1);
    expect(gh.calls('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(1);
    expect(again.outputs['train-outcome']).toBe('skipped');
  }, 180_000);

  it('a pull request from a fork (read-only token): no comment, the report in the job summary with a notice, the job does not fail for that', async () => {
    gh = await startFakeGitHub();
    gh.state.readOnly = true;
    const ws = penguinsProject();
    const r = await runBundledAction('pipeline', { apiUrl: gh.url, workspace: ws, inputs, event: pullRequestEvent(9, { headRepo: 'mallory/model' }), env: { MLCI_GITHUB_THROTTLE: 'off' } });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ result: 'passed', posted: 'false', 'report-status': 'passed' });
    expect(r.summary).toContain('> [!NOTE]');
    expect(r.stdout).toMatch(/::notice::/);
    const report = readFileSync(join(ws, '.mlci/report/report.md'), 'utf8');
    expect(r.summary).toContain(report.split('\n')[0]);
  }, 120_000);

  it('a stage that cannot finish (training wrote no model) fails in one line naming the config key; the summary shows how far it got', async () => {
    gh = await startFakeGitHub();
    const ws = penguinsProject(PENGUINS_MLCI_YML.replace('train:\n  command: node train.mjs', 'train:\n  command: "true"').replace('  metrics: model/train-metrics.json\n', ''));
    const r = await runBundledAction('pipeline', { apiUrl: gh.url, workspace: ws, inputs, ...pushToMain });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error::mlci\.yml: train\.outputs: the training command did not write model\/model\.onnx\. /m);
    expect(r.summary).toMatch(/^## ❌ mlci pipeline stopped\n\n> mlci\.yml: train\.outputs: the training command did not write/);
    expect(stageOrder(r.summary)).toEqual(['validate', 'drift']);
  });

  it('a missing config fails in one line naming the input', async () => {
    gh = await startFakeGitHub();
    const r = await runBundledAction('pipeline', { apiUrl: gh.url, workspace: penguinsProject(), inputs: { ...inputs, config: 'nope.yml' }, ...pushToMain });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error::with\.config: config not found: nope\.yml\. Commit an mlci\.yml/m);
  });

  it('action.yml at the root and actions/pipeline/action.yml declare the same inputs and outputs; every output the code sets is declared', () => {
    const root = parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8'));
    const inner = parseYaml(readFileSync(join(repoRoot, 'actions/pipeline/action.yml'), 'utf8'));
    expect(inner.inputs).toEqual(root.inputs);
    expect(inner.outputs).toEqual(root.outputs);
    expect(root.runs).toEqual({ using: 'node24', main: 'actions/pipeline/dist/index.js' });
    for (const [name, spec] of Object.entries<{ description?: string }>({ ...root.inputs, ...root.outputs })) expect(spec.description, name).toBeTruthy();
  });
});
