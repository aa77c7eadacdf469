import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportMarker } from '@mlci/gitlab';
import { repoRoot, runBuiltCli } from '../helpers/cli.js';
import { startFakeGitLab, type FakeGitLab } from '../fake-gitlab/server.js';
import { commitProject, jobResult, mlciCommand, penguinsProject, runGitlabCiLocal, skipReason, type PipelineRun } from './gitlab-ci-local.js';

// Issue 8: the same mlci.yml drives `mlci run`, the GitHub root action and this GitLab component.

describe.skipIf(skipReason !== undefined)('the run component: mlci.yml as one GitLab job (gitlab-ci-local)', () => {
  let fake: FakeGitLab;
  let project: string;
  let run: PipelineRun;
  const artifacts = ['metrics.json', 'profile.json', 'outcomes.csv'];

  beforeAll(async () => {
    // The default branch: `mlci run` as main left .mlci/artifact, which the fake serves as the job's artifacts.
    const main = penguinsProject();
    const mainRun = runBuiltCli(['run', '--quiet'], { cwd: main });
    expect(mainRun.code, mainRun.stdout + mainRun.stderr).toBe(0);
    fake = await startFakeGitLab();
    fake.users.set('glpat-pipeline-token', { id: 99, username: 'project_42_bot' });
    for (const f of artifacts) fake.setArtifact('42', 'main', 'mlci', `.mlci/artifact/${f}`, readFileSync(join(main, '.mlci/artifact', f)));

    // The merge request: training cut short, so the model gets worse.
    project = penguinsProject({ '.gitlab-ci.yml': `stages: [test]\ninclude:\n  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/run@$CI_COMMIT_SHA\n    inputs:\n      mlci_command: ${mlciCommand}\n` });
    const params = join(project, 'params.yaml');
    writeFileSync(params, readFileSync(params, 'utf8').replace(/epochs: \d+/, 'epochs: 3').replace(/learning_rate: [\d.]+/, 'learning_rate: 0.05'));
    cpSync(join(repoRoot, 'gitlab/templates'), join(project, 'templates'), { recursive: true });
    commitProject(project, 'https://gitlab.example.com/ml/penguins.git');
    run = await runGitlabCiLocal(project, [], fake);
  }, 300_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('runs every stage of mlci.yml against the default branch baseline and fails the job on the gate', () => {
    expect(jobResult(run.output, 'mlci'), run.output).toBe('FAIL');
    for (const f of artifacts) {
      expect(fake.requests.some((r) => r.path === `/projects/42/jobs/artifacts/main/raw/.mlci/artifact/${f}` && r.query.job === 'mlci' && r.status === 200)).toBe(true);
    }
    const comparison = JSON.parse(readFileSync(join(project, '.mlci/compare/comparison.json'), 'utf8'));
    const f1 = comparison.rows.find((r: { metric: string }) => r.metric === 'f1_macro');
    expect(f1).toMatchObject({ status: 'regressed' });
    expect(f1.baseline).toBeCloseTo(JSON.parse(readFileSync(join(project, '.mlci/baseline/.mlci/artifact/metrics.json'), 'utf8')).f1_macro, 12);
  });

  it('posts the report as the one merge request note and hands the decision to later jobs', () => {
    const notes = fake.notes('42', 12);
    expect(notes).toHaveLength(1);
    const report = readFileSync(join(project, '.mlci/report/report.md'), 'utf8');
    expect(notes[0]!.body).toBe(`${reportMarker('gitlab-ci/mlci')}\n${report}`);
    expect(report).toContain('### ❌ mlci: penguins');
    const env = readFileSync(join(project, '.mlci/mlci.env'), 'utf8');
    expect(env).toContain('MLCI_GATE_DECISION=fail\n');
    expect(env).toContain('MLCI_RESULT=failed\n');
    expect(readFileSync(join(project, '.mlci/validate/junit.xml'), 'utf8')).toContain('<testsuites');
    expect(readFileSync(join(project, '.mlci/metrics.txt'), 'utf8')).toMatch(/^mlci_accuracy(\{[^}]*\})? 0\.\d+/m);
    expect(existsSync(join(project, '.mlci/artifact/metrics.json'))).toBe(true);
  });
});
