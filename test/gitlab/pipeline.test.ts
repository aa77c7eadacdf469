/**
 * The GitLab components run by a real pipeline runner: gitlab-ci-local (npm) executes a .gitlab-ci.yml that includes
 * gitlab/templates/* with inputs, jobs run on this host (--force-shell-executor) with the built `mlci`, and
 * CI_API_V4_URL points at the fake GitLab API. One pipeline covers many jobs because each run takes seconds.
 */
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportMarker } from '@mlci/gitlab';
import { repoRoot, runBuiltCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitLab, type FakeGitLab } from '../fake-gitlab/server.js';
import { treeEnsembleClassifier } from '../evaluate/onnx-models.js';
import { commitProject, jobResult, penguinsProject, mlciCommand, runGitlabCiLocal, skipReason, type PipelineRun } from './gitlab-ci-local.js';

/** A project that uses the components the way a user's repository would, committed in git (gitlab-ci-local needs it). */
function makeProject(ciYaml: string): string {
  const dir = testdir({
    '.gitlab-ci.yml': ciYaml,
    'mlci.yml': readFileSync(join(repoRoot, 'test/fixtures/gitlab/mlci.yml'), 'utf8'),
    'schema.json': readFileSync(join(repoRoot, 'test/fixtures/gitlab/schema.json'), 'utf8'),
  });
  cpSync(join(repoRoot, 'gitlab/templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(repoRoot, 'examples/weather/data'), join(dir, 'data'), { recursive: true });
  // A rule-based "model": rain when it rained, sun otherwise. Features in column order.
  const rainOrSun = treeEnsembleClassifier([{ feature: 0, threshold: 0, left: { leaf: [0, 0, 0, 0, 1] }, right: { leaf: [0, 0, 1, 0, 0] } }], ['drizzle', 'fog', 'rain', 'snow', 'sun'], 4);
  writeFileSync(join(dir, 'model.onnx'), rainOrSun);
  commitProject(dir, 'https://gitlab.example.com/ml/weather.git');
  return dir;
}

/** Accuracy of the rain-or-sun rule on the data, computed here from the CSV (the reference for the evaluate job). */
function referenceAccuracy(csv: string): number {
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
  const correct = rows.filter((r) => (Number(r[1]) > 0 ? 'rain' : 'sun') === r[5]).length;
  return correct / rows.length;
}



const pipelineYaml = `
stages: [validate, evaluate, compare, report, gate, deploy]

include:
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/validate-data@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlciCommand}
      data: data/seattle-weather.csv
      schema: schema.json
      drift: true
      drift_args: --no-fail
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/validate-data@$CI_COMMIT_SHA
    inputs:
      job_name: validate-feed
      mlci_command: ${mlciCommand}
      data: data/seattle-weather-feed.csv
      schema: schema.json
      out: mlci/validate-feed
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/evaluate@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlciCommand}
      model: model.onnx
      data: data/seattle-weather.csv
      target: weather
      task: classification
      features: precipitation,temp_max,temp_min,wind
      headline_metrics: accuracy,f1_macro
      note: true
      args: --bootstrap 0
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/score@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlciCommand}
      model: model.onnx
      data: data/seattle-weather.csv
      id: date
      features: precipitation,temp_max,temp_min,wind
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/compare@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlciCommand}
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/report@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlciCommand}
      title: Weather model
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/gate@$CI_COMMIT_SHA
    inputs:
      job_name: gate-staging
      mlci_command: ${mlciCommand}
      environment: staging
      validation: mlci/validate/validation.json
      evaluation: mlci/evaluate/metrics.json
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/gate@$CI_COMMIT_SHA
    inputs:
      job_name: gate-production
      mlci_command: ${mlciCommand}
      environment: production
      deployment_tier: production
      out: mlci/gate-production
      validation: mlci/validate/validation.json
      evaluation: mlci/evaluate/metrics.json
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/publish-model@$CI_COMMIT_SHA
    inputs:
      job_name: deploy-staging
      mlci_command: ${mlciCommand}
      environment: staging
      deployment_tier: staging
      when: on_success
      allow_failure: false
      model: model.onnx
      model_name: weather
      gate_file: mlci/gate/gate.json
      deploy_script: echo "deployed $MLCI_MODEL_VERSION with accuracy $MLCI_METRIC_ACCURACY"
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/publish-model@$CI_COMMIT_SHA
    inputs:
      job_name: deploy-production
      mlci_command: ${mlciCommand}
      publish: false
      deploy_script: echo "deployed to production"

# Users adjust component jobs by naming them again: the bad feed is expected to fail, the production gate too,
# and each deploy job reads the decision of its own gate.
validate-feed:
  allow_failure: true
gate-production:
  allow_failure: true
deploy-staging:
  dependencies: [mlci-validate-data, mlci-evaluate, gate-staging]
deploy-production:
  dependencies: [gate-production]

dotenv-check:
  stage: deploy
  dependencies: [mlci-validate-data, validate-feed, mlci-evaluate, gate-staging]
  script:
    - echo "drift=$MLCI_DRIFT_DETECTED drifted_columns=$MLCI_DRIFTED_COLUMNS validation=$MLCI_VALIDATION_STATUS errors=$MLCI_VALIDATION_ERRORS accuracy=$MLCI_METRIC_ACCURACY f1_macro=$MLCI_METRIC_F1_MACRO gate=$MLCI_GATE_DECISION env=$MLCI_GATE_ENVIRONMENT" > dotenv-check.txt
  artifacts:
    paths: [dotenv-check.txt]
`;

describe.skipIf(skipReason !== undefined)('GitLab components in a pipeline (gitlab-ci-local)', () => {
  let fake: FakeGitLab;
  let project: string;
  let run: PipelineRun;

  beforeAll(async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-pipeline-token', { id: 99, username: 'project_42_bot' });
    project = makeProject(pipelineYaml);
    // The default branch's profile for the drift check: the first 400 days (the feed's period), profiled by the real CLI.
    const base = testdir({ 'first-400.csv': readFileSync(join(project, 'data/seattle-weather.csv'), 'utf8').split('\n').slice(0, 401).join('\n') + '\n' });
    const profiled = runBuiltCli(['validate', join(base, 'first-400.csv'), '--schema', join(project, 'schema.json'), '--out', join(base, 'out')]);
    if (profiled.code !== 0) throw new Error(`baseline profile failed: ${profiled.stderr}`);
    fake.setArtifact('42', 'main', 'mlci-validate-data', 'mlci/validate/profile.json', readFileSync(join(base, 'out/profile.json')));
    run = await runGitlabCiLocal(project, ['--manual', 'deploy-production'], fake);
  }, 300_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('runs every job with the expected outcome', () => {
    const outcomes = Object.fromEntries(
      ['mlci-validate-data', 'validate-feed', 'mlci-evaluate', 'mlci-score', 'mlci-compare', 'mlci-report', 'gate-staging', 'gate-production', 'deploy-staging', 'deploy-production', 'dotenv-check'].map((j) => [j, jobResult(run.output, j)]),
    );
    expect(outcomes, run.output).toEqual({
      'mlci-validate-data': 'PASS',
      'validate-feed': 'WARN', // failed, allowed to fail
      'mlci-evaluate': 'PASS',
      'mlci-score': 'PASS',
      'mlci-compare': 'PASS', // no baseline yet on the default branch: compared without one
      'mlci-report': 'PASS',
      'gate-staging': 'PASS',
      'gate-production': 'WARN', // accuracy below the production minimum
      'deploy-staging': 'PASS',
      'deploy-production': 'WARN', // refused: its gate failed; manual jobs are allowed to fail
      'dotenv-check': 'PASS',
    });
    expect(run.code, run.output).toBe(0);
  });

  it('passes decisions and headline metrics to later jobs through dotenv reports', () => {
    const accuracy = referenceAccuracy(readFileSync(join(project, 'data/seattle-weather.csv'), 'utf8'));
    const line = readFileSync(join(project, 'dotenv-check.txt'), 'utf8').trim();
    const fields = Object.fromEntries(line.split(' ').map((kv) => kv.split('=') as [string, string]));
    expect(fields.gate).toBe('pass');
    expect(fields.env).toBe('staging');
    expect(Number(fields.accuracy)).toBeCloseTo(accuracy, 10);
    expect(Number(fields.f1_macro)).toBeGreaterThan(0);
    // Two validate jobs export the same names; the later dependency (the bad feed) wins, as in GitLab.
    expect(fields.validation).toBe('failed');
    expect(Number(fields.errors)).toBe(8);
    const staging = readFileSync(join(project, '.gitlab-ci-local/output/deploy-staging.log'), 'utf8');
    expect(staging).toMatch(new RegExp(`^deployed 0\\.0\\.0-sha-[0-9a-f]{8} with accuracy ${fields.accuracy.replace('.', '\\.')}$`, 'm'));
    const production = readFileSync(join(project, '.gitlab-ci-local/output/deploy-production.log'), 'utf8');
    expect(production).toContain("MLCI_GATE_DECISION is 'fail', not pass");
    expect(production).not.toContain('deployed to production');
  });

  it('published the staging model with its model card to the Generic Package Registry', () => {
    const version = /^deployed (\S+) with/m.exec(readFileSync(join(project, '.gitlab-ci-local/output/deploy-staging.log'), 'utf8'))![1]!;
    expect(fake.packageFile('42', 'weather', version, 'model.onnx')?.equals(readFileSync(join(project, 'model.onnx')))).toBe(true);
    const metadata = JSON.parse(fake.packageFile('42', 'weather', version, 'model.json')!.toString()) as { name: string; version: string };
    expect(metadata).toMatchObject({ name: 'weather', version });
    expect(fake.packageFile('42', 'weather', version, 'MODEL_CARD.md')!.toString()).toContain('weather');
  });

  it("checked drift against the default branch's profile", () => {
    const download = fake.requests.find((r) => r.path.endsWith('/raw/mlci/validate/profile.json'));
    expect(download).toMatchObject({ query: { job: 'mlci-validate-data' }, status: 200 });
    // 1,461 days against the first 400: the seasons differ, so temperatures and weather drift (drift.json decides).
    const drift = JSON.parse(readFileSync(join(project, 'mlci/validate/drift/drift.json'), 'utf8')) as { drifted: boolean; driftedColumns: number };
    const line = readFileSync(join(project, 'dotenv-check.txt'), 'utf8');
    expect(line).toMatch(new RegExp(`^drift=${drift.drifted} drifted_columns=${drift.driftedColumns} `));
    expect(readFileSync(join(project, 'mlci/validate/validate.env'), 'utf8')).toContain('MLCI_DRIFT_STATUS=passed\n');
  });

  it('leaves JUnit, OpenMetrics, dotenv and gate artifacts', () => {
    const junit = readFileSync(join(project, 'mlci/validate-feed/junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites');
    expect(junit).toMatch(/failures="[1-9]/);
    const metrics = readFileSync(join(project, 'mlci/evaluate/metrics.txt'), 'utf8');
    expect(metrics).toMatch(/^mlci_accuracy [0-9.]+$/m);
    expect(metrics.trimEnd().endsWith('# EOF')).toBe(true);
    expect(readFileSync(join(project, 'mlci/gate-production/gate.env'), 'utf8')).toBe('MLCI_GATE_DECISION=fail\nMLCI_GATE_ENVIRONMENT=production\n');
    expect(JSON.parse(readFileSync(join(project, 'mlci/gate/gate.json'), 'utf8'))).toMatchObject({ environment: 'staging', decision: 'pass' });
  });

  it('scored the data, compared without a baseline, and reported', () => {
    const predictions = readFileSync(join(project, 'mlci/score/predictions.csv'), 'utf8').trim().split('\n');
    // A header and one prediction per row of the 1,461-day file.
    expect(predictions).toHaveLength(1462);
    expect(predictions[0]).toMatch(/^id,/);
    expect(readFileSync(join(project, 'mlci/compare/compare.env'), 'utf8')).toBe('MLCI_COMPARISON_STATUS=passed\nMLCI_COMPARISON_HAS_BASELINE=false\n');
    expect(JSON.parse(readFileSync(join(project, 'mlci/compare/baseline/baseline.json'), 'utf8')).source.kind).toBe('none');
    const report = readFileSync(join(project, 'mlci/report/report.md'), 'utf8');
    expect(report).toContain('Weather model');
    const note = fake.notes('42', 12).find((n) => n.body.startsWith(reportMarker('gitlab-ci/model-report')));
    expect(note?.body).toBe(`${reportMarker('gitlab-ci/model-report')}\n${report}`);
  });

  it('posted the evaluation summary as its own merge request note, updated in place when the job runs again', async () => {
    const notes = () => fake.notes('42', 12).filter((n) => n.body.startsWith(reportMarker('gitlab-ci/evaluation')));
    expect(notes()).toHaveLength(1);
    expect(fake.notes('42', 12)).toHaveLength(2);
    const first = notes()[0]!.id;
    expect(fake.requests.filter((r) => r.method === 'POST').every((r) => r.privateToken === 'glpat-pipeline-token')).toBe(true);
    expect(run.output).not.toContain('glpat-pipeline-token');

    fake.faults.push({ method: 'GET', path: /\/notes$/, status: 429, retryAfter: '0', times: 1 });
    const again = await runGitlabCiLocal(project, ['mlci-evaluate'], fake);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/answered 429; retry 1/);
    expect(notes().map((n) => n.id)).toEqual([first]);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    // The note now holds the second run's summary (its latency figures differ, so it was rewritten in place).
    const summary = readFileSync(join(project, 'mlci/evaluate/summary.md'), 'utf8');
    expect(notes()[0]!.body).toBe(`${reportMarker('gitlab-ci/evaluation')}\n${summary}`);
  }, 120_000);

  it('rejects an input that is not one of its options (include: local with inputs)', async () => {
    const bad = makeProject(`
stages: [validate]
include:
  - local: templates/validate-data.yml
    inputs:
      data: data/seattle-weather.csv
      fail_on: sometimes
`);
    const r = await runGitlabCiLocal(bad, [], fake);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('`fail_on` input: `sometimes` cannot be used because it is not in the list of allowed options');
  }, 60_000);
});

const penguinsPipelineYaml = `
stages: [validate, train, evaluate, compare, report, gate, deploy]

include:
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/train@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlciCommand}
      command: ${process.execPath} train.mjs
      params: params.yaml
      inputs: data/train.csv,train.mjs
      outputs: model/model.onnx
      metrics: model/train-metrics.json
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/pipeline@$CI_COMMIT_SHA
    inputs:
      mlci_command: ${mlciCommand}
      data: data/train.csv data/test.csv
      schema: schema.json
      model: model/model.onnx
      test_data: data/test.csv
      target: species
      task: classification
      features: beak_depth_mm,flipper_length_mm,body_mass_g
      slice_by: island
      headline_metrics: accuracy,f1_macro
      evaluate_args: --id id --bootstrap 200
      title: Penguin classifier
      deploy_staging_script: echo "staging $MLCI_MODEL_VERSION $MLCI_METRIC_ACCURACY"
      deploy_production_script: echo "production $MLCI_MODEL_VERSION"
`;

/** The penguins example (examples/penguins) as its own repository: data, params, the plain-JS trainer; no model yet. */
function makePenguinsProject(): string {
  const dir = testdir({
    '.gitlab-ci.yml': penguinsPipelineYaml,
    '.gitignore': 'node_modules\n',
    'mlci.yml': readFileSync(join(repoRoot, 'test/fixtures/gitlab/mlci-penguins.yml'), 'utf8'),
    'schema.json': readFileSync(join(repoRoot, 'test/fixtures/gitlab/penguins-schema.json'), 'utf8'),
  });
  cpSync(join(repoRoot, 'gitlab/templates'), join(dir, 'templates'), { recursive: true });
  for (const f of ['data', 'params.yaml', 'train.mjs']) cpSync(join(repoRoot, 'examples/penguins', f), join(dir, f), { recursive: true });
  // train.mjs imports yaml and onnx-proto, as the example does from the repository's dependencies.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  commitProject(dir, 'https://gitlab.example.com/ml/penguins.git');
  return dir;
}

describe.skipIf(skipReason !== undefined)('the penguins example through the whole pipeline (gitlab-ci-local)', () => {
  let fake: FakeGitLab;
  let project: string;
  let run: PipelineRun;
  let baseline: { accuracy: number };

  beforeAll(async () => {
    fake = await startFakeGitLab();
    fake.users.set('glpat-pipeline-token', { id: 99, username: 'project_42_bot' });
    // The default branch's last evaluation: the example trained and evaluated as main would (`mlci run`).
    const main = penguinsProject();
    const mainRun = runBuiltCli(['run', '--quiet', '--stage', 'train,evaluate'], { cwd: main });
    if (mainRun.code !== 0) throw new Error(`mlci run on main failed: ${mainRun.stdout}${mainRun.stderr}`);
    baseline = JSON.parse(readFileSync(join(main, '.mlci/artifact/metrics.json'), 'utf8')) as { accuracy: number };
    fake.setArtifact('42', 'main', 'mlci-evaluate', 'mlci/evaluate/metrics.json', JSON.stringify(baseline));
    project = makePenguinsProject();
    run = await runGitlabCiLocal(project, ['--manual', 'mlci-deploy-production'], fake);
  }, 300_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('trains, validates, evaluates, compares with the default branch, reports, gates and deploys', () => {
    const jobs = ['mlci-train', 'mlci-validate-data', 'mlci-evaluate', 'mlci-compare', 'mlci-report', 'mlci-gate-staging', 'mlci-deploy-staging', 'mlci-gate-production', 'mlci-deploy-production'];
    expect(Object.fromEntries(jobs.map((j) => [j, jobResult(run.output, j)])), run.output).toEqual(Object.fromEntries(jobs.map((j) => [j, 'PASS'])));
    expect(run.code, run.output).toBe(0);
    expect(existsSync(join(project, 'model/model.onnx'))).toBe(true);
    expect(JSON.parse(readFileSync(join(project, 'mlci/train/run.json'), 'utf8'))).toBeTypeOf('object');
  });

  it('hands the headline metrics to the deployment through dotenv', () => {
    // Accuracy recomputed from the per-row outcomes the evaluate job wrote.
    const [, ...rows] = readFileSync(join(project, 'mlci/evaluate/outcomes.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const accuracy = rows.filter((r) => r[3] === r[4]).length / rows.length;
    expect(rows).toHaveLength(86);
    const [, version, exported] = /^staging (\S+) (\S+)$/m.exec(readFileSync(join(project, '.gitlab-ci-local/output/mlci-deploy-staging.log'), 'utf8'))!;
    expect(version).toMatch(/^0\.0\.0-sha-[0-9a-f]{8}$/);
    expect(Number(exported)).toBeCloseTo(accuracy, 12);
    expect(readFileSync(join(project, '.gitlab-ci-local/output/mlci-deploy-production.log'), 'utf8')).toMatch(new RegExp(`^production ${version.replace(/\./g, '\\.')}$`, 'm'));
    // The production job published the trained model with its card.
    expect(fake.packageFile('42', 'model', version!, 'model.onnx')?.equals(readFileSync(join(project, 'model/model.onnx')))).toBe(true);
    expect(fake.packageFile('42', 'model', version!, 'MODEL_CARD.md')?.toString()).toMatch(/accuracy/i);
  });

  it('compared with the baseline downloaded from the fake API', () => {
    const download = fake.requests.find((r) => r.path.startsWith('/projects/42/jobs/artifacts/main/raw/'));
    expect(download).toMatchObject({ path: '/projects/42/jobs/artifacts/main/raw/mlci/evaluate/metrics.json', query: { job: 'mlci-evaluate' }, status: 200 });
    expect(readFileSync(join(project, 'mlci/compare/baseline/baseline.json'), 'utf8')).toContain('"kind": "pipeline"');
    expect(readFileSync(join(project, 'mlci/compare/comparison.json'), 'utf8')).toContain(String(baseline.accuracy));
    expect(readFileSync(join(project, 'mlci/compare/compare.env'), 'utf8')).toBe('MLCI_COMPARISON_STATUS=passed\n');
  });

  it('posted the report as the one merge request note', () => {
    const notes = fake.notes('42', 12);
    expect(notes).toHaveLength(1);
    const report = readFileSync(join(project, 'mlci/report/report.md'), 'utf8');
    expect(notes[0]!.body).toBe(`${reportMarker('gitlab-ci/model-report')}\n${report}`);
    expect(report).toContain('Penguin classifier');
  });
});
