import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DeploymentBaselineProvider,
  GitLabDeploymentHistory,
  publishGenericPackage,
  GitLabClient,
  JobArtifactBaselineProvider,
  MergeRequestNoteSink,
  NOTE_MAX_CHARS,
  reportMarker,
  retryAfterMs,
} from '@mlci/gitlab';
import { startFakeGitLab, type FakeGitLab } from '../fake-gitlab/server.js';

const BOT = { id: 7, username: 'project_1_bot' };
const HUMAN = { id: 2, username: 'alice' };
let fake: FakeGitLab | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function client(apiUrl: string, waits: number[] = [], token = 'glpat-secret') {
  return new GitLabClient({ apiUrl, auth: { kind: 'private-token', token }, sleep: async (ms) => void waits.push(ms), baseDelayMs: 10 });
}

describe('MergeRequestNoteSink', () => {
  it('finds its note by marker on a later page and updates it in place, leaving other notes alone', async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-secret', BOT);
    // 230 notes: our marker sits on page 3 of 100-per-page listing.
    for (let i = 0; i < 225; i++) fake.addNote('42', 5, `comment ${i}`, HUMAN);
    const ours = fake.addNote('42', 5, `${reportMarker('ci/model-report')}\nold report`, BOT);
    fake.addNote('42', 5, `${reportMarker('ci/other-report')}\nother`, BOT);
    for (let i = 0; i < 3; i++) fake.addNote('42', 5, `later ${i}`, HUMAN);

    const sink = new MergeRequestNoteSink({ client: client(fake.apiUrl), projectId: '42', mergeRequestIid: 5, projectUrl: 'https://gl.example/g/p' });
    const result = await sink.publish({ key: 'ci/model-report', title: 'Model report', markdown: '## new report' });

    expect(result).toEqual({ posted: true, url: `https://gl.example/g/p/-/merge_requests/5#note_${ours.id}`, truncated: false });
    const notes = fake.notes('42', 5);
    expect(notes).toHaveLength(230);
    expect(notes.find((n) => n.id === ours.id)!.body).toBe(`${reportMarker('ci/model-report')}\n## new report`);
    expect(notes.filter((n) => n.body.includes('mlci-report: ci/other-report'))[0]!.body).toContain('other');
    const listCalls = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/notes'));
    expect(listCalls.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(fake.requests.every((r) => r.privateToken === 'glpat-secret')).toBe(true);
    expect(fake.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('posts a new note when none has the marker, then updates that one on the next run (one note per key)', async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-secret', BOT);
    const sink = new MergeRequestNoteSink({ client: client(fake.apiUrl), projectId: 'group/sub/project', mergeRequestIid: 9 });
    const first = await sink.publish({ key: 'ci/report', title: 't', markdown: 'v1' });
    const second = await sink.publish({ key: 'ci/report', title: 't', markdown: 'v2' });
    const third = await sink.publish({ key: 'ci/report', title: 't', markdown: 'v2' });
    expect(first.posted && second.posted && third.posted).toBe(true);
    const notes = fake.notes('group/sub/project', 9);
    expect(notes.map((n) => n.body)).toEqual([`${reportMarker('ci/report')}\nv2`]);
    // The project path is URL-encoded as one segment; an unchanged report is not rewritten.
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(fake.requests.find((r) => r.method === 'POST')!.path).toBe('/projects/group/sub/project/merge_requests/9/notes'.replace('group/sub/project', 'group%2Fsub%2Fproject'));
  });

  it('follows keyset pagination (Link rel=next)', async () => {
    fake = await startFakeGitLab({ pagination: 'keyset' });
    fake.users.set('glpat-secret', BOT);
    for (let i = 0; i < 150; i++) fake.addNote('1', 1, `c${i}`, HUMAN);
    const ours = fake.addNote('1', 1, `${reportMarker('k')}\nold`, BOT);
    const result = await new MergeRequestNoteSink({ client: client(fake.apiUrl), projectId: '1', mergeRequestIid: 1 }).publish({ key: 'k', title: '', markdown: 'new' });
    expect(result.posted).toBe(true);
    expect(fake.notes('1', 1).find((n) => n.id === ours.id)!.body).toContain('new');
    expect(fake.notes('1', 1)).toHaveLength(151);
  });

  it("does not take over a note where someone else quoted the marker", async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-secret', BOT);
    const quoted = fake.addNote('1', 1, `look: ${reportMarker('k')}`, HUMAN);
    await new MergeRequestNoteSink({ client: client(fake.apiUrl), projectId: '1', mergeRequestIid: 1 }).publish({ key: 'k', title: '', markdown: 'r' });
    expect(fake.notes('1', 1).find((n) => n.id === quoted.id)!.body).toBe(`look: ${reportMarker('k')}`);
    expect(fake.notes('1', 1)).toHaveLength(2);
  });

  it('waits as Retry-After says on 429 and backs off on 5xx, then succeeds', async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-secret', BOT);
    fake.faults.push({ method: 'GET', path: /\/notes$/, status: 429, retryAfter: '3' });
    fake.faults.push({ method: 'POST', path: /\/notes$/, status: 502, times: 2 });
    const waits: number[] = [];
    const result = await new MergeRequestNoteSink({ client: client(fake.apiUrl, waits), projectId: '1', mergeRequestIid: 1 }).publish({ key: 'k', title: '', markdown: 'r' });
    expect(result.posted).toBe(true);
    // 3 s from Retry-After, then 10 ms and 20 ms of exponential backoff (baseDelayMs 10).
    expect(waits).toEqual([3000, 10, 20]);
    expect(fake.notes('1', 1)).toHaveLength(1);
  });

  it('gives up after the retries with a one-line ServiceError naming the status and a fix', async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-secret', BOT);
    fake.faults.push({ path: /\/notes$/, status: 503, times: 100 });
    const sink = new MergeRequestNoteSink({ client: client(fake.apiUrl), projectId: '1', mergeRequestIid: 1 });
    const err = await sink.publish({ key: 'k', title: '', markdown: 'r' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^.*GET \/api\/v4\/projects\/1\/merge_requests\/1\/notes answered 503 \(503 injected\)\. .*retry/);
    expect((err as Error).message).not.toContain('\n');
    expect((err as Error).message).not.toContain('glpat-secret');
    // 1 attempt + 4 retries
    expect(fake.requests.filter((r) => r.path.endsWith('/notes'))).toHaveLength(5);
  });

  it('returns a notice, not an error, when the token may not write notes (401/403)', async () => {
    fake = await startFakeGitLab();
    const result = await new MergeRequestNoteSink({ client: client(fake.apiUrl, [], 'glpat-revoked'), projectId: '1', mergeRequestIid: 1 }).publish({ key: 'k', title: '', markdown: 'r' });
    expect(result.posted).toBe(false);
    expect(result.notice).toMatch(/401.*project access token/);
    expect(result.notice).not.toContain('glpat-revoked');
  });

  it("cuts a report over GitLab's 1,000,000-character limit and says where the rest is", async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-secret', BOT);
    const row = '| feature | 0.1234 |\n';
    const markdown = '| a | b |\n|---|---|\n' + row.repeat(Math.ceil(1_100_000 / row.length));
    const result = await new MergeRequestNoteSink({ client: client(fake.apiUrl), projectId: '1', mergeRequestIid: 1, fullReportUrl: 'https://gl/-/jobs/1/artifacts/browse' }).publish({ key: 'k', title: '', markdown });
    expect(result).toMatchObject({ posted: true, truncated: true });
    const body = fake.notes('1', 1)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(NOTE_MAX_CHARS);
    expect(body).toContain('[job artifacts](https://gl/-/jobs/1/artifacts/browse)');
    // No half row before the notice.
    expect(body.split('\n---\n')[0]!.trimEnd().endsWith('0.1234 |')).toBe(true);
  });
});

describe('baseline providers', () => {
  it("downloads files from the default branch's latest successful pipeline with the job token; missing files are skipped", async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('job-tok');
    fake.setArtifact('42', 'main', 'evaluate', 'mlci/evaluate/metrics.json', '{"accuracy":0.91}');
    const dest = mkdtempSync(join(tmpdir(), 'mlci-baseline-'));
    const provider = new JobArtifactBaselineProvider({
      client: new GitLabClient({ apiUrl: fake.apiUrl, auth: { kind: 'job-token', token: 'job-tok' } }),
      projectId: '42',
      ref: 'main',
      job: 'evaluate',
      projectUrl: 'https://gl/g/p',
    });
    const result = await provider.fetch({ files: ['mlci/evaluate/metrics.json', 'mlci/evaluate/missing.json'], destDir: dest });
    expect(result.files).toEqual([join(dest, 'mlci/evaluate/metrics.json')]);
    expect(readFileSync(join(dest, 'mlci/evaluate/metrics.json'), 'utf8')).toBe('{"accuracy":0.91}');
    expect(existsSync(join(dest, 'mlci/evaluate/missing.json'))).toBe(false);
    expect(result.source).toMatchObject({ kind: 'pipeline', url: 'https://gl/g/p/-/jobs/artifacts/main/browse?job=evaluate' });
    const call = fake.requests[0]!;
    expect(call.path).toBe('/projects/42/jobs/artifacts/main/raw/mlci/evaluate/metrics.json');
    expect(call.query).toEqual({ job: 'evaluate' });
    expect(call.jobToken).toBe('job-tok');
  });

  it('reports no baseline (not an error) when the default branch has none, and rejects paths outside the artifacts', async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('t');
    const provider = new JobArtifactBaselineProvider({ client: new GitLabClient({ apiUrl: fake.apiUrl, auth: { kind: 'job-token', token: 't' } }), projectId: '42', ref: 'main', job: 'evaluate' });
    const dest = mkdtempSync(join(tmpdir(), 'mlci-baseline-'));
    const result = await provider.fetch({ files: ['metrics.json'], destDir: dest });
    expect(result).toEqual({ source: { kind: 'none', description: expect.stringContaining('no baseline') }, files: [] });
    await expect(provider.fetch({ files: ['../etc/passwd'], destDir: dest })).rejects.toThrow(/not a path inside the job's artifacts/);
  });

  it("fetches the baseline from the pipeline behind an environment's current deployment", async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('t');
    fake.addDeployment('42', { id: 1, sha: 'aaaaaaaa11', ref: 'main', status: 'success', environment: 'production', pipelineId: 100 });
    fake.addDeployment('42', { id: 2, sha: 'bbbbbbbb22', ref: 'main', status: 'success', environment: 'production', pipelineId: 200 });
    fake.addDeployment('42', { id: 3, sha: 'cccccccc33', ref: 'main', status: 'failed', environment: 'production', pipelineId: 300 });
    fake.addPipelineJob('42', 200, { id: 2001, name: 'evaluate', status: 'success', artifacts: { 'out/metrics.json': '{"f1":0.8}' } });
    const dest = mkdtempSync(join(tmpdir(), 'mlci-baseline-'));
    const result = await new DeploymentBaselineProvider({
      client: new GitLabClient({ apiUrl: fake.apiUrl, auth: { kind: 'job-token', token: 't' } }),
      projectId: '42',
      environment: 'production',
      job: 'evaluate',
    }).fetch({ files: ['out/metrics.json'], destDir: dest });
    expect(result.source).toMatchObject({ kind: 'pipeline', runId: 200, commit: 'bbbbbbbb22' });
    expect(readFileSync(join(dest, 'out/metrics.json'), 'utf8')).toBe('{"f1":0.8}');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('GitLabDeploymentHistory (the gate port)', () => {
  it('finds successful deployments of a version by commit SHA prefix or tag, across pages', async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('t');
    for (let i = 1; i <= 130; i++) fake.addDeployment('42', { id: i, sha: `${i.toString(16).padStart(8, '0')}ffffffff`, ref: 'main', status: 'success', environment: 'staging', pipelineId: i });
    fake.addDeployment('42', { id: 3000, sha: 'abcdef1234567890', ref: 'v1.4.0', status: 'success', environment: 'staging', pipelineId: 3000 });
    fake.addDeployment('42', { id: 3001, sha: 'abcdef1234567890', ref: 'main', status: 'failed', environment: 'staging', pipelineId: 3001 });
    fake.addDeployment('42', { id: 3002, sha: 'abcdef1234567890', ref: 'main', status: 'success', environment: 'production', pipelineId: 3002 });
    const history = new GitLabDeploymentHistory({ client: new GitLabClient({ apiUrl: fake.apiUrl, auth: { kind: 'job-token', token: 't' } }), projectId: '42' });
    expect((await history.successfulDeployments('staging', 'abcdef12')).map((d) => d.id)).toEqual([3000]);
    expect((await history.successfulDeployments('staging', 'v1.4.0')).map((d) => d.id)).toEqual([3000]);
    expect((await history.successfulDeployments('staging', '1.4.0')).map((d) => d.id)).toEqual([3000]);
    expect((await history.successfulDeployments('staging', '0.0.0-sha-abcdef1')).map((d) => d.id)).toEqual([3000]);
    // The oldest deployment is on the second page of 100.
    expect((await history.successfulDeployments('staging', '00000001')).map((d) => d.id)).toEqual([1]);
    expect(await history.successfulDeployments('staging', 'abc')).toEqual([]);
    expect(await history.successfulDeployments('qa', 'abcdef12')).toEqual([]);
  });
});

describe('publishGenericPackage', () => {
  it('streams each file to the Generic Package Registry, again in full after a 503', async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('t');
    const dir = mkdtempSync(join(tmpdir(), 'mlci-pkg-'));
    const model = Buffer.alloc(3 * 1024 * 1024 + 7, 5);
    writeFileSync(join(dir, 'model.onnx'), model);
    writeFileSync(join(dir, 'MODEL_CARD.md'), '# card');
    fake.faults.push({ method: 'PUT', path: /model\.onnx$/, status: 503 });
    const client = new GitLabClient({ apiUrl: fake.apiUrl, auth: { kind: 'job-token', token: 't' }, sleep: async () => undefined });
    const result = await publishGenericPackage(client, 'ml/penguins', { name: 'penguins', version: '1.4.0', files: [join(dir, 'model.onnx'), join(dir, 'MODEL_CARD.md')] }, 'https://gl/ml/penguins');
    expect(fake.packageFile('ml/penguins', 'penguins', '1.4.0', 'model.onnx')?.equals(model)).toBe(true);
    expect(fake.packageFile('ml/penguins', 'penguins', '1.4.0', 'MODEL_CARD.md')?.toString()).toBe('# card');
    expect(result.files.map((f) => [f.name, f.bytes])).toEqual([['model.onnx', model.length], ['MODEL_CARD.md', 6]]);
    expect(result.url).toBe('https://gl/ml/penguins/-/packages');
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([503, 201, 201]);
  });

  it('refuses names GitLab would reject before uploading anything', async () => {
    const client = new GitLabClient({ apiUrl: 'http://127.0.0.1:9/api/v4' });
    await expect(publishGenericPackage(client, '1', { name: 'my model', version: '1', files: [] })).rejects.toThrow(/package name 'my model'/);
    await expect(publishGenericPackage(client, '1', { name: 'm', version: '1 0', files: [] })).rejects.toThrow(/package version '1 0'/);
  });
});
