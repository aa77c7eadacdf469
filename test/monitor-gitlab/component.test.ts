/**
 * gitlab/templates/monitor.yml run by a real pipeline runner, once: gitlab-ci-local executes a scheduled pipeline that
 * includes the component (jobs on this host with the built `mlci`, CI_API_V4_URL at the fake GitLab API). The issue
 * lifecycle itself is covered by monitor.test.ts through the CLI; this checks the component's wiring: rules, the
 * arguments it builds, the retraining pipeline, artifacts and the dotenv variables later jobs get.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMonitorState, monitorMarker } from '@mlci/core';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitLab, type FakeGitLab } from '../fake-gitlab/server.js';
import { cliBin, commitProject, runGitlabCiLocal, skipReason } from '../gitlab/gitlab-ci-local.js';

function csv(x: (i: number) => number): string {
  const lines = ['x,kind'];
  for (let i = 0; i < 300; i++) lines.push(`${x(i)},${'abc'[i % 3]}`);
  return lines.join('\n') + '\n';
}

const mlci = `${process.execPath} ${cliBin}`;
const TOKEN = 'glpat-monitor-pipeline';

const ciYaml = `
stages: [monitor, after]

include:
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/monitor@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlci}
      data: prod/*.csv
      reference: ref.csv
      model: penguins "classifier"
      labels: mlci-drift,prod
      retrain: pipeline
      sample_rows: '200'
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/monitor@$CI_COMMIT_SHA
    inputs:
      job_name: monitor-on-push-only
      mlci_command: ${mlci}
      rules_if: $CI_PIPELINE_SOURCE == "push"
      data: prod/*.csv
      reference: ref.csv
      model: other

# Adjusting the job as the README shows: fetch the production sample first.
mlci-monitor:
  before_script:
    - mkdir -p prod && cp incoming/day.csv prod/day.csv

after-monitor:
  stage: after
  needs: [mlci-monitor]
  script:
    - echo "status=$MLCI_MONITOR_STATUS drift=$MLCI_DRIFT_DETECTED share=$MLCI_DRIFT_SHARE issue=$MLCI_DRIFT_ISSUE_ACTION retrain=$MLCI_RETRAIN_STARTED" > after.txt
  artifacts:
    paths: [after.txt]
`;

let fake: FakeGitLab | undefined;
afterAll(async () => {
  await fake?.close();
});

describe.skipIf(skipReason !== undefined)('the monitor component in a scheduled pipeline (gitlab-ci-local)', () => {
  it('opens the issue, starts one retraining pipeline, keeps the artifacts and passes dotenv variables; push-only rules keep the other job out', async () => {
    fake = await startFakeGitLab();
    fake.users.set(TOKEN, { id: 5, username: 'monitor_bot' });
    const cwd = testdir({ '.gitlab-ci.yml': ciYaml, 'ref.csv': csv((i) => i % 100), 'incoming/day.csv': csv((i) => 60 + (i % 100)) });
    cpSync(join(repoRoot, 'gitlab/templates'), join(cwd, 'templates'), { recursive: true });
    commitProject(cwd, 'https://gitlab.example.com/ml/penguins.git');

    const variables: Record<string, string> = {
      GITLAB_CI: 'true',
      CI_API_V4_URL: fake.apiUrl,
      CI_SERVER_URL: fake.url,
      CI_PROJECT_ID: '42',
      CI_PROJECT_URL: 'https://gitlab.example.com/ml/penguins',
      CI_DEFAULT_BRANCH: 'main',
      CI_PIPELINE_SOURCE: 'schedule',
      GITLAB_TOKEN: TOKEN,
      MLCI_GITLAB_RETRY_BASE_MS: '1',
    };
    const run = await runGitlabCiLocal(cwd, [], fake, variables);
    expect(run.code, run.output).toBe(0);
    if (process.env.MONITOR_DEBUG) console.log(run.output);
    expect(run.output).toMatch(/^\s*PASS\s+mlci-monitor(\s|$)/m);
    expect(run.output).not.toMatch(/monitor-on-push-only/);
    expect(run.output).not.toContain(TOKEN);

    const model = 'penguins "classifier"';
    const issues = fake.issues('42');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ title: `Data drift in production: ${model}`, labels: ['mlci-drift', 'prod'], state: 'opened' });
    expect(issues[0]!.description.split('\n')[0]).toBe(monitorMarker(model));
    expect(decodeMonitorState(issues[0]!.description)).toMatchObject({ drifted: true, dispatched: true });
    // Only x drifts (the categories are the same): 1 of 2 columns, share 0.5, which is drift at the default 0.5.
    expect(issues[0]!.description).toContain('200 of 300 rows');
    expect(fake.pipelines('42')).toMatchObject([{ ref: 'main', source: 'api', variables: { MLCI_RETRAIN: 'true', MLCI_RETRAIN_MODEL: model } }]);

    const artifacts = join(cwd, '.gitlab-ci-local/artifacts/mlci-monitor/mlci/monitor');
    for (const f of ['drift.json', 'drift.md', 'issue.md', 'monitor.json', 'monitor.env']) expect(existsSync(join(artifacts, f)), f).toBe(true);
    const after = readFileSync(join(cwd, '.gitlab-ci-local/artifacts/after-monitor/after.txt'), 'utf8');
    expect(after.trim()).toBe('status=passed drift=true share=0.5 issue=opened retrain=true');
  }, 180_000);
});
