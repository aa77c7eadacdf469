import { createHash } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModelMetadata, compareSemver, renderModelCard, tagFor, versionFromTag } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';

describe('model versions and tags', () => {
  it('maps versions to tags and back under a pattern', () => {
    expect(tagFor('model-v{version}', '1.4.0')).toBe('model-v1.4.0');
    expect(versionFromTag('model-v{version}', 'model-v1.4.0')).toBe('1.4.0');
    expect(versionFromTag('churn/v{version}', 'churn/v2.0.0-rc.1')).toBe('2.0.0-rc.1');
    expect(versionFromTag('model-v{version}', 'v1.4.0')).toBeNull();
    expect(versionFromTag('model-v{version}', 'model-v1.4')).toBeNull();
    expect(() => tagFor('model-v{version}', '1.4')).toThrow(/not a semantic version/);
    expect(() => tagFor('model', '1.4.0')).toThrow(/must contain \{version\} exactly once/);
  });

  it('round-trips any semantic version through any tag pattern', () => {
    const num = fc.nat({ max: 10_000 }).map(String);
    const ident = fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/).filter((x) => !/^0\d/.test(x));
    const version = fc.tuple(num, num, num, fc.option(fc.array(ident, { minLength: 1, maxLength: 3 }), { nil: undefined })).map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre.join('.')}` : ''}`);
    const pattern = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_/-]{0,10}$/), fc.stringMatching(/^[a-z0-9_-]{0,5}$/)).map(([p, s]) => `${p}{version}${s}`);
    fc.assert(fc.property(pattern, version, (p, v) => versionFromTag(p, tagFor(p, v)) === v));
  });

  it('orders versions by semver precedence (the example list of semver.org §11)', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0', '2.0.0'];
    const shuffled = [...ordered.slice(5), ...ordered.slice(0, 5)].reverse().sort(compareSemver);
    expect(shuffled).toEqual(ordered);
  });
});

describe('model card', () => {
  // metrics.json in the shape mlci evaluate writes: flat metrics, intervals, bootstrap, slices, mlci.model_sha256.
  const evaluation = (sha: string) => ({
    accuracy: 0.9312,
    f1: 0.88,
    intervals: { accuracy: { low: 0.912, high: 0.949 } },
    bootstrap: { resamples: 1000, seed: 7 },
    outcomes: 'outcomes.csv',
    slices: { region: { north: { rows: 120, accuracy: 0.95 }, '<b>south</b>': { rows: 80, accuracy: 0.9 } } },
    mlci: { task: 'classification', model_sha256: sha },
  });

  it('records hashes, parameters, metrics with intervals, slices, lineage and gate evidence, escaped', async () => {
    const sha = createHash('sha256').update('onnx-bytes').digest('hex');
    const dir = testdir({
      'model.onnx': 'onnx-bytes',
      'train.csv': 'x,y\n1,0\n',
      'params.yaml': 'learning_rate: 0.1\nmax_depth: 6\nname: "@everyone | <script>"\n',
      'metrics.json': JSON.stringify(evaluation(sha)),
      'gate.json': JSON.stringify({ environment: 'staging', decision: 'pass', reasons: [], checks: ['data is valid'], decidedAt: '2026-01-01T00:00:00.000Z', evidence: { model: { sha256: sha }, run: { id: '5' } } }),
    });
    const m = await buildModelMetadata({
      name: 'churn',
      version: '1.4.0',
      tagPattern: 'model-v{version}',
      model: join(dir, 'model.onnx'),
      data: [join(dir, 'train.csv')],
      params: join(dir, 'params.yaml'),
      evaluation: join(dir, 'metrics.json'),
      gates: [join(dir, 'gate.json')],
      intendedUse: 'Rank accounts by churn risk for the retention team. Not for pricing.',
      commit: 'a'.repeat(40),
      run: { id: '99', url: 'https://github.com/acme/churn/actions/runs/99' },
      now: new Date('2026-02-03T04:05:06Z'),
    });
    expect(m.tag).toBe('model-v1.4.0');
    expect(m.model).toEqual({ path: 'model.onnx', sha256: sha, bytes: 10 });
    expect(m.training.data[0]!.sha256).toBe(createHash('sha256').update('x,y\n1,0\n').digest('hex'));
    expect(m.metrics).toEqual([
      { name: 'accuracy', value: 0.9312, low: 0.912, high: 0.949 },
      { name: 'f1', value: 0.88 },
    ]);
    expect(m.slices).toContainEqual({ column: 'region', value: 'north', rows: 120, metrics: { accuracy: 0.95 } });
    const card = renderModelCard(m);
    for (const heading of ['## Intended use', '## Training data', '## Parameters', '## Metrics', '## Slices', '## Lineage', '## Gate evidence', '## Approvals']) expect(card).toContain(heading);
    expect(card).toContain('| accuracy | 0.9312 | 0.912 – 0.949 |');
    expect(card).toContain('Intervals: percentile bootstrap, 1000 resamples, seed 7.');
    expect(card).toContain('Not for pricing.');
    expect(card).not.toContain('<script>');
    expect(card).not.toContain('<b>south');
    expect(card).not.toMatch(/@everyone/);
    expect(card).toContain('✅ staging: pass');
  });

  it('refuses metrics or a gate computed for another model file', async () => {
    const dir = testdir({ 'model.onnx': 'new', 'metrics.json': JSON.stringify(evaluation('0'.repeat(64))) });
    await expect(buildModelMetadata({ name: 'm', version: '1.0.0', tagPattern: 'model-v{version}', model: join(dir, 'model.onnx'), evaluation: join(dir, 'metrics.json') })).rejects.toThrow(
      /metrics were computed for a different model/,
    );
  });
});
