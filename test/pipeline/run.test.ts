import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { degradeTraining, penguinsProject } from './fixture.js';

describe('mlci run', () => {
  it('runs every stage as main, then fails a change that degrades the model against that baseline', async () => {
    const main = penguinsProject();
    const first = await runCli(['run', '--out', 'out-main'], { cwd: main });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // Stage lines in pipeline order.
    const order = [...first.stdout.matchAll(/^(PASS|FAIL|SKIP) (\w+)/gm)].map((m) => m[2]);
    expect(order).toEqual(['validate', 'drift', 'train', 'evaluate', 'compare', 'report', 'gate']);
    expect(first.stdout).toMatch(/^PASS validate +valid: 0 errors, 0 warnings in 2 files/m);
    // First run: no baseline, so no drift reference and nothing to compare with.
    expect(first.stdout).toMatch(/^SKIP drift +no reference yet/m);
    expect(first.stdout).toMatch(/^PASS compare +no baseline yet; 0 rules broken/m);
    expect(first.stdout).toMatch(/^PASS gate +production: pass/m);
    const metrics = JSON.parse(readFileSync(join(main, 'out-main/evaluate/metrics.json'), 'utf8')) as Record<string, number>;
    // examples/penguins/README.md: the 800-epoch model scores about 0.83 on the 86 test rows.
    expect(metrics.accuracy).toBeGreaterThan(0.75);
    for (const f of ['metrics.json', 'outcomes.csv', 'profile.json']) expect(existsSync(join(main, 'out-main/artifact', f))).toBe(true);

    const pr = penguinsProject();
    degradeTraining(pr);
    const second = await runCli(['run', '--out', 'out-pr', '--baseline', join(main, 'out-main/artifact')], { cwd: pr });
    expect(second.code).toBe(1);
    const prMetrics = JSON.parse(readFileSync(join(pr, 'out-pr/evaluate/metrics.json'), 'utf8')) as Record<string, number>;
    // The under-trained model never predicts Chinstrap: macro F1 falls far more than accuracy.
    expect(prMetrics.f1_macro).toBeLessThan(metrics.f1_macro! - 0.05);
    // Same data on both sides: drift runs against the baseline profile and finds none.
    expect(second.stdout).toMatch(/^PASS drift +no dataset drift: 0 of \d+ columns drifted \(reference: profile from /m);
    expect(second.stdout).toMatch(/^FAIL compare +\d+ improved, \d+ regressed, \d+ unchanged; [1-9]\d* rules? broken/m);
    expect(second.stdout).toMatch(/^FAIL gate +production: fail/m);
    expect(second.stdout).toMatch(/failed: compare, gate in /);
    // The report is printed and kept.
    const report = readFileSync(join(pr, 'out-pr/report/report.md'), 'utf8');
    expect(second.stdout).toContain(report.trimEnd().split('\n')[0]!);
    expect(report).toMatch(/accuracy/);
    const comparison = JSON.parse(readFileSync(join(pr, 'out-pr/compare/comparison.json'), 'utf8')) as { passed: boolean; baseline: { found: boolean } };
    expect(comparison).toMatchObject({ passed: false, baseline: { found: true } });
    const gate = JSON.parse(readFileSync(join(pr, 'out-pr/gate/gate.json'), 'utf8')) as { decision: string; reasons: Array<{ code: string }> };
    expect(gate.decision).toBe('fail');
    expect(gate.reasons.map((r) => r.code)).toContain('rule-violated');
    expect(second.stdout).toMatch(/f1_macro/);
  }, 120_000);

  it('runs only the selected stages and reads what earlier runs left in --out', async () => {
    const dir = penguinsProject();
    const first = await runCli(['run', '--stage', 'validate,train,evaluate', '--quiet'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^SKIP compare +not selected/m);
    const gate = await runCli(['run', '--stage', 'gate', '--environment', 'production'], { cwd: dir });
    // The policy requires a comparison, which the first run did not make; the rest it read from .mlci.
    expect(gate.stdout).toMatch(/^FAIL gate +production: fail \(the production policy requires a comparison report and none was given\) \(/m);
    expect(gate.code).toBe(1);
    const decision = JSON.parse(readFileSync(join(dir, '.mlci/gate/gate.json'), 'utf8')) as { reasons: unknown[]; evidence: { reports: Record<string, unknown>; metrics: Record<string, number> } };
    expect(decision.reasons).toHaveLength(1);
    expect(Object.keys(decision.evidence.reports).sort()).toEqual(['evaluation', 'validation']);
    const metrics = JSON.parse(readFileSync(join(dir, '.mlci/evaluate/metrics.json'), 'utf8')) as Record<string, number>;
    expect(decision.evidence.metrics.accuracy).toBe(metrics.accuracy);
  }, 120_000);

  it('rejects a bad config with file:line and exit 2', async () => {
    const dir = penguinsProject('version: 1\nevaluate:\n  model: m.onnx\n  data: d.csv\n');
    const r = await runCli(['run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mlci: error: evaluate\.target: .* \(mlci\.yml:2\)|evaluate\.target/);
    const stage = await runCli(['run', '--stage', 'deploy'], { cwd: penguinsProject() });
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain("'deploy' is not a stage");
  });

  it('says how to start when there is no mlci.yml', async () => {
    const r = await runCli(['run'], { cwd: join(penguinsProject(), 'data') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mlci init');
  });
});
