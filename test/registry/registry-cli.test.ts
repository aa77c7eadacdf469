import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { releasesBucket } from '../fake-github/routes/releases.js';
import { deploymentsBucket } from '../fake-github/routes/deployments.js';
import { approvalsBucket } from '../fake-github/routes/protection-rules.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const SHA = '9'.repeat(40);
const files = () =>
  testdir({
    'model.onnx': Buffer.alloc(300_000, 7),
    'metrics.json': JSON.stringify({ accuracy: 0.9, intervals: { accuracy: { low: 0.88, high: 0.92 } }, bootstrap: { resamples: 200, seed: 1 } }),
    'params.json': JSON.stringify({ C: 1 }),
    'mlci.yml': 'environments:\n  staging: {}\n  production:\n    require_staging_success: true\n',
  });
const env = (url: string, extra: Record<string, string> = {}) => ({ GITHUB_TOKEN: 'ghs_t', GITHUB_REPOSITORY: 'acme/churn', GITHUB_API_URL: url, GITHUB_SHA: SHA, GITHUB_RUN_ID: '31', MLCI_GITHUB_THROTTLE: 'off', ...extra });
const publish = (version: string) => ['registry', 'publish', '--model', 'model.onnx', '--version', version, '--metrics', 'metrics.json', '--params', 'params.json', '--intended-use', 'Churn ranking'];

describe('mlci registry', () => {
  it('publishes a version as a release with model, model.json and model card; refuses the same version twice', async () => {
    gh = await startFakeGitHub();
    const dir = files();
    const r = await runCli(publish('1.0.0'), { cwd: dir, env: env(gh.url) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('published churn 1.0.0 as model-v1.0.0');
    const [rel] = releasesBucket(gh);
    expect(rel).toMatchObject({ tag_name: 'model-v1.0.0', target_commitish: SHA, draft: false, name: 'churn 1.0.0' });
    expect(rel!.body).toContain('## Intended use');
    expect(rel!.body).toMatch(/<!-- mlci-model:[A-Za-z0-9+/=]+ -->/);
    expect(rel!.assets.map((a) => [a.name, a.size])).toEqual([
      ['model.onnx', statSync(join(dir, 'model.onnx')).size],
      ['model.json', expect.any(Number)],
      ['MODEL_CARD.md', expect.any(Number)],
    ]);
    expect(rel!.assets[1]!.json).toMatchObject({ schema: 'mlci.model/v1', version: '1.0.0', metrics: [{ name: 'accuracy', value: 0.9, low: 0.88, high: 0.92 }], training: { parameters: { C: 1 } } });
    // The upload went to upload_url (the uploads host), not the API path.
    expect(gh.requests.filter((q) => q.route === 'POST /uploads/repos/{owner}/{repo}/releases/{release_id}/assets')).toHaveLength(3);

    const again = await runCli(publish('1.0.0'), { cwd: dir, env: env(gh.url) });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('mlci: error: --version: model version 1.0.0 is already published as model-v1.0.0. Versions are immutable: bump the version (e.g. the patch number) and publish again\n');
    expect(releasesBucket(gh)).toHaveLength(1);
  });

  it('deletes the draft when an upload fails, so the version stays free', async () => {
    gh = await startFakeGitHub();
    const dir = files();
    gh.inject({ kind: 'status', status: 502, match: '/uploads/' });
    const r = await runCli(publish('1.0.0'), { cwd: dir, env: env(gh.url) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot upload model\.onnx: GitHub answered 502/);
    expect(releasesBucket(gh)).toHaveLength(0);
    expect((await runCli(publish('1.0.0'), { cwd: dir, env: env(gh.url) })).code).toBe(0);
  });

  it('promotes through the stages in policy order and lists who approved what, since when', async () => {
    gh = await startFakeGitHub();
    const dir = files();
    await runCli(publish('1.0.0'), { cwd: dir, env: env(gh.url) });
    await runCli(publish('1.1.0'), { cwd: dir, env: env(gh.url) });
    const early = await runCli(['registry', 'promote', '1.1.0', '--stage', 'production'], { cwd: dir, env: env(gh.url) });
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('model 1.1.0 has no successful deployment to staging, which environments.production requires first');
    for (const [v, stage, run] of [
      ['1.0.0', 'staging', '40'],
      ['1.0.0', 'production', '41'],
      ['1.1.0', 'staging', '42'],
    ] as const) {
      const r = await runCli(['registry', 'promote', v, '--stage', stage, '--note', 'ok'], { cwd: dir, env: env(gh.url, { GITHUB_RUN_ID: run, GITHUB_ACTOR: 'lead' }) });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(deploymentsBucket(gh).at(-1)).toMatchObject({ environment: 'staging', ref: 'model-v1.1.0', task: 'deploy:promote', payload: { kind: 'promote', note: 'promoted by lead: ok' } });
    approvalsBucket(gh).push({ owner: 'acme', repo: 'churn', run_id: 41, environments: ['production'], state: 'approved', user: { login: 'ml-lead', id: 5, type: 'User' }, comment: 'metrics ok' });
    const list = await runCli(['registry', 'list'], { cwd: dir, env: env(gh.url) });
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toMatch(/^1\.1\.0 {2}model-v1\.1\.0 {2}published .* by github-actions\[bot\] {2}sha256 [0-9a-f]{12}$/);
    expect(lines[1]).toMatch(/^ {4}staging \(live\) since \S+, deployment \d+, gate none, no reviewer approval recorded$/);
    expect(lines[2]).toMatch(/^1\.0\.0 /);
    expect(lines[3]).toMatch(/^ {4}staging since /);
    expect(lines[4]).toMatch(/^ {4}production \(live\) since \S+, deployment \d+, gate none, approved by ml-lead$/);
    const json = JSON.parse((await runCli(['registry', 'list', '--json'], { cwd: dir, env: env(gh.url) })).stdout);
    expect(json[1].stages[1]).toMatchObject({ environment: 'production', live: true, approvedBy: [{ user: 'ml-lead', comment: 'metrics ok', environment: 'production' }] });
  });

  it('writes the card locally with --dry-run and refuses to promote an unpublished version', async () => {
    const dir = files();
    const r = await runCli([...publish('2.0.0'), '--out', 'card', '--dry-run'], { cwd: dir, env: {} });
    expect(r.code).toBe(0);
    expect(statSync(join(dir, 'card/MODEL_CARD.md')).size).toBeGreaterThan(100);
    gh = await startFakeGitHub();
    const p = await runCli(['registry', 'promote', '9.9.9', '--stage', 'staging'], { cwd: dir, env: env(gh.url) });
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('model version 9.9.9 is not published');
  });
});
