/**
 * evaluate's parse thread (a worker thread that parses and prepares rows while the model runs) must give exactly what
 * parsing on the calling thread gives: the same metrics.json, evaluation.json (but timings) and outcomes.csv, and the
 * same errors. The worker module is compiled JavaScript, so these tests use the built core (packages/core/dist).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { linearClassifier, linearRegression } from './onnx-models.js';

type Core = typeof import('@mlci/core');
const core = (await import(pathToFileURL(join(repoRoot, 'packages/core/dist/index.js')).href)) as Core;
const runtime = ort as unknown as import('@mlci/core').OnnxRuntime;

const TIMING = ['latency_ms_p50', 'latency_ms_p95', 'throughput_rows_per_s'];
function withoutTimings(path: string): unknown {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  for (const key of TIMING) {
    delete doc[key];
    if (doc.metrics) delete doc.metrics[key];
  }
  delete doc.timing;
  return doc;
}

function rows(n: number, label: (i: number, x: number[]) => string): string {
  const lines = ['id,f1,f2,f3,site,label'];
  for (let i = 0; i < n; i++) {
    const x = [((i * 37) % 101) / 25 - 2, ((i * 53) % 97) / 24 - 2, ((i * 71) % 89) / 22 - 2].map((v) => Math.round(v * 100) / 100);
    // An id that needs quoting now and then, slice values that appear late, a few numeric-label spellings.
    const id = i % 97 === 0 ? `"r,${i}"` : `r${i}`;
    const site = i < n / 2 ? (i % 3 === 0 ? 'north' : 'south') : ['north', 'south', 'east', 'wést'][i % 4]!;
    lines.push(`${id},${x.join(',')},${site},${label(i, x)}`);
  }
  return lines.join('\n') + '\n';
}

async function both(dir: string, settings: Omit<Parameters<Core['evaluateModel']>[0], 'outDir' | 'runtime'>) {
  const here = await core.evaluateModel({ ...settings, runtime, outDir: join(dir, 'here'), parseThread: false });
  const thread = await core.evaluateModel({ ...settings, runtime, outDir: join(dir, 'thread'), parseThread: true });
  for (const file of ['metrics.json', 'evaluation.json']) expect(withoutTimings(join(dir, 'thread', file)), file).toEqual(withoutTimings(join(dir, 'here', file)));
  expect(readFileSync(join(dir, 'thread', 'outcomes.csv')).equals(readFileSync(join(dir, 'here', 'outcomes.csv')))).toBe(true);
  return { here, thread };
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

const W = [
  [1.5, -0.5, 0.2],
  [-0.4, 1.1, -0.3],
  [0.1, -0.2, 0.9],
];

describe('evaluate: parse thread', () => {
  it('classification: same metrics.json, evaluation.json and outcomes.csv as parsing on the calling thread', async () => {
    const dir = testdir({ 'test.csv': rows(3000, (i) => (i % 50 === 7 ? '2.0' : String(i % 3))) });
    writeFileSync(join(dir, 'model.onnx'), linearClassifier({ coefficients: W, intercepts: [0.1, -0.2, 0.05], labels: [0, 1, 2] }));
    const { thread } = await both(dir, { model: join(dir, 'model.onnx'), data: join(dir, 'test.csv'), target: 'label', features: ['f1', 'f2', 'f3'], sliceBy: ['site'], idColumn: 'id', batchRows: 128, bootstrap: { resamples: 50 } });
    expect(thread.metrics.rows).toBe(3000);
    expect(thread.slices[0]!.slices.map((s) => s.value).sort()).toEqual(['east', 'north', 'south', 'wést']);
    expect(thread.timing.batches).toBe(Math.ceil(3000 / 128));
  });

  it('regression: same outputs, with the target text kept as written', async () => {
    const dir = testdir({ 'test.csv': rows(1000, (i, x) => (i % 10 === 0 ? ` ${x[0]! * 3 + 1} ` : String(Math.round((x[0]! * 3 + x[2]!) * 100) / 100))) });
    writeFileSync(join(dir, 'lin.onnx'), linearRegression([3, 0, 1], 0.25));
    await both(dir, { model: join(dir, 'lin.onnx'), data: join(dir, 'test.csv'), target: 'label', features: ['f1', 'f2', 'f3'], sliceBy: ['site'], idColumn: 'id', batchRows: 100 });
  });

  it('reports the same errors, at the same lines, as parsing on the calling thread', async () => {
    const dir = testdir({
      'empty-target.csv': rows(500, (i) => (i === 333 ? '' : String(i % 3))),
      'bad-feature.csv': rows(500, (i) => String(i % 3)).replace('\nr400,', '\nr400,x'),
      'unknown-label.csv': rows(500, (i) => (i === 250 ? '7' : String(i % 3))),
    });
    writeFileSync(join(dir, 'model.onnx'), linearClassifier({ coefficients: W, intercepts: [0, 0, 0], labels: [0, 1, 2] }));
    // With the rows outcomes.csv keeps: the batches (of 64) before the one that failed, whole.
    const cases = [
      ['empty-target.csv', /empty-target\.csv:335: target 'label' is empty/, 320],
      ['bad-feature.csv', /bad-feature\.csv:402: feature 'f1' is 'x/, 384],
      ['unknown-label.csv', /unknown-label\.csv:252: target 'label' '7' is not one of the model's classes/, 192],
      ['missing.csv', /missing\.csv/, null],
    ] as const;
    for (const [file, pattern, kept] of cases) {
      const settings = { model: join(dir, 'model.onnx'), data: join(dir, file), target: 'label', features: ['f1', 'f2', 'f3'], runtime, batchRows: 64 };
      const here = await errorOf(core.evaluateModel({ ...settings, outDir: join(dir, `out-${file}`, 'h'), parseThread: false }));
      const thread = await errorOf(core.evaluateModel({ ...settings, outDir: join(dir, `out-${file}`, 't'), parseThread: true }));
      expect(here, file).toMatch(pattern);
      expect(thread, file).toBe(here);
      if (kept === null) continue;
      const outcomes = readFileSync(join(dir, `out-${file}`, 'h', 'outcomes.csv'), 'utf8');
      expect(readFileSync(join(dir, `out-${file}`, 't', 'outcomes.csv'), 'utf8'), file).toBe(outcomes);
      const lines = outcomes.split('\n');
      expect(lines.length, file).toBe(kept + 2);
      expect(lines[kept], file).toMatch(new RegExp(`^${kept - 1},${kept + 1},`));
    }
  });

  it('a parse thread that dies surfaces as an error naming it', async () => {
    const dir = testdir({ 'test.csv': rows(100, (i) => String(i % 3)), 'crash.mjs': "throw new Error('worker module broke');\n" });
    writeFileSync(join(dir, 'model.onnx'), linearClassifier({ coefficients: W, intercepts: [0, 0, 0], labels: [0, 1, 2] }));
    const settings = { model: join(dir, 'model.onnx'), data: join(dir, 'test.csv'), target: 'label', features: ['f1', 'f2', 'f3'], runtime, outDir: join(dir, 'o') };
    expect(await errorOf(core.evaluateModel({ ...settings, parseThread: true, parseThreadModule: pathToFileURL(join(dir, 'crash.mjs')) }))).toMatch(/evaluate: the parse thread failed: worker module broke/);
  });

  it('the sources (no compiled worker next to them) parse on the calling thread, and say so when told to use one', async () => {
    const src = await import('@mlci/core');
    const dir = testdir({ 'test.csv': rows(100, (i) => String(i % 3)) });
    writeFileSync(join(dir, 'model.onnx'), linearClassifier({ coefficients: W, intercepts: [0, 0, 0], labels: [0, 1, 2] }));
    const settings = { model: join(dir, 'model.onnx'), data: join(dir, 'test.csv'), target: 'label', features: ['f1', 'f2', 'f3'], runtime, outDir: join(dir, 'o') };
    expect((await src.evaluateModel(settings)).metrics.rows).toBe(100);
    expect(await errorOf(src.evaluateModel({ ...settings, parseThread: true }))).toMatch(/prepare-worker\.js is not next to the evaluate modules/);
  });
});
