import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareMetrics } from './compare.js';
import { flattenMetrics, metricsSet, readMetricsFiles } from './metrics-file.js';
import { defaultDirection, RuleBook } from './rules.js';
import { intervalTest, mcnemarExact, normalCdf, pairedTest, pairOutcomes, readOutcomes, type Outcomes } from './significance.js';

const none = { kind: 'none' as const, description: 'no baseline yet' };
const art = { kind: 'workflow-run' as const, description: 'run 7 on main', runId: 7, commit: 'abc' };

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlci-compare-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

describe('metrics files', () => {
  it('flattens nested DVC metrics with dots and keeps only finite numbers', () => {
    const flat = flattenMetrics({ train: { loss: 0.2, epochs: 3, tag: 'x', ok: true }, test: { acc: 0.9, hist: [1, 2] }, intervals: { acc: [0, 1] } });
    expect([...flat]).toEqual([['train.loss', 0.2], ['train.epochs', 3], ['test.acc', 0.9]]);
  });

  it('reads JSON and YAML, intervals in three spellings, and the outcomes path relative to the file', async () => {
    const root = dir({
      'm.json': JSON.stringify({ accuracy: 0.9, f1_macro: 0.8, intervals: { accuracy: { low: 0.88, high: 0.92 } }, bootstrap: { intervals: { f1_macro: { low: 0.7, high: 0.85 } } }, outcomes: 'rows.jsonl' }),
      'extra.yaml': 'latency_ms_p50: 12\nci:\n  latency_ms_p50: [10, 14]\n',
    });
    const set = await readMetricsFiles([join(root, 'm.json'), join(root, 'extra.yaml')], 'current');
    expect(Object.fromEntries(set.values)).toEqual({ accuracy: 0.9, f1_macro: 0.8, latency_ms_p50: 12 });
    expect(Object.fromEntries(set.intervals)).toEqual({ accuracy: { low: 0.88, high: 0.92 }, f1_macro: { low: 0.7, high: 0.85 }, latency_ms_p50: { low: 10, high: 14 } });
    expect(set.outcomes).toBe(join(root, 'rows.jsonl'));
  });

  it('names the file for unreadable, invalid and conflicting metrics', async () => {
    const root = dir({ 'bad.json': '{"a": ', 'a.json': '{"x": 1}', 'b.json': '{"x": 2}', 'list.json': '[1]' });
    await expect(readMetricsFiles([join(root, 'nope.json')], 'baseline')).rejects.toThrow(/nope\.json: cannot read baseline metrics file: ENOENT/);
    await expect(readMetricsFiles([join(root, 'bad.json')], 'current')).rejects.toThrow(/bad\.json: not a valid JSON metrics file/);
    await expect(readMetricsFiles([join(root, 'list.json')], 'current')).rejects.toThrow(/not an object of metrics/);
    await expect(readMetricsFiles([join(root, 'a.json'), join(root, 'b.json')], 'current')).rejects.toThrow(/metric 'x' has different values/);
  });
});

describe('rules', () => {
  it('infers direction from common metric names', () => {
    const cases: Array<[string, string | undefined]> = [
      ['accuracy', 'higher'], ['test.acc', 'higher'], ['f1_macro', 'higher'], ['roc_auc', 'higher'], ['r2', 'higher'], ['precision_weighted', 'higher'],
      ['loss', 'lower'], ['val.log_loss', 'lower'], ['rmse', 'lower'], ['latency_ms_p95', 'lower'], ['error_rate', 'lower'], ['brier_score', 'lower'],
      ['rows', undefined], ['epochs', undefined],
    ];
    for (const [name, dir] of cases) expect([name, defaultDirection(name)]).toEqual([name, dir]);
  });

  it('prefers an exact name over globs, and the first matching glob', () => {
    const book = new RuleBook({ 'latency_*': { max: 10 }, 'latency_ms_*': { max: 20 }, latency_ms_p50: { max: 5, direction: 'lower' } });
    expect(book.resolve('latency_ms_p50')).toMatchObject({ max: 5, matchedBy: 'latency_ms_p50', directionSource: 'config' });
    expect(book.resolve('latency_ms_p95')).toMatchObject({ max: 10, matchedBy: 'latency_*', direction: 'lower', directionSource: 'default' });
    expect(book.resolve('custom')).toMatchObject({ matchedBy: null, directionSource: 'unknown' });
  });
});

describe('compareMetrics', () => {
  it('computes deltas, statuses that respect direction, and percent change', () => {
    const c = compareMetrics({
      current: metricsSet({ accuracy: 0.92, loss: 0.30, rows: 1000, newm: 1, same: 0.3 }),
      baseline: metricsSet({ accuracy: 0.9, loss: 0.25, rows: 900, gone: 2, same: 0.1 + 0.2 }),
      baselineSource: art,
    });
    const by = Object.fromEntries(c.rows.map((r) => [r.metric, r]));
    expect(by.accuracy).toMatchObject({ baseline: 0.9, current: 0.92, direction: 'higher', status: 'improved', significant: null });
    expect(by.accuracy!.delta).toBeCloseTo(0.02, 12);
    expect(by.accuracy!.delta_pct).toBeCloseTo((0.02 / 0.9) * 100, 10);
    expect(by.loss).toMatchObject({ direction: 'lower', status: 'regressed' });
    expect(by.rows).toMatchObject({ direction: null, status: 'changed', delta: 100 });
    expect(by.newm).toMatchObject({ status: 'new', baseline: null, delta: null });
    expect(by.gone).toMatchObject({ status: 'removed', current: null });
    expect(by.same!.status).toBe('unchanged');
    expect(c.passed).toBe(true);
    expect(c.summary).toMatchObject({ improved: 1, regressed: 1, changed: 1, new: 1, removed: 1, unchanged: 1, violations: 0 });
    expect(c.notes.join(' ')).toMatch(/Significance cannot be told/);
  });

  it('flags min/max, absolute and percentage regressions, and required metrics', () => {
    const c = compareMetrics({
      current: metricsSet({ accuracy: 0.80, latency_ms_p95: 130, f1_macro: 0.695 }),
      baseline: metricsSet({ accuracy: 0.85, latency_ms_p95: 100, f1_macro: 0.70 }),
      baselineSource: art,
      rules: {
        accuracy: { min: 0.82, max_regression: 0.01 },
        'latency_ms_*': { max: 120, max_regression_pct: 10 },
        f1_macro: { max_regression: 0.005 },
        auc: { required: true },
      },
    });
    const by = Object.fromEntries(c.rows.map((r) => [r.metric, r]));
    expect(by.accuracy!.violations.map((v) => v.rule)).toEqual(['min', 'max_regression']);
    expect(by.accuracy!.violations[1]!.actual).toBeCloseTo(0.05, 12);
    expect(by.latency_ms_p95!.violations.map((v) => v.rule)).toEqual(['max', 'max_regression_pct']);
    expect(by.latency_ms_p95!.violations[1]!.actual).toBeCloseTo(30, 10);
    // 0.70 - 0.695 = 0.005 exactly at the limit (up to float rounding): allowed.
    expect(by.f1_macro!.violations).toEqual([]);
    expect(by.auc).toMatchObject({ status: 'missing', violations: [{ rule: 'required' }] });
    expect(c.passed).toBe(false);
    expect(c.rows[0]!.violations.length).toBeGreaterThan(0);
  });

  it('passes without a baseline unless one is required', () => {
    const a = compareMetrics({ current: metricsSet({ accuracy: 0.9 }), baseline: undefined, baselineSource: none });
    expect(a).toMatchObject({ passed: true, baseline: { kind: 'none', found: false }, rows: [{ status: 'new' }] });
    const b = compareMetrics({ current: metricsSet({ accuracy: 0.9 }), baseline: undefined, baselineSource: none, settings: { require_baseline: true } });
    expect(b.passed).toBe(false);
    expect(b.violations[0]!.rule).toBe('require_baseline');
  });

  it('uses both sides\' bootstrap intervals when there are no per-row outcomes', () => {
    const c = compareMetrics({
      current: metricsSet({ accuracy: 0.88, f1_macro: 0.71 }, { intervals: new Map([['accuracy', { low: 0.86, high: 0.9 }], ['f1_macro', { low: 0.6, high: 0.8 }]]) }),
      baseline: metricsSet({ accuracy: 0.82, f1_macro: 0.7 }, { intervals: new Map([['accuracy', { low: 0.8, high: 0.84 }], ['f1_macro', { low: 0.6, high: 0.8 }]]) }),
      baselineSource: art,
    });
    const by = Object.fromEntries(c.rows.map((r) => [r.metric, r]));
    // scipy: se = 0.04 / (2 * norm.ppf(0.975)); 2 * norm.sf(0.06 / sqrt(2 se²)) = 3.2145e-05
    expect(by.accuracy!.significance!.p_value).toBeCloseTo(3.2145e-5, 6);
    expect(by.accuracy!.significant).toBe(true);
    expect(by.f1_macro!.significant).toBe(false);
  });

  it('fails on a significant regression only when configured', () => {
    const input = {
      current: metricsSet({ accuracy: 0.82 }, { intervals: new Map([['accuracy', { low: 0.8, high: 0.84 }]]) }),
      baseline: metricsSet({ accuracy: 0.88 }, { intervals: new Map([['accuracy', { low: 0.86, high: 0.9 }]]) }),
      baselineSource: art,
    };
    expect(compareMetrics(input).passed).toBe(true);
    const strict = compareMetrics({ ...input, settings: { fail_on_significant_regression: true } });
    expect(strict.rows[0]!.violations.map((v) => v.rule)).toEqual(['significant_regression']);
  });
});

describe('significance', () => {
  it('McNemar exact p-values match scipy.stats.binomtest', () => {
    // scipy 1.10: binomtest(2, 10, 0.5).pvalue = 0.109375 (= 2·(1+10+45)/1024 by hand)
    expect(mcnemarExact(2, 8)).toBeCloseTo(0.109375, 12);
    // binomtest(30, 100, 0.5).pvalue = 7.85013964559367e-05; binomtest(480, 1000, 0.5).pvalue = 0.2174482932041409
    expect(mcnemarExact(70, 30)).toBeCloseTo(7.85013964559367e-5, 10);
    expect(mcnemarExact(520, 480)).toBeCloseTo(0.2174482932041409, 9);
    expect(mcnemarExact(0, 0)).toBe(1);
  });

  it('normal CDF is accurate to 1.5e-7 (scipy.stats.norm.cdf reference values)', () => {
    expect(Math.abs(normalCdf(1.959963984540054) - 0.975)).toBeLessThan(1.5e-7);
    expect(Math.abs(normalCdf(-1) - 0.15865525393145707)).toBeLessThan(1.5e-7);
  });

  it('interval test of equal intervals and zero delta is not significant', () => {
    const r = intervalTest({ low: 0.8, high: 0.9 }, { low: 0.8, high: 0.9 }, 0, 0.05);
    expect(r.significant).toBe(false);
    expect(r.p_value).toBeCloseTo(1, 6);
  });

  function outcomes(yTrue: string[], yPred: string[], ids?: string[]): Outcomes {
    return { ids, yTrue, yPred };
  }

  it('McNemar from paired rows counts discordant pairs', () => {
    // 100 rows, all of class "a". Baseline right on rows 0..79, current right on rows 10..99:
    // baseline-only right = 10 (rows 0..9), current-only right = 20 (rows 80..99).
    const yTrue = Array.from({ length: 100 }, () => 'a');
    const base = yTrue.map((_, i) => (i < 80 ? 'a' : 'b'));
    const cur = yTrue.map((_, i) => (i >= 10 ? 'a' : 'b'));
    const pair = pairOutcomes(outcomes(yTrue, base), outcomes(yTrue, cur));
    if ('problem' in pair) throw new Error(pair.problem);
    const r = pairedTest('accuracy', pair, { alpha: 0.05 })!;
    expect(r.discordant).toEqual({ baseline_only: 10, current_only: 20 });
    // scipy: binomtest(10, 30, 0.5).pvalue = 0.09873714670538902
    expect(r.p_value).toBeCloseTo(0.09873714670538902, 10);
    expect(r.significant).toBe(false);
  });

  it('paired bootstrap: identical models are not different, a much better one is', () => {
    const n = 600;
    const yTrue = Array.from({ length: n }, (_, i) => String(i % 3));
    const weak = yTrue.map((y, i) => (i % 4 === 0 ? String((Number(y) + 1) % 3) : y));
    const strong = yTrue.map((y, i) => (i % 40 === 0 ? String((Number(y) + 1) % 3) : y));
    const same = pairOutcomes(outcomes(yTrue, weak), outcomes(yTrue, weak));
    const better = pairOutcomes(outcomes(yTrue, weak), outcomes(yTrue, strong));
    if ('problem' in same || 'problem' in better) throw new Error('pairing failed');
    expect(pairedTest('f1_macro', same, { alpha: 0.05 })).toMatchObject({ method: 'paired-bootstrap', significant: false, delta_interval: [0, 0] });
    const r = pairedTest('f1_macro', better, { alpha: 0.05 })!;
    expect(r.significant).toBe(true);
    expect(r.delta_interval![0]).toBeGreaterThan(0);
    expect(pairedTest('rows', better, { alpha: 0.05 })).toBeUndefined();
  });

  it('paired bootstrap for regression metrics, rows aligned by id', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `r${i}`);
    const yTrue = ids.map((_, i) => String(i));
    const base = ids.map((_, i) => String(i + (i % 2 ? 3 : -3)));
    const cur = ids.map((_, i) => String(i + (i % 2 ? 1 : -1)));
    // The current side lists rows in reverse order: pairing must use ids.
    const pair = pairOutcomes(outcomes(yTrue, base, ids), outcomes([...yTrue].reverse(), [...cur].reverse(), [...ids].reverse()));
    if ('problem' in pair) throw new Error(pair.problem);
    const r = pairedTest('rmse', pair, { alpha: 0.05 })!;
    // Every row's error drops from 3 to 1: rmse falls by exactly 2 in every resample.
    expect(r.delta_interval![0]).toBeCloseTo(-2, 12);
    expect(r.delta_interval![1]).toBeCloseTo(-2, 12);
    expect(r.significant).toBe(true);
  });

  it('refuses to pair different rows', () => {
    expect(pairOutcomes(outcomes(['a', 'b'], ['a', 'a']), outcomes(['b', 'a'], ['a', 'a']))).toEqual({ problem: expect.stringMatching(/row 1 has a different y_true/) });
    expect(pairOutcomes(outcomes(['a'], ['a'], ['x']), outcomes(['a'], ['a'], ['y']))).toEqual({ problem: expect.stringMatching(/only in the baseline/) });
  });

  it('reads outcomes from JSON Lines and CSV', async () => {
    const root = dir({ 'o.jsonl': '{"id":1,"y_true":"cat","y_pred":"dog"}\n{"id":2,"y_true":"dog","y_pred":"dog"}\n', 'o.csv': 'id,y_true,y_pred\n1,"a, b",x\n2,c,c\n', 'bad.csv': 'x,y\n' });
    expect(await readOutcomes(join(root, 'o.jsonl'))).toEqual({ ids: ['1', '2'], yTrue: ['cat', 'dog'], yPred: ['dog', 'dog'] });
    expect(await readOutcomes(join(root, 'o.csv'))).toEqual({ ids: ['1', '2'], yTrue: ['a, b', 'c'], yPred: ['x', 'c'] });
    await expect(readOutcomes(join(root, 'bad.csv'))).rejects.toThrow(/bad\.csv:1: outcomes CSV header needs y_true and y_pred/);
  });
});
