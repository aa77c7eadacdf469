import { afterEach, describe, expect, it } from 'vitest';
import { Deployments, type MlciDeploymentPayload } from '@mlci/github';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const payload = (version: string, sha: string | null = null): MlciDeploymentPayload => ({
  schema: 'mlci.deployment/v1',
  kind: 'deploy',
  model: { version, sha256: sha, path: 'model.onnx' },
  run: { id: '42', url: 'https://example.test/run/42' },
  gate: null,
});

describe('Deployments API client', () => {
  it('creates deployments with auto_merge off and no required contexts, posts statuses, reads history back', async () => {
    gh = await startFakeGitHub();
    const api = new Deployments({ owner: 'acme', repo: 'model', token: 'ghs_x', baseUrl: gh.url, retries: 0, throttle: false });
    const sha = 'c'.repeat(40);
    const id = await api.create({ ref: sha, environment: 'staging', payload: payload('1.0.0', 'f'.repeat(64)) });
    await api.setStatus(id, { state: 'in_progress', logUrl: 'https://example.test/run/42' });
    await api.setStatus(id, { state: 'success', environmentUrl: 'https://staging.example.test' });
    const create = gh.calls('POST /repos/{owner}/{repo}/deployments')[0]!;
    expect(create.body).toMatchObject({ ref: sha, environment: 'staging', auto_merge: false, required_contexts: [], task: 'deploy' });
    const found = await api.successfulDeployments('staging', '1.0.0');
    expect(found).toEqual([expect.objectContaining({ id, environment: 'staging', modelVersion: '1.0.0', modelSha256: 'f'.repeat(64) })]);
    expect(await api.successfulDeployments('staging', '2.0.0')).toEqual([]);
    expect(await api.successfulDeployments('production', '1.0.0')).toEqual([]);
  });

  it('a superseded (inactive) deployment still counts as having succeeded; current() is the live one', async () => {
    gh = await startFakeGitHub();
    const api = new Deployments({ owner: 'acme', repo: 'model', token: 'ghs_x', baseUrl: gh.url, retries: 0, throttle: false });
    const a = await api.create({ ref: 'main', environment: 'staging', payload: payload('1.0.0') });
    await api.setStatus(a, { state: 'success' });
    const b = await api.create({ ref: 'main', environment: 'staging', payload: payload('1.1.0') });
    await api.setStatus(b, { state: 'success' });
    const all = await api.list({ environment: 'staging' });
    expect(all.map((d) => [d.payload.model.version, d.state])).toEqual([
      ['1.1.0', 'success'],
      ['1.0.0', 'inactive'],
    ]);
    expect((await api.successfulDeployments('staging', '1.0.0')).map((d) => d.id)).toEqual([a]);
    expect((await api.current('staging'))?.id).toBe(b);
  });

  it('ignores deployments made by other tools and fails with one line when the API is down', async () => {
    gh = await startFakeGitHub();
    const api = new Deployments({ owner: 'acme', repo: 'model', token: 'ghs_x', baseUrl: gh.url, retries: 0, throttle: false });
    await api.octokit.request('POST /repos/{owner}/{repo}/deployments', { owner: 'acme', repo: 'model', ref: 'main', environment: 'staging', payload: { other: 1 } });
    expect(await api.list({ environment: 'staging' })).toEqual([]);
    gh.inject({ kind: 'status', status: 503 });
    await expect(api.successfulDeployments('staging', '1.0.0')).rejects.toThrow(/cannot list deployments: GitHub answered 503/);
  });
});
