/**
 * The bundled train/evaluate/score actions, run as the runner runs them (node dist/index.js with INPUT_* variables,
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), and the onnxruntime installer against a temporary tool cache.
 * Needs `npm run build` and `node scripts/bundle.mjs evaluate score train`.
 */
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureOnnxRuntime } from '@mlci/github';
import { runBundledAction } from '../helpers/action.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { linearClassifier } from './onnx-models.js';

const FEATURES = 'beak_depth_mm,flipper_length_mm,body_mass_g';
/** The repository's own onnxruntime-node, linked (not copied) by npm into a temporary tool cache. */
const LOCAL_SPEC = `file:${join(repoRoot, 'node_modules/onnxruntime-node')}`;

function workspace(): string {
  const ws = testdir();
  cpSync(join(repoRoot, 'examples/penguins'), join(ws, 'penguins'), { recursive: true, filter: (src) => !/\/(model|eval)(\/|$)/.test(src) });
  // train.mjs imports onnx-proto and yaml: resolve them from the repository's node_modules.
  symlinkSync(join(repoRoot, 'node_modules'), join(ws, 'node_modules'));
  return ws;
}

function trainInputs() {
  return {
    command: 'node penguins/train.mjs',
    params: 'penguins/params.yaml',
    inputs: 'penguins/data/train.csv\npenguins/train.mjs',
    outputs: 'penguins/model/model.onnx',
    metrics: 'penguins/model/train-metrics.json',
  };
}

describe('actions/train, evaluate, score (bundled)', () => {
  it('trains the penguins model, then skips the unchanged run', async () => {
    const ws = workspace();
    const first = await runBundledAction('train', trainInputs(), {}, ws);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('trained on 256 rows');
    expect(first.outputs).toMatchObject({ status: 'ran', 'run-record': '.mlci/train/run.json', 'exit-code': '0' });
    expect(JSON.parse(first.outputs['metrics-json']!)).toMatchObject({ 'train.rows': 256, epochs: 800 });
    expect(first.summary).toContain('### Training run');
    expect(first.summary).toMatch(/\| train\.accuracy \| 0\.\d+ \|/);
    const second = await runBundledAction('train', trainInputs(), {}, ws);
    expect(second.code).toBe(0);
    expect(second.outputs.status).toBe('skipped');
    expect(second.stdout).toContain('skipped: inputs, parameters and command unchanged since');
    expect(second.stdout).not.toContain('trained on');
  });

  it('fails the step with the training command exit code', async () => {
    const ws = testdir({ 'bad.mjs': "console.log('epoch 1'); console.error('CUDA out of memory'); process.exit(4);" });
    const run = await runBundledAction('train', { command: 'node bad.mjs' }, {}, ws);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/::error::training command failed with exit code 4; last lines: epoch 1 \/ CUDA out of memory/);
    expect(run.outputs).toMatchObject({ status: 'failed', 'exit-code': '4' });
  });

  it('evaluates with a runtime installed into the tool cache on first use and reused after', async () => {
    const ws = workspace();
    expect((await runBundledAction('train', trainInputs(), {}, ws)).code).toBe(0);
    const toolCache = testdir();
    const env = { RUNNER_TOOL_CACHE: toolCache, MLCI_ONNXRUNTIME_SPEC: LOCAL_SPEC };
    const inputs = { model: 'penguins/model/model.onnx', data: 'penguins/data/test.csv', target: 'species', features: FEATURES, 'slice-by': 'island', id: 'id', bootstrap: '200' };
    const run = await runBundledAction('evaluate', inputs, env, ws);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Installing file:.*onnxruntime-node into .*mlci-onnxruntime\/1\.30\.0\/linux-x64 \(first use on this runner\)/);
    expect(run.stdout).toMatch(/Installed onnxruntime-node 1\.30\.0 from .* in [\d.]+ s/);
    expect(existsSync(join(toolCache, 'mlci-onnxruntime/1.30.0', `${process.platform}-${process.arch}`, '.mlci-install-complete'))).toBe(true);
    expect(run.outputs).toMatchObject({ 'metrics-file': '.mlci/evaluate/metrics.json', 'outcomes-file': '.mlci/evaluate/outcomes.csv', task: 'classification', rows: '86' });
    const metrics = JSON.parse(readFileSync(join(ws, '.mlci/evaluate/metrics.json'), 'utf8'));
    expect(Number(run.outputs.accuracy)).toBe(metrics.accuracy);
    expect(Number(run.outputs['roc-auc-ovr'])).toBe(metrics.roc_auc_ovr);
    expect(JSON.parse(run.outputs['metrics-json']!).f1_macro).toBe(metrics.f1_macro);
    expect(metrics.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(run.summary).toContain('### Model evaluation');
    expect(run.summary).toContain('Confusion matrix');
    expect(run.summary).toContain('Slices by island');
    expect(run.summary).toContain('`penguins/data/test.csv`');

    const again = await runBundledAction('evaluate', inputs, env, ws);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Reused onnxruntime-node 1\.30\.0 from .* in [\d.]+ s/);
    expect(again.stdout).not.toContain('Installing');
  });

  it('scores with an existing runtime (onnxruntime-path) and writes JSON Lines', async () => {
    const ws = testdir({ 'rows.csv': 'key,x1,x2\nk1,2,0\nk2,0,3\n' });
    writeFileSync(join(ws, 'm.onnx'), linearClassifier({ coefficients: [[1, 0], [0, 1]], intercepts: [0, 0], labels: ['no', 'yes'] }));
    const run = await runBundledAction('score', { model: 'm.onnx', data: 'rows.csv', id: 'key', out: 'out/p.jsonl', 'onnxruntime-path': repoRoot }, {}, ws);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ predictions: 'out/p.jsonl', rows: '2', task: 'classification' });
    const lines = readFileSync(join(ws, 'out/p.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.prediction])).toEqual([['k1', 'no'], ['k2', 'yes']]);
    expect(run.summary).toContain('Scored 2 rows (classification)');
  });

  it('fails with one line naming the input for bad input (exit 2)', async () => {
    const ws = testdir({ 'test.csv': 'a,b,label\n1,2,0\n' });
    writeFileSync(join(ws, 'm.onnx'), 'not a model');
    const run = await runBundledAction('evaluate', { model: 'm.onnx', data: 'test.csv', target: 'label', 'onnxruntime-path': repoRoot }, {}, ws);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/::error::.*m\.onnx: (not a valid ONNX model|onnxruntime cannot load the model).*Pass an ONNX model file to with\.model/);
    const missing = await runBundledAction('evaluate', { model: 'm.onnx', data: 'test.csv', 'onnxruntime-path': repoRoot }, {}, ws);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("::error::with.target: input 'target' is required");
  });
});

describe('onnxruntime installer', () => {
  it('installs once with the injected npm, writes the marker last, and reinstalls after a partial install', async () => {
    const toolCache = testdir();
    const calls: string[] = [];
    const npm = async ({ prefix, spec, env }: { prefix: string; spec: string; env: NodeJS.ProcessEnv }) => {
      calls.push(spec);
      expect(env.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
      expect(env.npm_config_onnxruntime_node_install).toBe('skip');
      // Stand-in for npm: link the repository's own package into <prefix>/node_modules.
      const { mkdirSync, symlinkSync } = await import('node:fs');
      mkdirSync(join(prefix, 'node_modules'), { recursive: true });
      symlinkSync(join(repoRoot, 'node_modules/onnxruntime-node'), join(prefix, 'node_modules/onnxruntime-node'));
    };
    const logs: string[] = [];
    const first = await ensureOnnxRuntime({ toolCache, npm, log: (m) => logs.push(m), env: {} });
    expect(first.reused).toBe(false);
    expect(typeof first.runtime.InferenceSession.create).toBe('function');
    const second = await ensureOnnxRuntime({ toolCache, npm, env: {} });
    expect(second.reused).toBe(true);
    expect(calls).toEqual(['onnxruntime-node@1.30.0']);
    expect(logs[0]).toBe(`Installing onnxruntime-node@1.30.0 into ${first.dir} (first use on this runner)`);

    // A cancelled install leaves a folder without the marker: it is wiped and installed again.
    const { rmSync } = await import('node:fs');
    rmSync(join(first.dir, '.mlci-install-complete'));
    const third = await ensureOnnxRuntime({ toolCache, npm, env: {} });
    expect(third.reused).toBe(false);
    expect(calls).toHaveLength(2);

    const failing = await ensureOnnxRuntime({ toolCache: testdir(), npm: async () => {}, env: {} }).catch((e: Error) => e);
    expect(String(failing)).toMatch(/no onnxruntime-node in .*mlci-onnxruntime/);
  });

  it.skipIf(availableParallelism() < 2)('parses a large file in the parse thread bundled beside the action: the same outcomes and metrics as one thread', async () => {
    // 200,000 rows (~5.2 MB, above the 4 MiB threshold), labelled by the model's own rule with some noise.
    const rows = ['x1,x2,x3,label'];
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    for (let i = 0; i < 200_000; i++) {
      const x = [rand() * 4 - 2, rand() * 4 - 2, rand() * 4 - 2].map((v) => v.toFixed(3));
      const label = Number(x[0]) + 0.5 * Number(x[1]) > Number(x[2]) !== rand() < 0.1 ? 'yes' : 'no';
      rows.push(`${x.join(',')},${label}`);
    }
    const ws = testdir({ 'big.csv': rows.join('\n') + '\n' });
    writeFileSync(join(ws, 'm.onnx'), linearClassifier({ coefficients: [[-1, -0.5, 1], [1, 0.5, -1]], intercepts: [0, 0], labels: ['no', 'yes'] }));
    const inputs = { model: 'm.onnx', data: 'big.csv', target: 'label', bootstrap: '0', 'onnxruntime-path': repoRoot };
    const threaded = await runBundledAction('evaluate', { ...inputs, out: 'threaded' }, {}, ws);
    expect(threaded.stderr).toBe('');
    expect(threaded.code).toBe(0);
    const here = await runCli(['evaluate', '--model', 'm.onnx', '--data', 'big.csv', '--target', 'label', '--bootstrap', '0', '--out', 'here'], { cwd: ws });
    expect(here.code).toBe(0);
    expect(readFileSync(join(ws, 'threaded/outcomes.csv'), 'utf8')).toBe(readFileSync(join(ws, 'here/outcomes.csv'), 'utf8'));
    const timingFree = (dir: string) => {
      const m = JSON.parse(readFileSync(join(ws, dir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
      for (const k of ['latency_ms_p50', 'latency_ms_p95', 'throughput_rows_per_s']) delete m[k];
      return m;
    };
    expect(timingFree('threaded')).toEqual(timingFree('here'));
    expect(timingFree('here').rows).toBe(200_000);
    // The step really uses its bundled parse thread: with that file broken, it fails naming the thread.
    const copy = join(testdir(), 'dist');
    cpSync(join(repoRoot, 'actions/evaluate/dist'), copy, { recursive: true });
    writeFileSync(join(copy, 'prepare-worker/index.js'), "throw new Error('broken parse thread');\n");
    const broken = await runBundledAction('evaluate', { ...inputs, out: 'broken' }, {}, ws, join(copy, 'index.js'));
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).toMatch(/::error::.*parse thread.*broken parse thread/);
  });
});

