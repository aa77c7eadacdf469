import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMonitorState, monitorMarker } from '@mlci/core';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

/**
 * `mlci monitor` outside GitLab CI (a laptop, another CI): no API call, the decision and the issue body printed and
 * written next to drift.json. Reference numbers by hand: production x is the reference 0..99 shifted by 60, so the K–S
 * statistic is 0.6 (at x = 59 the reference CDF is 60/100, the production CDF 0).
 */

function csv(rows: number, x: (i: number) => number, cat: (i: number) => string): string {
  const lines = ['x,kind'];
  for (let i = 0; i < rows; i++) lines.push(`${x(i)},${cat(i)}`);
  return lines.join('\n') + '\n';
}
const REFERENCE = csv(300, (i) => i % 100, (i) => 'abc'[i % 3]!);
const DRIFTED = csv(300, (i) => 60 + (i % 100), (i) => (i % 5 ? 'c' : 'a'));

function project(files: Record<string, string> = {}): string {
  return testdir({ 'ref.csv': REFERENCE, 'prod.csv': DRIFTED, 'same.csv': REFERENCE, ...files });
}

const base = ['monitor', '--reference', 'ref.csv', '--model', 'penguins'];

describe('mlci monitor outside GitLab CI', () => {
  it('prints the drift, the decision and the issue body, writes drift.json/drift.md/issue.md, and exits 0 on drift', async () => {
    const cwd = project();
    // A GITLAB_TOKEN alone is not enough: without GITLAB_CI=true nothing is called (there is no server here to call).
    const r = await runCli([...base, '--data', 'prod.csv'], { cwd, env: { GITLAB_TOKEN: 'glpat-local-secret' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DRIFT x +ks 0\.6 /m);
    expect(r.stdout).toContain('dataset drift: 2 of 2 columns drifted (100%, threshold 50%); report in .mlci/monitor/drift.json');
    expect(r.stdout).toContain('production sample: all 300 rows');
    expect(r.stdout).toContain('mlci: decision: open an issue "Data drift in production: penguins" (or update the open one)');
    expect(r.stdout).toContain(monitorMarker('penguins'));
    expect(r.stderr).toBe('mlci: notice: not in GitLab CI (GITLAB_CI is not true), so no issue was written. The drift report is in .mlci/monitor/drift.md and the issue body in .mlci/monitor/issue.md\n');
    expect(r.stdout + r.stderr).not.toContain('glpat-local-secret');
    const drift = JSON.parse(readFileSync(join(cwd, '.mlci/monitor/drift.json'), 'utf8')) as { drifted: boolean; columns: Record<string, { score: number }> };
    expect(drift.drifted).toBe(true);
    expect(drift.columns.x!.score).toBeCloseTo(0.6, 12);
    expect(readFileSync(join(cwd, '.mlci/monitor/drift.md'), 'utf8')).toContain('| x |');
    const issue = readFileSync(join(cwd, '.mlci/monitor/issue.md'), 'utf8');
    expect(issue.split('\n').slice(0, 3)).toEqual(['# Data drift in production: penguins', '', monitorMarker('penguins')]);
    expect(decodeMonitorState(issue)).toMatchObject({ drifted: true, columns: ['kind', 'x'], dispatched: false });
  });

  it('--fail-on-drift exits 1 on drift and 0 without; no drift decides nothing to open', async () => {
    const cwd = project();
    expect((await runCli([...base, '--data', 'prod.csv', '--fail-on-drift'], { cwd })).code).toBe(1);
    const clear = await runCli([...base, '--data', 'same.csv', '--fail-on-drift', '--out', 'out/m'], { cwd });
    expect(clear.code).toBe(0);
    expect(clear.stdout).toContain('no dataset drift: 0 of 2 columns drifted');
    expect(clear.stdout).toContain('mlci: decision: close the open drift issue, if there is one');
    expect(readFileSync(join(cwd, 'out/m/issue.md'), 'utf8')).toContain('**Drift cleared**');
  });

  it("respects mlci.yml's drift section (ignore) and names the file in its errors", async () => {
    const cwd = project({ 'mlci.yml': 'drift:\n  ignore: [x]\n', 'bad.yml': 'drift:\n  share: 7\n' });
    const r = await runCli([...base, '--data', 'prod.csv'], { cwd });
    expect(r.stdout).toContain('dataset drift: 1 of 1 columns drifted');
    expect(r.stdout).not.toMatch(/^DRIFT x/m);
    const bad = await runCli([...base, '--data', 'prod.csv', '--config', 'bad.yml'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mlci: error: .*bad\.yml.*share/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('samples production rows with a seeded reservoir: same seed, same drift; the sample is described', async () => {
    const cwd = project();
    const a = await runCli([...base, '--data', 'prod.csv', '--sample-rows', '50', '--seed', '3', '--out', 'a'], { cwd });
    const b = await runCli([...base, '--data', 'prod.csv', '--sample-rows', '50', '--seed', '3', '--out', 'b'], { cwd });
    expect(b.code).toBe(0);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('production sample: 50 of 300 rows (seeded reservoir sample, seed 3)');
    const read = (dir: string) => JSON.parse(readFileSync(join(cwd, dir, 'drift.json'), 'utf8')) as { current: { rows: number }; columns: unknown };
    expect(read('a').current.rows).toBe(50);
    expect(read('a').columns).toEqual(read('b').columns);
    expect(readFileSync(join(cwd, 'a/issue.md'), 'utf8')).toContain('50 of 300 rows \\(seeded reservoir sample, seed 3\\) from prod.csv');
  });

  it('accepts a profile.json on either side', async () => {
    const cwd = project();
    expect((await runCli(['profile', 'ref.csv', '--out', 'refprof'], { cwd })).code).toBe(0);
    const r = await runCli(['monitor', '--reference', 'refprof/profile.json', '--data', 'prod.csv', '--model', 'm'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DRIFT x +ks 0\.6 /m);
    expect(readFileSync(join(cwd, '.mlci/monitor/issue.md'), 'utf8')).toContain('refprof/profile.json \\(training profile\\) (300 rows)');
  });

  it.each([
    [['monitor', '--data', 'prod.csv', '--reference', 'ref.csv'], /^mlci: error: mlci monitor: missing required option --model\. /],
    [['monitor', '--reference', 'ref.csv', '--model', 'm'], /^mlci: error: mlci monitor: missing required option --data\. /],
    [[...base, '--data', 'missing.csv'], /^mlci: error: --data: .*missing\.csv/],
    [[...base, '--data', 'prod.csv', '--sample-rows', '0'], /^mlci: error: --sample-rows: '0' is not a positive whole number\. Pass a number such as 50000\n$/],
    [[...base, '--data', 'prod.csv', '--seed', '1.5'], /^mlci: error: --seed: '1\.5' is not a whole number/],
    [[...base, '--data', 'prod.csv', '--retrain', 'workflow'], /^mlci: error: --retrain: 'workflow' is not a way to retrain\. Use pipeline .*, trigger .* or none\n$/],
    [['monitor', '--data', 'prod.csv', '--reference', 'ref.csv', '--model', 'a\nb'], /^mlci: error: --model: the model name is not usable/],
  ])('bad input is one line and exit 2: %j', async (args, message) => {
    const r = await runCli(args, { cwd: project() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('inside GitLab CI, --retrain trigger without MLCI_RETRAIN_TRIGGER_TOKEN is refused before any work', async () => {
    const r = await runCli([...base, '--data', 'prod.csv', '--retrain', 'trigger'], { cwd: project(), env: { GITLAB_CI: 'true', GITLAB_TOKEN: 't', CI_PROJECT_ID: '1', CI_DEFAULT_BRANCH: 'main' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlci: error: MLCI_RETRAIN_TRIGGER_TOKEN: --retrain trigger needs the trigger token in MLCI_RETRAIN_TRIGGER_TOKEN\. .*never on the command line\)\n$/);
  });

  it('is listed in mlci --help with its own help', async () => {
    const help = await runCli(['monitor', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--retrain <how>');
    expect(help.stdout).toContain('--sample-rows <n>');
  });
});
