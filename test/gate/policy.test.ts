import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentPolicy, renderGateMarkdown, runGate, type DeploymentHistory, type GateSettings } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';

const COMMIT = 'a'.repeat(40);
const validation = { valid: true, errorCount: 0, files: [{ path: 'data/train.csv', valid: true, errorCount: 0 }] };
const comparison = {
  passed: true,
  rows: [
    { metric: 'accuracy', baseline: 0.9, current: 0.93, delta: 0.03, delta_pct: 3.33, direction: 'higher', status: 'improved', significant: true, violations: [] },
    { metric: 'latency_ms', baseline: 12, current: 11, delta: -1, delta_pct: -8.3, direction: 'lower', status: 'unchanged', significant: false, violations: [] },
  ],
};
const drift = { drifted: false, share: 0.1, columns: [{ name: 'age', drifted: false }] };
const metrics = { accuracy: 0.93, f1: 0.88, latency_ms: 11 };

function files(over: Record<string, unknown> = {}) {
  const all: Record<string, string> = {
    'validation.json': JSON.stringify(validation),
    'comparison.json': JSON.stringify(comparison),
    'drift.json': JSON.stringify(drift),
    'metrics.json': JSON.stringify(metrics),
    'model.onnx': 'model-bytes',
    'data/train.csv': 'a,b\n1,2\n',
  };
  for (const [k, v] of Object.entries(over)) all[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return testdir(all);
}

function settings(dir: string, policy: Parameters<typeof environmentPolicy>[0], extra: Partial<GateSettings> = {}): GateSettings {
  return {
    environment: 'production',
    policy: environmentPolicy(policy),
    validation: join(dir, 'validation.json'),
    comparison: join(dir, 'comparison.json'),
    drift: join(dir, 'drift.json'),
    evaluation: join(dir, 'metrics.json'),
    model: join(dir, 'model.onnx'),
    modelVersion: '1.2.0',
    data: [join(dir, 'data/train.csv')],
    commit: COMMIT,
    now: new Date('2026-01-02T03:04:05Z'),
    ...extra,
  };
}

const strict = {
  require: { validation: true, comparison: true, drift: true, evaluation: true, model: true, data: true },
  no_significant_regression: true,
  no_drift: true,
  max_drift_share: 0.2,
  min: { accuracy: 0.9 },
  max: { latency_ms: 50 },
};

function history(found: Record<string, Array<{ sha?: string }>>): DeploymentHistory {
  return {
    async successfulDeployments(env, version) {
      return (found[`${env}@${version}`] ?? []).map((d, i) => ({ id: i + 1, environment: env, modelVersion: version, modelSha256: d.sha }));
    },
  };
}

const codes = (r: { reasons: Array<{ code: string }> }) => r.reasons.map((x) => x.code);

describe('gate policy', () => {
  it('passes when every check holds and records hashed evidence', async () => {
    const dir = files();
    const r = await runGate(settings(dir, strict));
    expect(r.reasons).toEqual([]);
    expect(r.decision).toBe('pass');
    // sha256 computed independently here from the bytes written above.
    expect(r.evidence.model.sha256).toBe(createHash('sha256').update('model-bytes').digest('hex'));
    expect(r.evidence.data).toEqual([{ path: join(dir, 'data/train.csv'), sha256: createHash('sha256').update('a,b\n1,2\n').digest('hex'), bytes: 8 }]);
    expect(r.evidence.metrics).toEqual({ accuracy: 0.93, f1: 0.88, latency_ms: 11 });
    expect(r.checks).toContain('accuracy 0.93 ≥ 0.9');
    expect(r.decidedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it.each([
    ['validation', 'validation-failed', { 'validation.json': { valid: false, errorCount: 3, files: [{ path: 'data/x.csv', valid: false, errorCount: 3 }] } }],
    ['rule violation', 'rule-violated', { 'comparison.json': { passed: false, rows: [{ ...comparison.rows[0], violations: ['accuracy dropped more than 1%'] }] } }],
    ['comparison not passed without rows', 'rule-violated', { 'comparison.json': { passed: false, rows: [] } }],
    [
      'a comparison-wide violation (as compare writes it)',
      'rule-violated',
      { 'comparison.json': { passed: false, rows: [], violations: [{ rule: 'require_baseline', limit: true, actual: null, message: 'no baseline was found' }] } },
    ],
    ['a validated file with errors (validate writes errorCount per file)', 'validation-failed', { 'validation.json': { valid: false, errorCount: 1, files: [{ path: 'd.csv', errorCount: 1 }] } }],
    ['a skipped file while valid', 'evidence-inconsistent', { 'validation.json': { valid: true, errorCount: 0, files: [{ path: 'd.parquet', errorCount: 0, skipped: 'unsupported format' }] } }],
    [
      'significant regression',
      'significant-regression',
      { 'comparison.json': { passed: true, rows: [{ metric: 'f1', baseline: 0.9, current: 0.88, delta: -0.02, direction: 'higher', status: 'worse', significant: true, violations: [] }] } },
    ],
    ['drift', 'drift-detected', { 'drift.json': { drifted: true, share: 0.1, columns: [{ name: 'age', drifted: true }] } }],
    ['drift share', 'drift-share-exceeded', { 'drift.json': { drifted: false, share: 0.5, columns: [] } }],
    ['metric below min', 'metric-below-min', { 'metrics.json': { accuracy: 0.85, latency_ms: 11 }, 'comparison.json': { passed: true, rows: [] } }],
    ['metric above max', 'metric-above-max', { 'metrics.json': { accuracy: 0.93, latency_ms: 80 }, 'comparison.json': { passed: true, rows: [] } }],
    ['metric missing', 'metric-missing', { 'metrics.json': { latency_ms: 11 }, 'comparison.json': { passed: true, rows: [] } }],
    ['corrupt JSON', 'evidence-invalid', { 'comparison.json': '{"passed": tru' }],
    ['wrong shape', 'evidence-invalid', { 'validation.json': { ok: true } }],
    ['valid with errors', 'evidence-inconsistent', { 'validation.json': { valid: true, errorCount: 2, files: [] } }],
    ['passed with violations', 'evidence-inconsistent', { 'comparison.json': { passed: true, rows: [{ ...comparison.rows[0], violations: ['x'] }] } }],
    ['metrics that disagree', 'evidence-inconsistent', { 'metrics.json': { accuracy: 0.95, latency_ms: 11 } }],
    ['different commits', 'evidence-inconsistent', { 'metrics.json': { ...metrics, commit: 'b'.repeat(40) } }],
    ['drift share out of range', 'evidence-inconsistent', { 'drift.json': { drifted: false, share: 1.5, columns: [] } }],
  ])('fails on %s with %s', async (_name, code, over) => {
    const r = await runGate(settings(files(over), strict));
    expect(r.decision).toBe('fail');
    expect(codes(r)).toContain(code);
  });

  it('a lower-is-better metric that rose significantly is a regression; an improvement is not', async () => {
    const rows = [
      { metric: 'latency_ms', baseline: 10, current: 11, delta: 1, direction: 'lower', status: 'changed', significant: true, violations: [] },
      { metric: 'accuracy', baseline: 0.9, current: 0.93, delta: 0.03, direction: 'higher', status: 'changed', significant: true, violations: [] },
    ];
    const r = await runGate(settings(files({ 'comparison.json': { passed: true, rows } }), { no_significant_regression: true }, { evaluation: undefined }));
    expect(r.reasons.map((x) => [x.code, x.metric])).toEqual([['significant-regression', 'latency_ms']]);
  });

  it('fails closed on every missing piece of required evidence', async () => {
    const dir = files();
    const r = await runGate({ environment: 'production', policy: environmentPolicy(strict), data: [join(dir, 'nope.csv')] });
    expect(r.decision).toBe('fail');
    const missing = r.reasons.filter((x) => x.code === 'evidence-missing').map((x) => x.evidence);
    expect(missing).toEqual(expect.arrayContaining(['validation', 'comparison', 'drift', 'evaluation', 'model', 'data']));
    expect(codes(r)).toContain('model-version-missing');
    expect(codes(r)).toContain('metric-missing');
  });

  it('fails on a report path that does not exist even when not required', async () => {
    const dir = files();
    const r = await runGate(settings(dir, {}, { drift: join(dir, 'missing-drift.json') }));
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'evidence-missing', evidence: 'drift' })]);
  });

  describe('promotion', () => {
    const promote = { require_staging_success: true };
    it('passes when the same version succeeded in staging with the same bytes', async () => {
      const sha = createHash('sha256').update('model-bytes').digest('hex');
      const r = await runGate(settings(files(), promote, { history: history({ 'staging@1.2.0': [{ sha }] }) }));
      expect(r.decision).toBe('pass');
      expect(r.evidence.priorDeployments).toEqual([{ environment: 'staging', id: 1, createdAt: undefined, url: undefined }]);
    });
    it('fails when the version never succeeded in staging', async () => {
      const r = await runGate(settings(files(), promote, { history: history({ 'staging@1.1.0': [{}] }) }));
      expect(codes(r)).toEqual(['not-in-staging']);
    });
    it('fails when the staged bytes differ', async () => {
      const r = await runGate(settings(files(), promote, { history: history({ 'staging@1.2.0': [{ sha: 'f'.repeat(64) }] }) }));
      expect(codes(r)).toEqual(['model-mismatch']);
    });
    it('fails closed when history is unavailable or throws', async () => {
      const a = await runGate(settings(files(), promote, { historyUnavailable: 'no GITHUB_TOKEN' }));
      expect(a.reasons).toEqual([expect.objectContaining({ code: 'deployment-history-unavailable', message: expect.stringContaining('no GITHUB_TOKEN') })]);
      const down: DeploymentHistory = { successfulDeployments: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
      const b = await runGate(settings(files(), promote, { history: down }));
      expect(b.decision).toBe('fail');
      expect(codes(b)).toEqual(['deployment-history-unavailable']);
    });
    it('fails without a model version', async () => {
      const r = await runGate(settings(files(), { require_success_in: ['staging', 'qa'] }, { modelVersion: undefined }));
      expect(codes(r)).toEqual(['model-version-missing']);
    });
  });

  it('renders every reason and escapes untrusted names in the summary', async () => {
    const evil = '<img src=x onerror=alert(1)>[x](http://e.vil)|';
    const rows = [{ metric: evil, baseline: 1, current: 0, delta: -1, direction: 'higher', status: 'worse', significant: true, violations: ['dropped'] }];
    const r = await runGate(settings(files({ 'comparison.json': { passed: false, rows } }), { no_significant_regression: true }, { evaluation: undefined }));
    const md = renderGateMarkdown({ ...r, policy: { ...(r.policy as object), description: 'Two ML leads approve @team' } });
    expect(md).toContain('Policy: Two ML leads approve @&#8203;team');
    expect(md).toContain('Gate failed for production');
    expect(md).toContain('`rule-violated`');
    expect(md).toContain('`significant-regression`');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('](http://e.vil)');
    // every table row keeps its two columns: the | in the name is escaped
    for (const line of md.split('\n').filter((l) => l.startsWith('| `'))) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(4);
  });
});
