import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

const current = JSON.stringify({ accuracy: 0.8, f1_macro: 0.75, train: { loss: 0.3 } });
const baseline = JSON.stringify({ accuracy: 0.85, f1_macro: 0.7, train: { loss: 0.35 } });

describe('mlci compare', () => {
  it('writes comparison.json and exits 1 when a rule in mlci.yml is broken', async () => {
    const dir = testdir({ 'cur.json': current, 'base.yaml': 'accuracy: 0.85\nf1_macro: 0.7\ntrain:\n  loss: 0.35\n', 'mlci.yml': 'metrics:\n  accuracy: { max_regression: 0.02 }\n' });
    const r = await runCli(['compare', '--current', 'cur.json', '--baseline', 'base.yaml', '--out', 'out'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/accuracy\s+0\.85\s+0\.8\s+-0\.05\s+regressed/);
    expect(r.stdout).toContain('✗ accuracy regressed by 0.05, more than the allowed 0.02');
    const c = JSON.parse(readFileSync(join(dir, 'out/comparison.json'), 'utf8'));
    expect(c.passed).toBe(false);
    expect(c.rows.find((x: { metric: string }) => x.metric === 'train.loss')).toMatchObject({ status: 'improved', direction: 'lower' });
  });

  it('passes without a baseline and says so', async () => {
    const dir = testdir({ 'cur.json': current });
    const r = await runCli(['compare', '--current', 'cur.json', '--out', 'o'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no baseline yet; passed');
  });

  it('exits 2 with one line for bad input', async () => {
    const dir = testdir({ 'cur.json': current, 'bad.yml': 'metrics:\n  accuracy: { direction: sideways }\n' });
    const a = await runCli(['compare', '--current', 'nope.json'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^mlci: error: .*nope\.json: cannot read current metrics file: ENOENT\. Check the current metrics path\n$/);
    const b = await runCli(['compare', '--current', 'cur.json', '--config', 'bad.yml'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.yml:2: metrics\.accuracy\.direction: direction must be "higher" or "lower"/);
    const c = await runCli(['compare'], { cwd: dir });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('missing required option --current');
  });
});

describe('mlci report', () => {
  it('renders Markdown from comparison.json to a file', async () => {
    const dir = testdir({ 'cur.json': current, 'base.json': baseline });
    expect((await runCli(['compare', '--current', 'cur.json', '--baseline', 'base.json', '--out', '.'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['report', '--comparison', 'comparison.json', '--title', 'demo', '--out', 'report.md'], { cwd: dir });
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('### ⚠️ mlci: demo');
    expect(md).toContain('| <code>accuracy</code> | 0.85 | 0.8 | −0.05 (−5.88%) | 🔴 ↓ worse |');
    expect(r.stderr).toContain('No rule broken, 1 metric worse than baseline');
  });

  it('rejects a file that is not a comparison', async () => {
    const dir = testdir({ 'x.json': '{"a":1}' });
    const r = await runCli(['report', '--comparison', 'x.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mlci: error: --comparison: not a comparison.json (needs passed, baseline and rows). Pass the comparison.json written by `mlci compare`\n');
  });
});
