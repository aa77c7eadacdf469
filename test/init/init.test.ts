import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@mlci/core';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

const CSV = 'id,city,temp_c,rain\n1,Oslo,3.5,true\n2,Bergen,7.25,false\n3,Oslo,-1,true\n';

function gitRepo(files: Record<string, string>, remote?: string): string {
  const dir = testdir(files);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  if (remote) execFileSync('git', ['remote', 'add', 'origin', remote], { cwd: dir });
  return dir;
}

describe('mlci init', () => {
  it('GitHub repository: writes mlci.yml, the inferred schema and the workflow, prints what to commit; then mlci run validates', async () => {
    const dir = gitRepo({ 'data/weather.csv': CSV, '.github/CODEOWNERS': '* @acme\n' });
    const r = await runCli(['init', '--data', 'data/weather.csv'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mlci init (github: .github/ exists)');
    expect(r.stdout).toContain('git add mlci.yml .github/workflows/ml.yml schema.json');
    const config = await loadConfig(join(dir, 'mlci.yml'));
    expect(config.data).toMatchObject({ files: ['data/weather.csv'], schema: 'schema.json' });
    const schema = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')) as { fields: Array<{ name: string; type: string }> };
    // Types read off the three rows by hand: 1..3 integers, city strings, -1/3.5/7.25 numbers, true/false booleans.
    expect(schema.fields.map((f) => [f.name, f.type])).toEqual([['id', 'integer'], ['city', 'string'], ['temp_c', 'number'], ['rain', 'boolean']]);
    const workflow = parse(readFileSync(join(dir, '.github/workflows/ml.yml'), 'utf8')) as { jobs: { mlci: { uses: string; with: Record<string, unknown> } } };
    expect(workflow.jobs.mlci.uses).toBe('mlci/mlci/.github/workflows/mlci.yml@v1');
    // The workflow passes only inputs the reusable workflow declares.
    const reusable = parse(readFileSync(join(import.meta.dirname, '../../.github/workflows/mlci.yml'), 'utf8')) as { on: { workflow_call: { inputs: object } } };
    for (const k of Object.keys(workflow.jobs.mlci.with)) expect(Object.keys(reusable.on.workflow_call.inputs)).toContain(k);

    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS validate +valid: 0 errors, 0 warnings in 1 file/m);
    expect(run.stdout).toMatch(/^SKIP drift +no reference yet/m);
    expect(run.stdout).toMatch(/^PASS report/m);

    // Bad data now fails the run: the schema holds.
    writeFileSync(join(dir, 'data/weather.csv'), CSV + '4,Oslo,warm,true\n');
    const bad = await runCli(['run'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL validate +invalid: 1 error/m);
  });

  it('refuses to overwrite without --force, in one line, and writes nothing; --force overwrites', async () => {
    const dir = gitRepo({ 'data/weather.csv': CSV, '.github/x': '', 'mlci.yml': 'version: 1\n' });
    const r = await runCli(['init', '--data', 'data/weather.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mlci: error: mlci init: mlci.yml already exists. Pass --force to overwrite, or move the files away first\n');
    expect(existsSync(join(dir, 'schema.json'))).toBe(false);
    expect(existsSync(join(dir, '.github/workflows/ml.yml'))).toBe(false);
    expect(readFileSync(join(dir, 'mlci.yml'), 'utf8')).toBe('version: 1\n');
    const forced = await runCli(['init', '--data', 'data/weather.csv', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('overwrote mlci.yml');
    expect(readFileSync(join(dir, 'mlci.yml'), 'utf8')).toContain('data:');
  });

  it('GitLab repository with a .gitlab-ci.yml: writes the component include beside it and says what line to add', async () => {
    const dir = gitRepo({ 'train.csv': CSV, '.gitlab-ci.yml': 'stages: [test]\n' });
    const r = await runCli(['init', '--data', 'train.csv', '--target', 'rain', '--model', 'model.onnx'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mlci init (gitlab: .gitlab-ci.yml exists)');
    expect(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8')).toBe('stages: [test]\n');
    expect(r.stdout).toContain('- local: .gitlab/ci/mlci.yml');
    const include = parse(readFileSync(join(dir, '.gitlab/ci/mlci.yml'), 'utf8')) as { include: Array<{ component: string; inputs: Record<string, string> }> };
    expect(include.include[0]!.component).toMatch(/^\$CI_SERVER_FQDN\/mlci\/components\/pipeline@/);
    expect(include.include[0]!.inputs).toMatchObject({ config: 'mlci.yml', data: 'train.csv', schema: 'schema.json', model: 'model.onnx', target: 'rain' });
    // Every input is one the pipeline component declares.
    const spec = parse(readFileSync(join(import.meta.dirname, '../../gitlab/templates/pipeline.yml'), 'utf8').split(/^---$/m)[0]!) as { spec: { inputs: object } };
    for (const k of Object.keys(include.include[0]!.inputs)) expect(Object.keys(spec.spec.inputs)).toContain(k);
    const config = await loadConfig(join(dir, 'mlci.yml'));
    expect(config.evaluate).toMatchObject({ model: 'model.onnx', target: 'rain' });
  });

  it('detects GitLab from the origin remote and writes .gitlab-ci.yml when there is none', async () => {
    const dir = gitRepo({}, 'git@gitlab.example.com:ml/model.git');
    const r = await runCli(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gitlab: the origin remote is on GitLab');
    expect(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8')).toBe('include:\n  - local: .gitlab/ci/mlci.yml\n');
    expect(r.stdout).toContain('No --data given');
    // The starter without data is a valid config that runs nothing.
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^SKIP validate +no data: section/m);
  });

  it('rejects a missing data file and an unknown CI', async () => {
    const dir = gitRepo({});
    mkdirSync(join(dir, 'data'));
    const missing = await runCli(['init', '--data', 'data/none.csv'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--data: data file not found: data/none.csv.');
    const ci = await runCli(['init', '--ci', 'jenkins'], { cwd: dir });
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain("--ci: 'jenkins' is not a CI.");
    expect(existsSync(join(dir, 'mlci.yml'))).toBe(false);
  });
});
