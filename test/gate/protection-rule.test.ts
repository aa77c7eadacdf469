import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { environmentPolicy, runGate, signWebhookBody, type GateResult } from '@mlci/core';
import { appTokenSource, createProtectionRuleServer, Deployments, staticToken, type ProtectionRuleOptions } from '@mlci/github';
import { join } from 'node:path';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { appBucket, protectionReviewsBucket } from '../fake-github/routes/protection-rules.js';

const SHA = 'e'.repeat(40);
const SECRET = 'webhook-secret';
let gh: FakeGitHub | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await gh?.close();
  gh = undefined;
  server = undefined;
});

async function gateFor(environment: string, comparison: unknown, commit = SHA): Promise<GateResult> {
  const dir = testdir({ 'comparison.json': JSON.stringify(comparison) });
  return runGate({ environment, policy: environmentPolicy({ require: { comparison: true } }), comparison: join(dir, 'comparison.json'), modelVersion: '3.1.0', commit, run: { id: '321' } });
}
const pass = { passed: true, rows: [{ metric: 'auc', baseline: 0.8, current: 0.82, direction: 'higher', status: 'improved', significant: false, violations: [] }] };
const fail = { passed: false, rows: [{ metric: 'auc', baseline: 0.8, current: 0.7, direction: 'higher', status: 'regressed', significant: true, violations: ['auc = 0.7 is below the minimum 0.75'] }] };

async function record(gh: FakeGitHub, gate: GateResult, runId = '321') {
  const api = new Deployments({ owner: 'acme', repo: 'model', token: 't', baseUrl: gh.url, throttle: false, retries: 0 });
  return api.create({ ref: SHA, environment: gate.environment, payload: { schema: 'mlci.deployment/v1', kind: 'deploy', model: { version: '3.1.0', sha256: null, path: null }, run: { id: runId }, gate } });
}

async function serve(options: Partial<ProtectionRuleOptions> = {}): Promise<{ url: string; logs: string[] }> {
  const logs: string[] = [];
  server = createProtectionRuleServer({ secret: SECRET, baseUrl: gh!.url, tokens: staticToken('ghs_app_token'), retries: 0, throttle: false, log: (l) => logs.push(l), ...options });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, logs };
}

function event(environment = 'production', runId = 321) {
  return JSON.stringify({
    action: 'requested',
    environment,
    event: 'push',
    deployment_callback_url: `https://api.github.com/repos/acme/model/actions/runs/${runId}/deployment_protection_rule`,
    deployment: { id: 9, sha: SHA, environment },
    repository: { full_name: 'acme/model', name: 'model', owner: { login: 'acme' } },
    installation: { id: 77 },
  });
}

async function deliver(url: string, body: string, signature: string | null = signWebhookBody(SECRET, body), kind = 'deployment_protection_rule') {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': kind, 'x-github-delivery': 'd-1' };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as { message: string } };
}

describe('protection rule webhook', () => {
  it('approves a run whose gate passed, with a comment stating the evidence', async () => {
    gh = await startFakeGitHub();
    await record(gh, await gateFor('production', pass));
    const { url } = await serve();
    const r = await deliver(url, event());
    expect(r).toEqual({ status: 200, body: { message: 'approved production for acme/model run 321' } });
    const [review] = protectionReviewsBucket(gh);
    expect(review).toMatchObject({ run_id: 321, environment_name: 'production', state: 'approved', token: 'token ghs_app_token' });
    expect(review!.comment).toContain('mlci gate passed for production');
    expect(review!.comment).toContain('Model 3.1.0');
  });

  it('rejects a failed gate with every reason, a run without evidence, and evidence for another commit', async () => {
    gh = await startFakeGitHub();
    await record(gh, await gateFor('production', fail));
    await record(gh, await gateFor('staging', pass), '400');
    const { url } = await serve();
    expect((await deliver(url, event())).status).toBe(200);
    expect((await deliver(url, event('staging', 999))).status).toBe(200);
    const reviews = protectionReviewsBucket(gh);
    expect(reviews.map((r) => [r.environment_name, r.state])).toEqual([
      ['production', 'rejected'],
      ['staging', 'rejected'],
    ]);
    expect(reviews[0]!.comment).toContain('- rule-violated: auc: auc = 0.7 is below the minimum 0.75');
    expect(reviews[1]!.comment).toContain('no gate decision was recorded for staging in run 999');

    const other = await gateFor('qa', pass, 'f'.repeat(40));
    await record(gh, other);
    await deliver(url, event('qa'));
    expect(protectionReviewsBucket(gh).at(-1)).toMatchObject({ environment_name: 'qa', state: 'rejected', comment: expect.stringContaining('evidence-inconsistent: the gate saw commit ffff') });
  });

  it('refuses unsigned, forged and tampered deliveries without calling GitHub', async () => {
    gh = await startFakeGitHub();
    await record(gh, await gateFor('production', pass));
    const { url, logs } = await serve();
    const body = event();
    expect((await deliver(url, body, null)).status).toBe(401);
    expect((await deliver(url, body, signWebhookBody('guessed-secret', body))).status).toBe(401);
    expect((await deliver(url, body.replace('"production"', '"production" '), signWebhookBody(SECRET, body))).status).toBe(401);
    expect((await deliver(url, body, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect(protectionReviewsBucket(gh)).toEqual([]);
    expect(gh.requests.filter((r) => r.route?.startsWith('POST'))).toHaveLength(1); // only the seeding deployment
    expect(logs.filter((l) => l.includes('bad X-Hub-Signature-256'))).toHaveLength(4);
    expect((await deliver(url, '{}', signWebhookBody(SECRET, '{}'), 'ping')).body.message).toBe('pong');
  });

  it('leaves the deployment waiting when the API is down: 502, no review', async () => {
    gh = await startFakeGitHub();
    await record(gh, await gateFor('production', pass));
    const { url, logs } = await serve();
    gh.inject({ kind: 'status', status: 503 });
    const r = await deliver(url, event());
    expect(r.status).toBe(502);
    expect(r.body.message).toMatch(/cannot read gate evidence, deployment left waiting/);
    expect(protectionReviewsBucket(gh)).toEqual([]);
    // Review call itself failing: still no approval recorded.
    gh.inject({ kind: 'status', status: 502, match: 'deployment_protection_rule' });
    const r2 = await deliver(url, event());
    expect(r2.status).toBe(502);
    expect(r2.body.message).toMatch(/review not accepted, deployment left waiting/);
    expect(protectionReviewsBucket(gh)).toEqual([]);
    expect(logs.every((l) => !l.includes('approved'))).toBe(true);
  });

  it('authenticates as the GitHub App: RS256 JWT → installation token → review', async () => {
    gh = await startFakeGitHub();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    Object.assign(appBucket(gh), { appId: '12345', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string });
    await record(gh, await gateFor('production', pass));
    const { url } = await serve({ tokens: appTokenSource({ appId: 12345, privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, baseUrl: gh.url }) });
    expect((await deliver(url, event())).status).toBe(200);
    const issued = appBucket(gh).issued;
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatch(/^ghs_installation_77_/);
    expect(protectionReviewsBucket(gh)[0]).toMatchObject({ state: 'approved', token: `token ${issued[0]}` });
    // A wrong key is refused by GitHub: no token, deployment waits.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await new Promise((r) => server!.close(r));
    const bad = await serve({ tokens: appTokenSource({ appId: 12345, privateKey: other, baseUrl: gh.url }) });
    const r = await deliver(bad.url, event());
    expect(r.status).toBe(503);
    expect(protectionReviewsBucket(gh)).toHaveLength(1);
  });
});
