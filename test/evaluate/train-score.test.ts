/** `mlci train` (run record, skip when unchanged, failures, memory) and `mlci score` (CSV and JSON Lines predictions). */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { linearClassifier, linearRegression } from './onnx-models.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const env = { PATH: process.env.PATH };

// A training script: reads params.yaml's lr and data.csv, writes model.bin and a nested YAML metrics file.
const TRAIN = `
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
const lr = /lr: (\\S+)/.exec(readFileSync('params.yaml', 'utf8'))[1];
const rows = readFileSync('data.csv', 'utf8').trim().split('\\n').length - 1;
mkdirSync('out', { recursive: true });
writeFileSync('out/model.bin', 'weights ' + lr + ' ' + rows);
writeFileSync('out/metrics.yaml', 'train:\\n  loss: 0.25\\n  acc: 0.9\\nname: run\\nepochs: 3\\n');
console.log('trained with lr ' + lr);
`;

function project() {
  return testdir({ 'train.mjs': TRAIN, 'params.yaml': 'lr: 0.1\n', 'data.csv': 'a,b\n1,2\n3,4\n' });
}

const trainArgs = ['train', '--inputs', 'data.csv,train.mjs', '--outputs', 'out/model.bin', '--metrics', 'out/metrics.yaml', '--', process.execPath, 'train.mjs'];

describe('mlci train', () => {
  it('runs the command, streams its output and records run.json', async () => {
    const dir = project();
    const r = await runCli(trainArgs, { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('trained with lr 0.1\n');
    expect(r.stdout).toMatch(/mlci train: ran in .* peak memory [\d.]+ MiB, 1 output file\(s\); train\.loss 0\.25, train\.acc 0\.9, epochs 3/);
    const record = JSON.parse(readFileSync(join(dir, 'mlci-train', 'run.json'), 'utf8'));
    expect(record).toMatchObject({
      version: 1,
      command: [process.execPath, 'train.mjs'],
      exit_code: 0,
      params_file: 'params.yaml',
      params: { lr: 0.1 },
      inputs: { 'data.csv': sha256('a,b\n1,2\n3,4\n'), 'train.mjs': sha256(TRAIN) },
      outputs: { 'out/model.bin': sha256('weights 0.1 2') },
      metrics_file: 'out/metrics.yaml',
      metrics: { 'train.loss': 0.25, 'train.acc': 0.9, epochs: 3 },
      git_commit: null,
    });
    expect(record.duration_ms).toBeGreaterThan(0);
    // Sampled every 50 ms from /proc: a short run may only be seen starting up (the tree test below checks the size).
    expect(record.peak_memory_bytes).toBeGreaterThan(0);
    expect(record.peak_memory_method).toContain('VmRSS');
  });

  it('skips when inputs, parameters and command are unchanged, and reruns when any changes', async () => {
    const dir = project();
    expect((await runCli(trainArgs, { cwd: dir, env })).code).toBe(0);
    const first = JSON.parse(readFileSync(join(dir, 'mlci-train', 'run.json'), 'utf8'));
    const again = await runCli(trainArgs, { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`mlci train: skipped: inputs, parameters and command unchanged since ${first.finished_at} (${join(dir, 'mlci-train', 'run.json')})\n`);

    writeFileSync(join(dir, 'params.yaml'), 'lr: 0.2\n');
    const changed = await runCli(trainArgs, { cwd: dir, env });
    expect(changed.stdout).toContain('trained with lr 0.2');

    rmSync(join(dir, 'out', 'model.bin'));
    expect((await runCli(trainArgs, { cwd: dir, env })).stdout).toContain('trained with lr 0.2');

    writeFileSync(join(dir, 'data.csv'), 'a,b\n1,2\n');
    expect((await runCli(trainArgs, { cwd: dir, env })).stdout).toContain('trained');

    expect((await runCli(trainArgs, { cwd: dir, env })).stdout).toContain('skipped');
    expect((await runCli([...trainArgs.slice(0, 1), '--force', ...trainArgs.slice(1)], { cwd: dir, env })).stdout).toContain('trained');
  });

  it('fails with the command exit code and the tail of its output', async () => {
    const dir = testdir({ 'fail.mjs': "for (let i = 1; i <= 30; i++) console.log('line ' + i); console.error('boom: out of data'); process.exit(3);" });
    const r = await runCli(['train', '--', process.execPath, 'fail.mjs'], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mlci: error: training command failed with exit code 3 after [\d.]+ s; last lines:\n/);
    expect(r.stderr).toContain('line 30\nboom: out of data\n');
    expect(r.stderr).not.toContain('line 10\n');
    expect(JSON.parse(readFileSync(join(dir, 'mlci-train', 'run.json'), 'utf8')).exit_code).toBe(3);
    // A failed run is never reused.
    expect((await runCli(['train', '--', process.execPath, 'fail.mjs'], { cwd: dir, env })).code).toBe(3);
  });

  it('reports a command that cannot be found, a missing input and no command as usage errors', async () => {
    const dir = project();
    const a = await runCli(['train', '--', 'no-such-trainer-xyz'], { cwd: dir, env });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/mlci train: cannot run 'no-such-trainer-xyz': ENOENT\. Check the command is installed/);
    const b = await runCli(['train', '--inputs', 'missing.csv', '--', process.execPath, 'train.mjs'], { cwd: dir, env });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--inputs: input missing\.csv does not exist/);
    const c = await runCli(['train'], { cwd: dir, env });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("no training command given");
  });

  it('measures the peak memory of the whole process tree', async () => {
    // The child starts a grandchild that holds ~200 MB; the peak must include it.
    const dir = testdir({
      'parent.mjs': `import { spawnSync } from 'node:child_process'; spawnSync(process.execPath, ['child.mjs'], { stdio: 'inherit' });`,
      'child.mjs': `const b = Buffer.alloc(200 * 1024 * 1024, 1); const t = Date.now(); while (Date.now() - t < 600) {} console.log(b[5]);`,
    });
    const r = await runCli(['train', '--', process.execPath, 'parent.mjs'], { cwd: dir, env });
    expect(r.code).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, 'mlci-train', 'run.json'), 'utf8'));
    expect(record.peak_memory_bytes).toBeGreaterThan(200 * 1024 * 1024);
  });
});

describe('mlci score', () => {
  const W = [
    [1, 0],
    [0, 1],
  ];
  const data = 'pid,x1,x2,label\np1,2,0,a\np2,0,3,b\np3,1,1,a\n';

  it('writes CSV predictions with probabilities next to the id column', async () => {
    const dir = testdir({ 'in.csv': data });
    writeFileSync(join(dir, 'm.onnx'), linearClassifier({ coefficients: W, intercepts: [0, 0], labels: ['a', 'b'] }));
    const r = await runCli(['score', '--model', 'm.onnx', '--data', 'in.csv', '--id', 'pid', '--exclude', 'label', '--out', 'out/pred.csv'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^scored 3 rows \(classification\)/);
    const lines = readFileSync(join(dir, 'out', 'pred.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,prediction,proba_a,proba_b');
    // By hand: softmax([2, 0]) = [0.8808, 0.1192]; softmax([0, 3]) = [0.0474, 0.9526]; a tie [1, 1] → [0.5, 0.5], label a.
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(cells.map((c) => c.slice(0, 2))).toEqual([['p1', 'a'], ['p2', 'b'], ['p3', 'a']]);
    expect(Number(cells[0]![2])).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(Number(cells[1]![3])).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
    expect(Number(cells[2]![2])).toBeCloseTo(0.5, 6);
  });

  it('writes JSON Lines for regression, with the row number as id by default', async () => {
    const dir = testdir({ 'in.csv': data });
    writeFileSync(join(dir, 'r.onnx'), linearRegression([2, 1], 0.5));
    const r = await runCli(['score', '--model', 'r.onnx', '--data', 'in.csv', '--features', 'x1,x2', '--out', 'pred.jsonl'], { cwd: dir });
    expect(r.stderr).toBe('');
    const records = readFileSync(join(dir, 'pred.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // By hand: 2·x1 + x2 + 0.5.
    expect(records).toEqual([
      { id: '0', prediction: 4.5 },
      { id: '1', prediction: 3.5 },
      { id: '2', prediction: 3.5 },
    ]);
  });

  it('applies the same input checks as evaluate', async () => {
    const dir = testdir({ 'in.csv': data });
    writeFileSync(join(dir, 'm.onnx'), linearClassifier({ coefficients: W, intercepts: [0, 0], labels: ['a', 'b'] }));
    const r = await runCli(['score', '--model', 'm.onnx', '--data', 'in.csv', '--id', 'pid'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/in\.csv: the model expects 2 features, found 3 \(x1, x2, label\)/);
    const s = await runCli(['score', '--model', 'm.onnx', '--data', 'in.csv', '--id', 'nope'], { cwd: dir });
    expect(s.stderr).toMatch(/id column 'nope' not found/);
  });
});
