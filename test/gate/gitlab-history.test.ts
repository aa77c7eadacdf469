import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitLab, type FakeGitLab } from '../fake-gitlab/server.js';

// In a GitLab job, `mlci gate` reads earlier deployments from GitLab (not GitHub) for require_staging_success.
const files = {
  'mlci.yml': 'environments:\n  production:\n    require: { comparison: true }\n    require_staging_success: true\n',
  'comparison.json': JSON.stringify({ passed: true, rows: [] }),
};
const sha = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';

let fake: FakeGitLab | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function gitlabEnv(apiUrl: string, token?: string): Record<string, string> {
  return { GITLAB_CI: 'true', CI_API_V4_URL: apiUrl, CI_SERVER_URL: apiUrl.replace(/\/api\/v4$/, ''), CI_PROJECT_ID: '42', ...(token ? { CI_JOB_TOKEN: token } : {}), MLCI_GITLAB_RETRY_BASE_MS: '1' };
}

describe('mlci gate on GitLab', () => {
  it('passes production when the same model version was deployed to staging successfully, and fails otherwise', async () => {
    fake = await startFakeGitLab();
    fake.jobTokens.add('job-token');
    fake.addDeployment('42', { id: 7, sha, ref: 'main', status: 'success', environment: 'staging', pipelineId: 1 });
    const dir = testdir(files);
    const args = ['gate', '--environment', 'production', '--comparison', 'comparison.json', '--commit', sha];

    const staged = await runCli([...args, '--model-version', `0.0.0-sha-${sha.slice(0, 8)}`], { cwd: dir, env: gitlabEnv(fake.apiUrl, 'job-token') });
    expect(staged.stderr).toBe('');
    expect(staged.stdout).toContain('gate production: PASS');
    expect(staged.code).toBe(0);
    expect(fake.requests.filter((r) => /\/projects\/42\/deployments$/.test(r.path)).map((r) => [r.query.environment, r.jobToken])).toContainEqual(['staging', 'job-token']);

    const other = await runCli([...args, '--model-version', '0.0.0-sha-ffffffff'], { cwd: dir, env: gitlabEnv(fake.apiUrl, 'job-token') });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('gate production: FAIL');
    expect(other.stdout).toMatch(/staging/);
  });

  it('fails closed, saying why, when the job has no token to read deployments', async () => {
    fake = await startFakeGitLab();
    const r = await runCli(['gate', '--environment', 'production', '--comparison', 'comparison.json', '--model-version', '1.0.0'], {
      cwd: testdir(files),
      env: gitlabEnv(fake.apiUrl),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no GITLAB_TOKEN or CI_JOB_TOKEN to read deployments');
  });
});
