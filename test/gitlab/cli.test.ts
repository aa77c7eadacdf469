import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportMarker } from '@mlci/gitlab';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitLab, type FakeGitLab } from '../fake-gitlab/server.js';

let fake: FakeGitLab | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const BOT = { id: 7, username: 'project_42_bot' };

function ciEnv(apiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITLAB_CI: 'true',
    CI_API_V4_URL: apiUrl,
    CI_SERVER_URL: apiUrl.replace(/\/api\/v4$/, ''),
    CI_PROJECT_ID: '42',
    CI_PROJECT_URL: 'https://gitlab.example/ml/penguins',
    CI_DEFAULT_BRANCH: 'main',
    CI_JOB_TOKEN: 'job-token-value',
    MLCI_GITLAB_RETRY_BASE_MS: '1',
    ...extra,
  };
}

describe('mlci gitlab note', () => {
  it('without a token prints the report and a notice, writes the artifact, posts nothing and exits 0', async () => {
    fake = await startFakeGitLab();
    const cwd = testdir({ 'report.md': '## Model report\n| metric | value |\n' });
    const r = await runCli(['gitlab', 'note', '--file', 'report.md', '--name', 'model'], { cwd, env: ciEnv(fake.apiUrl, { CI_MERGE_REQUEST_IID: '3' }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## Model report');
    expect(r.stderr).toMatch(/^mlci: notice: no GITLAB_TOKEN: CI_JOB_TOKEN cannot write merge request notes.*masked CI\/CD variable named GITLAB_TOKEN.*mlci\/report\/model\.md\n$/);
    expect(readFileSync(join(cwd, 'mlci/report/model.md'), 'utf8')).toContain('## Model report');
    expect(fake.requests).toHaveLength(0);
  });

  it('with a token posts one note per scope and name, updates it on the next run, and never prints the token', async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-abc', BOT);
    const cwd = testdir({ 'report.md': 'first' });
    const env = ciEnv(fake.apiUrl, { CI_MERGE_REQUEST_IID: '3', GITLAB_TOKEN: 'glpat-abc', CI_PIPELINE_NAME: 'ml' });
    const first = await runCli(['gitlab', 'note', '--file', 'report.md', '--name', 'model'], { cwd, env });
    expect(first.code).toBe(0);
    const id = fake.notes('42', 3)[0]!.id;
    expect(first.stdout).toBe(`mlci: report 'model' posted to merge request !3: https://gitlab.example/ml/penguins/-/merge_requests/3#note_${id}\n`);
    const cwd2 = testdir({ 'report.md': 'second' });
    expect((await runCli(['gitlab', 'note', '--file', 'report.md', '--name', 'model'], { cwd: cwd2, env })).code).toBe(0);
    expect(fake.notes('42', 3).map((n) => n.body)).toEqual([`${reportMarker('ml/model')}\nsecond`]);
    // Another report name is another note.
    await runCli(['gitlab', 'note', '--file', 'report.md', '--name', 'drift'], { cwd: cwd2, env });
    expect(fake.notes('42', 3)).toHaveLength(2);
    expect(JSON.stringify([first])).not.toContain('glpat-abc');
  });

  it('does not fail the job when GitLab keeps failing or refuses the token', async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-abc', BOT);
    fake.faults.push({ path: /notes/, status: 500, times: 50 });
    const cwd = testdir({ 'report.md': 'body' });
    const r = await runCli(['gitlab', 'note', '--file', 'report.md', '--name', 'm'], { cwd, env: ciEnv(fake.apiUrl, { CI_MERGE_REQUEST_IID: '3', GITLAB_TOKEN: 'glpat-abc' }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('retry 4 in');
    expect(r.stderr).toMatch(/mlci: notice: the note could not be posted: .*answered 500/);
    fake.faults.length = 0;
    const denied = await runCli(['gitlab', 'note', '--file', 'report.md', '--name', 'm'], { cwd, env: ciEnv(fake.apiUrl, { CI_MERGE_REQUEST_IID: '3', GITLAB_TOKEN: 'glpat-wrong' }) });
    expect(denied.code).toBe(0);
    expect(denied.stderr).toMatch(/GitLab refused the note \(401\)/);
    expect(denied.stderr + denied.stdout).not.toContain('glpat-wrong');
  });

  it('outside a merge request pipeline keeps the report in the log and artifacts', async () => {
    const cwd = testdir({ 'r.md': 'x' });
    const r = await runCli(['gitlab', 'note', '--file', 'r.md', '--name', 'm'], { cwd, env: { CI_PROJECT_ID: '1', GITLAB_TOKEN: 't' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no merge request for this pipeline');
  });

  it('names the missing report file and option (exit 2)', async () => {
    const r = await runCli(['gitlab', 'note', '--file', 'nope.md', '--name', 'm'], { cwd: testdir(), env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlci: error: --file: report .*nope\.md does not exist/);
  });
});

describe('mlci gitlab baseline', () => {
  it("downloads the default branch's artifacts with CI_JOB_TOKEN and records the source", async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('job-token-value');
    fake.setArtifact('42', 'main', 'evaluate', 'mlci/evaluate/metrics.json', '{"accuracy":0.9}');
    const cwd = testdir();
    const r = await runCli(['gitlab', 'baseline', '--job', 'evaluate', '--file', 'mlci/evaluate/metrics.json', '--out', 'baseline'], { cwd, env: ciEnv(fake.apiUrl) });
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'baseline/mlci/evaluate/metrics.json'), 'utf8')).toBe('{"accuracy":0.9}');
    const info = JSON.parse(readFileSync(join(cwd, 'baseline/baseline.json'), 'utf8'));
    expect(info).toEqual({
      source: { kind: 'pipeline', description: 'the latest successful pipeline on main (job evaluate)', url: 'https://gitlab.example/ml/penguins/-/jobs/artifacts/main/browse?job=evaluate' },
      files: ['mlci/evaluate/metrics.json'],
    });
    expect(fake.requests[0]!.jobToken).toBe('job-token-value');
  });

  it('says there is no baseline yet and exits 0, or 1 with --require', async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('job-token-value');
    const cwd = testdir();
    const args = ['gitlab', 'baseline', '--job', 'evaluate', '--file', 'metrics.json', '--out', 'b'];
    const r = await runCli(args, { cwd, env: ciEnv(fake.apiUrl) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/notice: no baseline: the latest successful pipeline on main \(job evaluate\) has none of metrics\.json/);
    expect((await runCli([...args, '--require'], { cwd, env: ciEnv(fake.apiUrl) })).code).toBe(1);
  });
});

describe('mlci gitlab metrics and dotenv', () => {
  it('writes OpenMetrics text from metrics JSON', async () => {
    const cwd = testdir({ 'metrics.json': JSON.stringify({ metrics: { accuracy: 0.75, f1: 0.5 } }) });
    const r = await runCli(['gitlab', 'metrics', 'metrics.json', '--out', 'out/metrics.txt'], { cwd, env: {} });
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'out/metrics.txt'), 'utf8')).toBe('# TYPE mlci_accuracy gauge\nmlci_accuracy 0.75\n# TYPE mlci_f1 gauge\nmlci_f1 0.5\n# EOF\n');
  });

  it('writes picked fields and literals with a prefix, appends, and names a missing field', async () => {
    const cwd = testdir({ 'gate.json': JSON.stringify({ decision: 'fail', environment: 'staging', summary: { failed: 2 } }) });
    const r = await runCli(['gitlab', 'dotenv', 'gate.json', '--field', 'decision=GATE_DECISION', '--field', 'summary.failed=GATE_FAILED', '--out', 'gate.env'], { cwd, env: {} });
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'gate.env'), 'utf8')).toBe('MLCI_GATE_DECISION=fail\nMLCI_GATE_FAILED=2\n');
    await runCli(['gitlab', 'dotenv', '--set', 'STATUS=multi\nline', '--out', 'gate.env', '--append'], { cwd, env: {} });
    expect(readFileSync(join(cwd, 'gate.env'), 'utf8')).toBe('MLCI_GATE_DECISION=fail\nMLCI_GATE_FAILED=2\nMLCI_STATUS=multi line\n');
    const all = await runCli(['gitlab', 'dotenv', 'gate.json', '--prefix', 'G_', '--out', 'all.env'], { cwd, env: {} });
    expect(all.code).toBe(0);
    expect(readFileSync(join(cwd, 'all.env'), 'utf8')).toBe('G_DECISION=fail\nG_ENVIRONMENT=staging\n');
    const bad = await runCli(['gitlab', 'dotenv', 'gate.json', '--field', 'nope=X', '--out', 'x.env'], { cwd, env: {} });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("mlci: error: --field: gate.json has no field 'nope'. Use a path that exists in gate.json (dots between keys)\n");
    expect(existsSync(join(cwd, 'x.env'))).toBe(false);
  });

  it('exports chosen headline metrics with --keys, and the first 20 (with a notice) when there are more', async () => {
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`m${i}`, i / 100]));
    const cwd = testdir({ 'metrics.json': JSON.stringify({ accuracy: 0.9, f1: 0.8, ...many }) });
    const picked = await runCli(['gitlab', 'dotenv', 'metrics.json', '--keys', 'f1,accuracy,auc', '--prefix', 'MLCI_METRIC_', '--out', 'm.env'], { cwd, env: {} });
    expect(picked.code).toBe(0);
    expect(readFileSync(join(cwd, 'm.env'), 'utf8')).toBe('MLCI_METRIC_F1=0.8\nMLCI_METRIC_ACCURACY=0.9\n');
    expect(picked.stderr).toBe('mlci: notice: metrics.json has no auc; not exported\n');
    const all = await runCli(['gitlab', 'dotenv', 'metrics.json', '--set', 'STATUS=ok', '--out', 'all.env'], { cwd, env: {} });
    expect(all.code).toBe(0);
    const lines = readFileSync(join(cwd, 'all.env'), 'utf8').trim().split('\n');
    // 27 values and one --set: 20 fit, so 19 values plus STATUS.
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('MLCI_ACCURACY=0.9');
    expect(lines[19]).toBe('MLCI_STATUS=ok');
    expect(all.stderr).toContain('8 of 27 values in metrics.json not exported');
  });
});

describe('mlci gitlab publish', () => {
  it('uploads files to the package registry with CI_JOB_TOKEN, and needs a token', async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('job-token-value');
    const cwd = testdir({ 'model.onnx': 'onnx-bytes', 'out/MODEL_CARD.md': '# card' });
    const r = await runCli(['gitlab', 'publish', '--name', 'penguins', '--version', '1.4.0', '--file', 'model.onnx,out/MODEL_CARD.md'], { cwd, env: ciEnv(fake.apiUrl) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('mlci: published penguins 1.4.0 to the package registry (model.onnx, MODEL_CARD.md; 16 bytes): https://gitlab.example/ml/penguins/-/packages\n');
    expect(fake.packageFile('42', 'penguins', '1.4.0', 'model.onnx')?.toString()).toBe('onnx-bytes');
    const none = await runCli(['gitlab', 'publish', '--name', 'p', '--version', '1', '--file', 'model.onnx'], { cwd, env: { CI_PROJECT_ID: '42' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^mlci: error: CI_JOB_TOKEN: no token to upload the package/);
  });
});

