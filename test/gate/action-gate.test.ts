import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { deploymentsBucket, deploymentStatusesBucket } from '../fake-github/routes/deployments.js';
import { runBundledAction } from './run-action.js';

const SHA = 'd'.repeat(40);
const workspace = (comparison: unknown) =>
  testdir({
    'mlci.yml': 'environments:\n  staging:\n    require: { comparison: true }\n  production:\n    require: { comparison: true, model: true }\n    min: { auc: 0.8 }\n    require_staging_success: true\n',
    'reports/comparison.json': JSON.stringify(comparison),
    'model.onnx': 'bytes',
  });
const passing = { passed: true, rows: [{ metric: 'auc', baseline: 0.8, current: 0.85, delta: 0.05, direction: 'higher', status: 'improved', significant: false, violations: [] }] };

/** A local port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

function env(url: string): Record<string, string> {
  return {
    GITHUB_REPOSITORY: 'acme/model',
    GITHUB_API_URL: url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '555',
    GITHUB_SHA: SHA,
    MLCI_GITHUB_THROTTLE: 'off',
  };
}

const gateInputs = (environment: string) => ({ environment, comparison: 'reports/comparison.json', model: 'model.onnx', 'model-version': '2.0.0', token: 'ghs_secret_token' });

describe('actions/gate (bundled)', () => {
  it('passes staging: outputs, summary, deployment in_progress with evidence, then finish mode marks success; production follows', async () => {
    gh = await startFakeGitHub();
    const ws = workspace(passing);
    const r = await runBundledAction('gate', gateInputs('staging'), env(gh.url), ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ decision: 'pass', reasons: '[]', 'model-version': '2.0.0', 'gate-json': join(ws, 'mlci-gate/gate.json') });
    expect(r.summary).toContain('Gate passed for staging');
    // The token is registered as a secret (the runner masks it) and appears nowhere else.
    expect(r.stdout.replace('::add-mask::ghs_secret_token\n', '')).not.toContain('ghs_secret_token');
    const dep = deploymentsBucket(gh)[0]!;
    expect(String(dep.id)).toBe(r.outputs['deployment-id']);
    expect(dep).toMatchObject({ environment: 'staging', ref: SHA, payload: { model: { version: '2.0.0' }, gate: { decision: 'pass', evidence: { commit: SHA, run: { id: '555' } } } } });
    expect(gh.calls('POST /repos/{owner}/{repo}/deployments')[0]!.headers.authorization).toBe('token ghs_secret_token');
    expect(JSON.parse(readFileSync(join(ws, 'mlci-gate/gate.json'), 'utf8')).decision).toBe('pass');

    // Production before the staging deployment finished: refused, recorded as a failed deployment.
    const early = await runBundledAction('gate', gateInputs('production'), env(gh.url), ws);
    expect(early.code).toBe(1);
    expect(early.outputs.decision).toBe('fail');
    expect(JSON.parse(early.outputs.reasons!)).toEqual([{ code: 'not-in-staging', message: 'model 2.0.0 has no successful deployment to staging' }]);
    expect(early.summary).toContain('`not-in-staging`');
    expect(early.stdout).toContain('::error title=mlci gate production%3A not-in-staging::model 2.0.0 has no successful deployment to staging');
    expect(deploymentStatusesBucket(gh).at(-1)).toMatchObject({ state: 'failure', log_url: 'https://github.example/acme/model/actions/runs/555' });

    const fin = await runBundledAction('gate', { 'deployment-status': 'success', 'deployment-id': r.outputs['deployment-id']!, 'environment-url': 'https://staging.example', token: 't' }, env(gh.url), ws);
    expect(fin.code).toBe(0);
    const prod = await runBundledAction('gate', gateInputs('production'), env(gh.url), ws);
    expect(prod.outputs.decision).toBe('pass');
    expect(prod.code).toBe(0);
    expect(prod.summary).toMatch(/Deployed to staging \| deployment \d+/);
  });

  it('fails closed on corrupt evidence (exit 1) and on an unreachable API (exit 2, no approval recorded)', async () => {
    gh = await startFakeGitHub();
    const ws = testdir({ 'mlci.yml': 'environments:\n  staging:\n    require: { comparison: true }\n', 'reports/comparison.json': '{"passed": true, "rows": [' });
    const r = await runBundledAction('gate', { environment: 'staging', comparison: 'reports/comparison.json', token: 't', 'record-deployment': 'false' }, env(gh.url), ws);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.outputs.reasons!)[0].code).toBe('evidence-invalid');
    const closed = await closedPort();
    const down = await runBundledAction('gate', { ...gateInputs('staging'), 'record-deployment': 'true' }, { ...env(`http://127.0.0.1:${closed}`) }, workspace(passing));
    expect(down.code, down.stdout).toBe(2);
    expect(down.stdout, down.stdout).toMatch(/::error::cannot record the deployment to staging: GitHub answered no response/);
  });

  it('rejects an unknown environment in one line naming the input', async () => {
    const r = await runBundledAction('gate', { environment: 'qa', token: 't' }, { GITHUB_SHA: SHA }, workspace(passing));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/::error::with\.environment: no policy for environment 'qa' in .*mlci\.yml\. Add environments\.qa to mlci\.yml or use one of: staging, production/);
  });
});
