/**
 * Data drift between two table profiles. Profiles carry exact value counts (small columns) or mergeable sketches
 * (large ones), so the main branch's profile.json is the reference and its data need not be downloaded.
 */
import { driftSettingsSchema, type DriftColumnRule, type DriftSettingsInput, type DriftTestName } from '../config/drift.js';
import { UsageError } from '../errors.js';
import { DDSketch } from '../profile/ddsketch.js';
import type { ColumnKind, ColumnProfile, NumericColumnProfile, ProfileValue, TableProfile } from '../profile/types.js';
import { defaultThreshold, runTest, type Sample, type StatResult } from './stattests.js';

/** What the report shows about one side of a column. */
export interface DriftColumnSide {
  /** Values used by the test (non-missing; numeric: finite). */
  count: number;
  missing: number;
  distinct: number;
  mean?: ProfileValue | null;
  std?: number | null;
  min?: ProfileValue | null;
  max?: ProfileValue | null;
  /** Most frequent values (up to 3). */
  top?: Array<{ value: ProfileValue; count: number }>;
}

export interface DriftColumnResult extends StatResult {
  kind: ColumnKind;
  /** 'exact' when both sides hold exact value counts; 'sketch' when a side's sketch approximates the test. */
  basis: 'exact' | 'sketch';
  /** Why this test: 'config' or Evidently's default rule that chose it. */
  reason: string;
  reference: DriftColumnSide;
  current: DriftColumnSide;
}

export interface DriftResult {
  version: 1;
  drifted: boolean;
  /** Share of tested columns that drifted. */
  share: number;
  /** The share at which the dataset counts as drifted. */
  shareThreshold: number;
  driftedColumns: number;
  testedColumns: number;
  /** Exit with failure on dataset drift (from settings). */
  fail: boolean;
  reference: { rows: number };
  current: { rows: number };
  columns: Record<string, DriftColumnResult>;
  /** Columns not tested, and why (ignored, absent from one side, no values, kinds differ). */
  skipped: Array<{ column: string; reason: string }>;
  target?: { column: string; drifted: boolean };
  prediction?: { column: string; drifted: boolean };
}

/** Evidently's sample-size cut between tests with p-values and distances. */
export const SMALL_REFERENCE_ROWS = 1000;

export function driftFromProfiles(reference: TableProfile, current: TableProfile, settingsInput: DriftSettingsInput = {}): DriftResult {
  const settings = driftSettingsSchema.parse(settingsInput);
  const ignorePatterns = settings.ignore.map(globMatcher);
  const ignore = (name: string) => ignorePatterns.some((m) => m(name));
  const rules = ruleMatcher(settings.columns);
  const currentByName = new Map(current.columns.map((c) => [c.name, c]));
  // No prototype: column names come from data files, and '__proto__' must be just a name.
  const columns = Object.create(null) as Record<string, DriftColumnResult>;
  const skipped: DriftResult['skipped'] = [];

  for (const ref of reference.columns) {
    const name = ref.name;
    if (ignore(name)) {
      skipped.push({ column: name, reason: 'ignored by drift.ignore' });
      continue;
    }
    const cur = currentByName.get(name);
    if (cur === undefined) {
      skipped.push({ column: name, reason: 'not in the current data' });
      continue;
    }
    if (family(ref.kind) !== family(cur.kind)) {
      skipped.push({ column: name, reason: `${ref.kind} in the reference but ${cur.kind} in the current data` });
      continue;
    }
    const rs = sampleOf(ref);
    const cs = sampleOf(cur);
    if (rs.n === 0 || cs.n === 0) {
      skipped.push({ column: name, reason: `no values in the ${rs.n === 0 ? 'reference' : 'current data'}` });
      continue;
    }
    const rule = rules(name);
    // Like Evidently, datetime columns are not features: a time-split current set always "drifts" in them.
    if (ref.kind === 'datetime' && rule?.test === undefined) {
      skipped.push({ column: name, reason: 'datetime column (name it under drift.columns with a test to compare it)' });
      continue;
    }
    const chosen = rule?.test !== undefined ? { test: rule.test, reason: 'config' } : defaultTest(rs, cs);
    checkApplicable(chosen.test, rs, name);
    const threshold = rule?.threshold ?? defaultThreshold(chosen.test);
    const stat = runTest(chosen.test, rs, cs, threshold);
    columns[name] = {
      ...stat,
      kind: ref.kind,
      basis: rs.exact && cs.exact ? 'exact' : 'sketch',
      reason: chosen.reason,
      reference: sideSummary(ref, rs.n),
      current: sideSummary(cur, cs.n),
    };
  }
  for (const cur of current.columns) {
    if (!reference.columns.some((c) => c.name === cur.name) && !ignore(cur.name)) {
      skipped.push({ column: cur.name, reason: 'not in the reference' });
    }
  }

  const tested = Object.values(columns);
  const driftedColumns = tested.filter((c) => c.drifted).length;
  const share = tested.length === 0 ? 0 : driftedColumns / tested.length;
  const result: DriftResult = {
    version: 1,
    drifted: tested.length > 0 && share >= settings.share,
    share,
    shareThreshold: settings.share,
    driftedColumns,
    testedColumns: tested.length,
    fail: settings.fail,
    reference: { rows: reference.rows },
    current: { rows: current.rows },
    columns,
    skipped,
  };
  for (const role of ['target', 'prediction'] as const) {
    const column = settings[role];
    if (column === undefined) continue;
    if (!reference.columns.some((c) => c.name === column) && !current.columns.some((c) => c.name === column)) {
      throw new UsageError(`drift.${role} names column '${column}', which is in neither profile`, {
        where: `drift.${role}`,
        fix: `Use one of: ${reference.columns.map((c) => c.name).join(', ')}`,
        code: 'drift-unknown-column',
      });
    }
    result[role] = { column, drifted: columns[column]?.drifted ?? false };
  }
  return result;
}

/** Numeric and datetime columns compare as numbers; boolean and categorical as categories. */
function family(kind: ColumnKind): 'numeric' | 'categorical' {
  return kind === 'numeric' || kind === 'datetime' ? 'numeric' : 'categorical';
}

function ruleMatcher(columns: Record<string, DriftColumnRule>): (name: string) => DriftColumnRule | undefined {
  const globs = Object.entries(columns).map(([pattern, rule]) => ({ match: globMatcher(pattern), rule }));
  return (name) => (Object.hasOwn(columns, name) ? columns[name] : globs.find((g) => g.match(name))?.rule);
}

/**
 * Column-name globs: `*` any run of characters (including `.` and `/`, which mean nothing special in a column
 * name), `?` one character, `[abc]`/`[!abc]` a class; everything else is literal.
 */
export function globMatcher(pattern: string): (name: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[' && pattern.indexOf(']', i + 2) > i) {
      const end = pattern.indexOf(']', i + 2);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 's');
  return (name) => re.test(name);
}

/**
 * Evidently's default choice (_get_default_stattest): with ≤ 1000 reference values, KS for numeric columns with more
 * than 5 distinct values, else chi-square (3+ categories) or the z-test (binary); above 1000, Wasserstein
 * (numeric, > 5 values) or Jensen–Shannon. Distinct values are counted over both samples together.
 */
export function defaultTest(ref: Sample, cur: Sample): { test: DriftTestName; reason: string } {
  const nValues = unionDistinct(ref, cur);
  const small = ref.n <= SMALL_REFERENCE_ROWS;
  const size = small ? `≤ ${SMALL_REFERENCE_ROWS}` : `> ${SMALL_REFERENCE_ROWS}`;
  if (ref.kind === 'numeric' && nValues > 5) {
    return small ? { test: 'ks', reason: `numeric, ${size} reference values` } : { test: 'wasserstein', reason: `numeric, ${size} reference values` };
  }
  const what = ref.kind === 'numeric' ? `numeric with ${nValues} distinct values` : nValues > 2 ? 'categorical' : 'binary';
  if (!small) return { test: 'jensenshannon', reason: `${what}, ${size} reference values` };
  return nValues > 2 ? { test: 'chisquare', reason: `${what}, ${size} reference values` } : { test: 'ztest', reason: `${what}, ${size} reference values` };
}

function unionDistinct(ref: Sample, cur: Sample): number {
  if (!ref.exact || !cur.exact) return Math.max(ref.distinct, cur.distinct, ref.values.length, cur.values.length);
  const keys = new Set<string | number>(ref.values);
  for (const v of cur.values) keys.add(v);
  return keys.size;
}

function checkApplicable(test: DriftTestName, ref: Sample, column: string): void {
  if ((test === 'ks' || test === 'wasserstein') && ref.kind !== 'numeric') {
    throw new UsageError(`drift test '${test}' needs a numeric column, but '${column}' is categorical`, {
      where: `drift.columns`,
      fix: 'Use chisquare, ztest, jensenshannon, psi or l_infinity for categorical columns',
      code: 'drift-test-kind',
    });
  }
}

/** The sample a test sees: numeric → finite values (exact or sketch buckets); categories → value counts. */
export function sampleOf(c: ColumnProfile): Sample {
  if (c.kind === 'boolean') {
    const values: string[] = [];
    const counts: number[] = [];
    if (c.false > 0) values.push('false'), counts.push(c.false);
    if (c.true > 0) values.push('true'), counts.push(c.true);
    return { kind: 'categorical', values, counts, n: c.true + c.false, exact: true, distinct: values.length };
  }
  if (c.kind === 'categorical') {
    const s = c.state;
    if (s.exact !== null) return { kind: 'categorical', values: s.exact.values, counts: s.exact.counts, n: c.count, exact: true, distinct: c.distinct };
    // Heavy hitters, plus everything else in one bucket; each kept count is low by at most the sketch's error.
    const mg = s.sketch!.mg;
    const values: string[] = [...mg.values];
    const counts = [...mg.counts];
    const kept = counts.reduce((a, b) => a + b, 0);
    if (c.count > kept) values.push('\u0000(other)'), counts.push(c.count - kept);
    return { kind: 'categorical', values, counts, n: c.count, exact: false, distinct: c.distinct };
  }
  return numericSample(c);
}

function numericSample(c: NumericColumnProfile): Sample {
  const s = c.state;
  const std = s.n > 0 ? Math.sqrt(s.m2 / s.n) : 0;
  const meanAbs = s.n > 0 ? s.sumAbs / s.n : 0;
  if (s.exact !== null || s.n === 0) {
    const exact = s.exact ?? { values: [], counts: [] };
    return { kind: 'numeric', values: exact.values, counts: exact.counts, n: s.n, exact: true, std, meanAbs, distinct: exact.values.length };
  }
  const w = weightedFromSketch(c);
  return { kind: 'numeric', values: w.values, counts: w.counts, n: s.n, exact: false, std, meanAbs, distinct: c.distinct - (s.nan > 0 ? 1 : 0) - (s.posInf > 0 ? 1 : 0) - (s.negInf > 0 ? 1 : 0) };
}

/**
 * Bucket representatives, not clamped to [min, max]: both sides then share the same points for the same bucket, which
 * keeps the KS bound tight (see ksTest); each representative is within 1% of the values it stands for.
 */
function weightedFromSketch(c: NumericColumnProfile): { values: number[]; counts: number[] } {
  return DDSketch.fromState(c.state.sketch!.ddsketch).weighted();
}

function sideSummary(c: ColumnProfile, used: number): DriftColumnSide {
  const side: DriftColumnSide = { count: used, missing: c.missing, distinct: c.distinct, top: c.top.slice(0, 3) };
  if (c.kind === 'numeric' || c.kind === 'datetime') {
    side.mean = c.mean;
    side.std = c.std;
    side.min = c.min;
    side.max = c.max;
  }
  return side;
}
