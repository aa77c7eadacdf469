/**
 * The penguins demo as `npm run demo` runs it: the built `mlci` binary trains (then skips), evaluates and scores.
 * Needs `npm run build`.
 */
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBuiltCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

const FEATURES = 'beak_depth_mm,flipper_length_mm,body_mass_g';

describe.skipIf(!existsSync(join(repoRoot, 'packages/cli/dist/bin.js')))('penguins demo with the built CLI', () => {
  it('trains, skips the unchanged retrain, evaluates with slices and scores', () => {
    const ws = testdir();
    cpSync(join(repoRoot, 'examples/penguins'), join(ws, 'examples/penguins'), { recursive: true, filter: (src) => !/\/(model|eval)(\/|$)/.test(src) });
    symlinkSync(join(repoRoot, 'node_modules'), join(ws, 'node_modules'));
    const train = [
      'train', '--params', 'examples/penguins/params.yaml', '--inputs', 'examples/penguins/data/train.csv,examples/penguins/train.mjs',
      '--outputs', 'examples/penguins/model/model.onnx', '--metrics', 'examples/penguins/model/train-metrics.json',
      '--out', 'examples/penguins/model', '--', process.execPath, 'examples/penguins/train.mjs',
    ];
    const first = runBuiltCli(train, { cwd: ws });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/trained on 256 rows, 3 classes \(Adelie, Chinstrap, Gentoo\)/);
    const second = runBuiltCli(train, { cwd: ws });
    expect(second.stdout).toMatch(/^mlci train: skipped: inputs, parameters and command unchanged since \d{4}-/);

    const evaluate = runBuiltCli(
      ['evaluate', '--model', 'examples/penguins/model/model.onnx', '--data', 'examples/penguins/data/test.csv', '--target', 'species', '--features', FEATURES, '--slice-by', 'island', '--id', 'id', '--out', 'examples/penguins/eval'],
      { cwd: ws },
    );
    expect(evaluate.stderr).toBe('');
    expect(evaluate.stdout).toMatch(/^evaluated 86 rows \(classification\): accuracy 0\.\d{4} \[0\.\d{4}, 0\.\d{4}\]/);
    const metrics = JSON.parse(readFileSync(join(ws, 'examples/penguins/eval/metrics.json'), 'utf8'));
    // The test split has 86 rows across three species; the model is trained on three of the four measurements.
    expect(metrics.rows).toBe(86);
    expect(metrics.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(metrics.confusion_matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(86);
    expect(Object.keys(metrics.slices.island).sort()).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(metrics.accuracy).toBeGreaterThan(0.6);
    const outcomes = readFileSync(join(ws, 'examples/penguins/eval/outcomes.csv'), 'utf8').trim().split('\n');
    expect(outcomes[0]).toBe('id,row,line,y_true,y_pred,correct,p_true');
    expect(outcomes).toHaveLength(87);

    const score = runBuiltCli(['score', '--model', 'examples/penguins/model/model.onnx', '--data', 'examples/penguins/data/test.csv', '--id', 'id', '--features', FEATURES, '--out', 'examples/penguins/eval/predictions.csv'], { cwd: ws });
    expect(score.stderr).toBe('');
    const predictions = readFileSync(join(ws, 'examples/penguins/eval/predictions.csv'), 'utf8').trim().split('\n');
    expect(predictions[0]).toBe('id,prediction,proba_Adelie,proba_Chinstrap,proba_Gentoo');
    // The scored predictions are the evaluation's y_pred, row for row.
    expect(predictions.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(outcomes.slice(1).map((l) => { const c = l.split(','); return `${c[0]},${c[4]}`; }));
  });
});
