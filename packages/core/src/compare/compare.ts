import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompareSettings, MetricRule } from '../config/metrics.js';
import type { BaselineSourceInfo } from '../ports.js';
import type { MetricsSet } from './metrics-file.js';
import { RuleBook, type Direction } from './rules.js';
import { intervalTest, pairedTest, type PairedOutcomes, type SignificanceResult } from './significance.js';

/**
 * Compares current metrics with the baseline's under the team's rules. Pure: the caller reads files and finds
 * the baseline; this decides statuses, violations and noise.
 */

export type RowStatus = 'improved' | 'regressed' | 'unchanged' | 'changed' | 'new' | 'removed' | 'missing';

export type ViolationRule = 'min' | 'max' | 'max_regression' | 'max_regression_pct' | 'required' | 'significant_regression' | 'require_baseline';

export interface Violation {
  rule: ViolationRule;
  /** The configured limit. */
  limit: number | boolean;
  /** The observed value the limit was checked against (current value, or the regression amount). */
  actual: number | null;
  message: string;
}

export interface ComparedMetric {
  metric: string;
  baseline: number | null;
  current: number | null;
  delta: number | null;
  /** Percent change relative to |baseline|; null when the baseline is 0 or missing. */
  delta_pct: number | null;
  /** null when neither config nor the name says which way is better. */
  direction: Direction | null;
  /**
   * improved/regressed (direction known), changed (direction unknown), unchanged (within tolerance), new (no baseline
   * value), removed (no current value), missing (required but on neither side).
   */
  status: RowStatus;
  /** true/false: beyond noise or not; null: cannot tell (no per-row outcomes or intervals on both sides). */
  significant: boolean | null;
  significance: SignificanceResult | null;
  violations: Violation[];
  /** The mlci.yml key (exact name or glob) whose rule applied. */
  rule: string | null;
}

export interface Comparison {
  /** Format version of comparison.json. */
  version: 1;
  passed: boolean;
  baseline: BaselineSourceInfo & { files: string[]; found: boolean };
  current: { files: string[]; commit: string | null };
  rows: ComparedMetric[];
  /** Violations not tied to one metric (no baseline when one is required). */
  violations: Violation[];
  summary: { improved: number; regressed: number; unchanged: number; changed: number; new: number; removed: number; missing: number; violations: number };
  /** Notes for the reader: why significance could not be computed, and similar. */
  notes: string[];
  alpha: number;
}

export interface CompareInput {
  current: MetricsSet;
  /** undefined when there is no baseline yet. */
  baseline: MetricsSet | undefined;
  baselineSource: BaselineSourceInfo;
  /** The commit the current metrics were computed at (shown in reports, read by the gate). */
  commit?: string | undefined;
  rules?: Record<string, MetricRule> | undefined;
  settings?: Partial<CompareSettings> | undefined;
  /** Paired per-row outcomes when both sides kept them. */
  paired?: PairedOutcomes | undefined;
  /** Extra notes (e.g. why outcomes could not be paired). */
  notes?: string[] | undefined;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));

export function compareMetrics(input: CompareInput): Comparison {
  const alpha = input.settings?.alpha ?? 0.05;
  const failOnSignificant = input.settings?.fail_on_significant_regression ?? false;
  const book = new RuleBook(input.rules ?? {});
  const cur = input.current.values;
  const base = input.baseline?.values ?? new Map<string, number>();
  const names = [...new Set([...cur.keys(), ...base.keys(), ...book.requiredNames()])];
  const notes = [...(input.notes ?? [])];
  const rows: ComparedMetric[] = [];

  for (const metric of names) {
    const rule = book.resolve(metric);
    const c = cur.get(metric) ?? null;
    const b = base.get(metric) ?? null;
    const direction = rule.direction ?? null;
    const delta = c !== null && b !== null ? c - b : null;
    const deltaPct = delta !== null && b !== null && b !== 0 ? (delta / Math.abs(b)) * 100 : null;
    let status: RowStatus;
    if (c === null) status = b === null ? 'missing' : 'removed';
    else if (b === null) status = 'new';
    else {
      // Float rounding (0.1 + 0.2) must not read as a change.
      const tolerance = Math.max(rule.tolerance ?? 0, 1e-12 * Math.max(Math.abs(b), Math.abs(c), 1));
      if (Math.abs(delta!) <= tolerance) status = 'unchanged';
      else if (!direction) status = 'changed';
      else status = (direction === 'higher') === delta! > 0 ? 'improved' : 'regressed';
    }

    const violations: Violation[] = [];
    if (c === null && rule.required) {
      violations.push({ rule: 'required', limit: true, actual: null, message: `${metric} is required but missing from the current metrics` });
    }
    if (c !== null && rule.min !== undefined && c < rule.min) {
      violations.push({ rule: 'min', limit: rule.min, actual: c, message: `${metric} = ${fmt(c)} is below the minimum ${fmt(rule.min)}` });
    }
    if (c !== null && rule.max !== undefined && c > rule.max) {
      violations.push({ rule: 'max', limit: rule.max, actual: c, message: `${metric} = ${fmt(c)} is above the maximum ${fmt(rule.max)}` });
    }
    const worse = delta !== null && direction && status === 'regressed' ? (direction === 'higher' ? -delta : delta) : 0;
    if (worse > 0 && rule.max_regression !== undefined && worse > rule.max_regression + 1e-12 * Math.max(Math.abs(b!), 1)) {
      violations.push({ rule: 'max_regression', limit: rule.max_regression, actual: worse, message: `${metric} regressed by ${fmt(worse)}, more than the allowed ${fmt(rule.max_regression)}` });
    }
    if (worse > 0 && rule.max_regression_pct !== undefined) {
      const pct = b === 0 ? Infinity : (worse / Math.abs(b!)) * 100;
      if (pct > rule.max_regression_pct + 1e-9) {
        violations.push({
          rule: 'max_regression_pct',
          limit: rule.max_regression_pct,
          actual: Number.isFinite(pct) ? pct : null,
          message: `${metric} regressed by ${Number.isFinite(pct) ? `${fmt(pct)}%` : 'an infinite percentage (baseline 0)'}, more than the allowed ${fmt(rule.max_regression_pct)}%`,
        });
      }
    }

    let significance: SignificanceResult | null = null;
    if (delta !== null && status !== 'unchanged') {
      if (input.paired) significance = pairedTest(metric, input.paired, { alpha }) ?? null;
      const bi = input.baseline?.intervals.get(metric);
      const ci = input.current.intervals.get(metric);
      if (!significance && bi && ci) significance = intervalTest(bi, ci, delta, alpha);
    }
    const significant = significance ? significance.significant : delta !== null && status === 'unchanged' && canTest(metric, input) ? false : null;
    if (failOnSignificant && status === 'regressed' && significant === true) {
      violations.push({ rule: 'significant_regression', limit: true, actual: delta, message: `${metric} regressed beyond noise (${significance!.method}, α = ${alpha})` });
    }
    rows.push({ metric, baseline: b, current: c, delta, delta_pct: deltaPct, direction, status, significant, significance, violations, rule: rule.matchedBy });
  }

  rows.sort(rowOrder);
  const violations: Violation[] = [];
  if (!input.baseline && input.settings?.require_baseline) {
    violations.push({ rule: 'require_baseline', limit: true, actual: null, message: 'no baseline was found and compare.require_baseline is true' });
  }
  if (input.baseline && !input.paired && rows.every((r) => r.significant === null) && rows.some((r) => r.delta !== null)) {
    notes.push('Significance cannot be told: neither per-row outcomes nor bootstrap intervals are available for both sides.');
  }
  const count = (s: RowStatus) => rows.filter((r) => r.status === s).length;
  const violationCount = violations.length + rows.reduce((n, r) => n + r.violations.length, 0);
  return {
    version: 1,
    passed: violationCount === 0,
    baseline: { ...input.baselineSource, files: input.baseline?.files ?? [], found: input.baseline !== undefined },
    current: { files: input.current.files, commit: input.commit ?? null },
    rows,
    violations,
    summary: {
      improved: count('improved'),
      regressed: count('regressed'),
      unchanged: count('unchanged'),
      changed: count('changed'),
      new: count('new'),
      removed: count('removed'),
      missing: count('missing'),
      violations: violationCount,
    },
    notes,
    alpha,
  };
}

function canTest(metric: string, input: CompareInput): boolean {
  return input.paired !== undefined || (input.baseline?.intervals.has(metric) === true && input.current.intervals.has(metric));
}

// Violations first, then regressions, then the rest; within a group the metrics file's order (the sort is stable).
function rowOrder(a: ComparedMetric, b: ComparedMetric): number {
  const rank = (r: ComparedMetric) => (r.violations.length > 0 ? 0 : r.status === 'regressed' ? 1 : 3);
  return rank(a) - rank(b);
}

/** Writes `<dir>/comparison.json` and returns its path. */
export async function writeComparison(dir: string, comparison: Comparison): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'comparison.json');
  await writeFile(path, JSON.stringify(comparison, null, 2) + '\n');
  return path;
}
