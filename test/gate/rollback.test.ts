import { afterEach, describe, expect, it } from 'vitest';
import { Deployments, type MlciDeploymentPayload } from '@mlci/github';
import { runCli } from '../helpers/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { deploymentsBucket, deploymentStatusesBucket } from '../fake-github/routes/deployments.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const payload = (version: string): MlciDeploymentPayload => ({
  schema: 'mlci.deployment/v1',
  kind: 'deploy',
  model: { version, sha256: version.replace(/\D/g, '').padEnd(64, '0'), path: 'model.onnx' },
  run: { id: '1' },
  gate: null,
});

async function seed(gh: FakeGitHub, history: Array<[version: string, sha: string, state: 'success' | 'failure']>) {
  const api = new Deployments({ owner: 'acme', repo: 'model', token: 't', baseUrl: gh.url, throttle: false, retries: 0 });
  const ids: number[] = [];
  for (const [version, sha, state] of history) {
    const id = await api.create({ ref: sha, environment: 'production', payload: payload(version) });
    await api.setStatus(id, { state });
    ids.push(id);
  }
  return ids;
}

const env = (url: string) => ({ GITHUB_TOKEN: 'ghs_t', GITHUB_REPOSITORY: 'acme/model', GITHUB_API_URL: url, GITHUB_ACTOR: 'alice', GITHUB_RUN_ID: '9', MLCI_GITHUB_THROTTLE: 'off' });

describe('mlci deploy rollback', () => {
  it('redeploys the last version that succeeded before the current one, as a new deployment', async () => {
    gh = await startFakeGitHub();
    const [v1] = await seed(gh, [
      ['1.0.0', '1'.repeat(40), 'success'],
      ['1.1.0', '2'.repeat(40), 'failure'],
      ['1.2.0', '3'.repeat(40), 'success'],
    ]);
    const r = await runCli(['deploy', 'rollback', '--environment', 'production', '--json'], { env: env(gh.url) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ environment: 'production', modelVersion: '1.0.0', sha: '1'.repeat(40), rollbackOf: v1, from: '1.2.0' });
    const created = deploymentsBucket(gh).at(-1)!;
    expect(created).toMatchObject({ id: out.deploymentId, ref: '1'.repeat(40), task: 'deploy:rollback', payload: { kind: 'rollback', rollbackOf: v1, model: { version: '1.0.0' } } });
    expect((created.payload as { note: string }).note).toContain('by alice');
    expect(deploymentStatusesBucket(gh).at(-1)).toMatchObject({ deployment_id: out.deploymentId, state: 'in_progress' });
  });

  it('rolls back to a named version, refuses one that never succeeded, and fails in one line when the API is down', async () => {
    gh = await startFakeGitHub();
    await seed(gh, [
      ['1.0.0', '1'.repeat(40), 'success'],
      ['1.1.0', '2'.repeat(40), 'success'],
      ['1.2.0', '3'.repeat(40), 'success'],
    ]);
    const to = await runCli(['deploy', 'rollback', '--environment', 'production', '--to', '1.0.0', '--state', 'success'], { env: env(gh.url) });
    expect(to.code).toBe(0);
    expect(to.stdout).toMatch(/rolled back production from 1\.2\.0 to model 1\.0\.0 .*success/);
    const missing = await runCli(['deploy', 'rollback', '--environment', 'production', '--to', '0.9.0'], { env: env(gh.url) });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('mlci: model 0.9.0 never deployed successfully to production (succeeded: 1.0.0, 1.2.0, 1.1.0). Nothing was changed.\n');
    const before = deploymentsBucket(gh).length;
    gh.inject({ kind: 'status', status: 502, times: 10 });
    const down = await runCli(['deploy', 'rollback', '--environment', 'production'], { env: env(gh.url) });
    expect(down.code).toBe(2);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toContain('GitHub answered 502');
    expect(deploymentsBucket(gh).length).toBe(before);
  });

  it('with nothing to roll back to, changes nothing', async () => {
    gh = await startFakeGitHub();
    await seed(gh, [['1.0.0', '1'.repeat(40), 'success']]);
    const r = await runCli(['deploy', 'rollback', '--environment', 'production'], { env: env(gh.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no earlier model version succeeded in production');
    expect(deploymentsBucket(gh)).toHaveLength(1);
  });
});
