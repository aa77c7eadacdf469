import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { deploymentsBucket, deploymentStatusesBucket } from '../fake-github/routes/deployments.js';

const config = `
environments:
  staging:
    require: { validation: true, comparison: true }
  production:
    require: { validation: true, comparison: true, model: true }
    min: { accuracy: 0.9 }
    no_significant_regression: true
    require_staging_success: true
`;
const good = {
  'mlci.yml': config,
  'out/validation.json': JSON.stringify({ valid: true, errorCount: 0, files: [] }),
  'out/comparison.json': JSON.stringify({ passed: true, rows: [{ metric: 'accuracy', baseline: 0.9, current: 0.92, delta: 0.02, delta_pct: 2.2, direction: 'higher', status: 'improved', significant: false, violations: [] }] }),
  'model.onnx': 'weights',
};
const args = (env: string) => ['gate', '--environment', env, '--validation', 'out/validation.json', '--comparison', 'out/comparison.json', '--model', 'model.onnx', '--model-version', '1.0.0', '--commit', 'c'.repeat(40)];

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

describe('mlci gate', () => {
  it('passes staging, writes gate.json and exits 0', async () => {
    const dir = testdir(good);
    const r = await runCli(args('staging'), { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const gate = JSON.parse(readFileSync(join(dir, 'mlci-gate/gate.json'), 'utf8'));
    expect(gate).toMatchObject({ environment: 'staging', decision: 'pass', reasons: [], evidence: { model: { version: '1.0.0' }, commit: 'c'.repeat(40), metrics: { accuracy: 0.92 } } });
  });

  it('fails production closed without deployment history, exit 1 with the reason', async () => {
    const dir = testdir(good);
    const r = await runCli([...args('production'), '--out', 'g'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('gate production: FAIL');
    expect(r.stdout).toContain('deployment-history-unavailable');
    expect(JSON.parse(readFileSync(join(dir, 'g/gate.json'), 'utf8')).decision).toBe('fail');
  });

  it('fails on corrupt evidence with exit 1, and on an unknown environment with exit 2 naming the config', async () => {
    const dir = testdir({ ...good, 'out/validation.json': '{not json' });
    const r = await runCli(args('staging'), { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/evidence-invalid: validation report .* is not valid JSON/);
    const u = await runCli(args('qa'), { cwd: dir });
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/^mlci: error: .*mlci\.yml: no policy for environment 'qa'\. Use one of: staging, production/);
    const c = await runCli(args('staging'), { cwd: testdir({ 'mlci.yml': 'environments:\n  staging:\n    min: { accuracy: high }\n' }) });
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/mlci\.yml:3: environments\.staging\.min\.accuracy/);
  });

  it('records staging, then promotes the same version to production against the deployments API', async () => {
    gh = await startFakeGitHub();
    const dir = testdir(good);
    const env = { GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: 'acme/model', GITHUB_API_URL: gh.url, GITHUB_RUN_ID: '77', GITHUB_SERVER_URL: 'https://github.example', MLCI_GITHUB_THROTTLE: 'off' };
    // Production before staging: refused.
    const early = await runCli(args('production'), { cwd: dir, env });
    expect(early.code).toBe(1);
    expect(early.stdout).toContain('not-in-staging: model 1.0.0 has no successful deployment to staging');
    const staged = await runCli([...args('staging'), '--record'], { cwd: dir, env });
    expect(staged.code).toBe(0);
    const [dep] = deploymentsBucket(gh);
    expect(dep).toMatchObject({ environment: 'staging', ref: 'c'.repeat(40), payload: { schema: 'mlci.deployment/v1', model: { version: '1.0.0' }, gate: { decision: 'pass' } } });
    expect(deploymentStatusesBucket(gh).map((s) => [s.state, s.log_url])).toEqual([['in_progress', 'https://github.example/acme/model/actions/runs/77']]);
    // Still in progress: not yet a success.
    expect((await runCli(args('production'), { cwd: dir, env })).code).toBe(1);
    await runCli(['deploy', 'status', '--deployment-id', String(dep!.id), '--state', 'success'], { cwd: dir, env });
    const prod = await runCli([...args('production'), '--record'], { cwd: dir, env });
    expect(prod.stdout).toContain('gate production: PASS');
    expect(prod.code).toBe(0);
    const gate = JSON.parse(readFileSync(join(dir, 'mlci-gate/gate.json'), 'utf8'));
    expect(gate.evidence.priorDeployments).toEqual([expect.objectContaining({ environment: 'staging', id: dep!.id })]);
    // A different model under the same version is refused.
    const swapped = testdir({ ...good, 'model.onnx': 'other weights' });
    const s = await runCli(args('production'), { cwd: swapped, env });
    expect(s.stdout).toContain('model-mismatch');
  });
});
