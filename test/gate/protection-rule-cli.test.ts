import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebhookBody } from '@mlci/core';
import { Deployments } from '@mlci/github';
import { repoRoot, runCli } from '../helpers/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { protectionReviewsBucket } from '../fake-github/routes/protection-rules.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

describe('mlci protection-rule serve (built CLI, real process)', () => {
  it('serves until SIGTERM and rejects a run without gate evidence', async () => {
    gh = await startFakeGitHub();
    // Another tool's deployment for the run: not mlci evidence.
    await new Deployments({ owner: 'o', repo: 'r', token: 't', baseUrl: gh.url, throttle: false }).octokit.request('POST /repos/{owner}/{repo}/deployments', { owner: 'o', repo: 'r', ref: 'main', environment: 'production' });
    const child = spawn(process.execPath, [`${repoRoot}packages/cli/dist/bin.js`, 'protection-rule', 'serve', '--port', '0', '--host', '127.0.0.1', '--path', '/hook'], {
      env: { PATH: process.env.PATH, MLCI_WEBHOOK_SECRET: 's', GITHUB_TOKEN: 'ghs_x', GITHUB_API_URL: gh.url },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    for (let i = 0; i < 100 && !/listening on http:\/\/[^:]+:(\d+)/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(out)?.[1];
    expect(port, out).toBeDefined();
    const body = JSON.stringify({
      action: 'requested',
      environment: 'production',
      deployment_callback_url: 'https://api.github.com/repos/o/r/actions/runs/5/deployment_protection_rule',
      repository: { full_name: 'o/r' },
      installation: { id: 1 },
    });
    const res = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', body, headers: { 'x-github-event': 'deployment_protection_rule', 'x-hub-signature-256': signWebhookBody('s', body) } });
    expect(res.status).toBe(200);
    expect(protectionReviewsBucket(gh)).toEqual([expect.objectContaining({ run_id: 5, state: 'rejected', comment: expect.stringContaining('no gate decision was recorded for production in run 5') })]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('200 rejected production for o/r run 5');
    expect(out).toContain('stopped');
  });

  it('refuses to start without a secret or credentials, in one line', async () => {
    const a = await runCli(['protection-rule', 'serve'], { env: { GITHUB_TOKEN: 'x' } });
    expect(a.code).toBe(2);
    expect(a.stderr).toBe("mlci: error: MLCI_WEBHOOK_SECRET: the webhook secret is not set. Export MLCI_WEBHOOK_SECRET with the secret of the GitHub App's webhook\n");
    const b = await runCli(['protection-rule', 'serve'], { env: { MLCI_WEBHOOK_SECRET: 's' } });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('no credentials for GitHub');
  });
});
