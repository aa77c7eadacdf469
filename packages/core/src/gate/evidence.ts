import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { sha256File } from '../train/hash.js';
import type { FileDigest, GateReason } from './types.js';

/** Digest of an evidence file: streamed sha256 (train's hasher) and size. */
export async function digestFile(path: string): Promise<FileDigest> {
  const [sha256, info] = await Promise.all([sha256File(path), stat(path)]);
  return { path, sha256, bytes: info.size };
}

export type ReportKind = 'validation' | 'comparison' | 'drift' | 'evaluation';

export interface ValidationReport {
  valid: boolean;
  errorCount: number;
  files: Array<{ path: string; valid: boolean | null; errorCount: number | null }>;
  commit: string | null;
}

export interface ComparisonRow {
  metric: string;
  baseline: number | null;
  current: number | null;
  delta: number | null;
  direction: 'higher' | 'lower' | null;
  status: string | null;
  significant: boolean | null;
  violations: string[];
}

export interface ComparisonReport {
  passed: boolean;
  rows: ComparisonRow[];
  /** Violations not tied to one metric (e.g. require_baseline). */
  violations: string[];
  commit: string | null;
}

export interface DriftReport {
  drifted: boolean;
  share: number;
  driftedColumns: string[];
  commit: string | null;
}

export interface EvaluationReport {
  metrics: Record<string, number>;
  commit: string | null;
}

/** Outcome of reading one evidence file: the parsed report, or the reason it cannot be used. */
export type Loaded<T> =
  | { ok: true; value: T; digest: FileDigest }
  | { ok: false; reason: GateReason };

class ShapeError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function need<T>(ok: boolean, value: T, what: string): T {
  if (!ok) throw new ShapeError(what);
  return value;
}

function finiteOrNull(v: unknown, what: string): number | null {
  if (v === null || v === undefined) return null;
  return need(typeof v === 'number' && Number.isFinite(v), v as number, `${what} is not a finite number`);
}

function commitOf(o: Record<string, unknown>): string | null {
  const c = o.commit ?? (isObject(o.current) ? o.current.commit : undefined);
  return typeof c === 'string' && c.length > 0 ? c : null;
}

/** Direction words used by metric rules (`higher`, `higher_is_better`, `max`, `increase`, …) reduced to two. */
function directionOf(v: unknown): 'higher' | 'lower' | null {
  if (typeof v !== 'string') return null;
  if (/^(higher|max|increase|up|greater)/i.test(v)) return 'higher';
  if (/^(lower|min|decrease|down|less|smaller)/i.test(v)) return 'lower';
  return null;
}

function violationText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isObject(v)) {
    const text = v.message ?? v.rule ?? v.code;
    if (typeof text === 'string') return text;
  }
  return JSON.stringify(v);
}

export function parseValidation(data: unknown): ValidationReport {
  need(isObject(data), null, 'not a JSON object');
  const o = data as Record<string, unknown>;
  const valid = need(typeof o.valid === 'boolean', o.valid as boolean, '"valid" is not true/false');
  const errorCount = need(
    typeof o.errorCount === 'number' && Number.isInteger(o.errorCount) && o.errorCount >= 0,
    o.errorCount as number,
    '"errorCount" is not a non-negative integer',
  );
  const files = Array.isArray(o.files)
    ? o.files.filter(isObject).map((f) => ({
        path: typeof f.path === 'string' ? f.path : '(unnamed)',
        // validate writes errorCount and `skipped` per file (a skipped file is not a pass); `valid` when given.
        valid: typeof f.valid === 'boolean' ? f.valid : typeof f.errorCount === 'number' ? f.errorCount === 0 && !f.skipped : f.skipped ? false : null,
        errorCount: typeof f.errorCount === 'number' ? f.errorCount : null,
      }))
    : [];
  return { valid, errorCount, files, commit: commitOf(o) };
}

export function parseComparison(data: unknown): ComparisonReport {
  need(isObject(data), null, 'not a JSON object');
  const o = data as Record<string, unknown>;
  const passed = need(typeof o.passed === 'boolean', o.passed as boolean, '"passed" is not true/false');
  const rawRows = need(Array.isArray(o.rows), o.rows as unknown[], '"rows" is not an array');
  const rows = rawRows.map((r, i) => {
    need(isObject(r) && typeof r.metric === 'string' && r.metric.length > 0, null, `rows[${i}].metric is missing`);
    const row = r as Record<string, unknown>;
    const violations = row.violations === undefined || row.violations === null ? [] : row.violations;
    need(Array.isArray(violations), null, `rows[${i}].violations is not an array`);
    return {
      metric: row.metric as string,
      baseline: finiteOrNull(row.baseline, `rows[${i}].baseline`),
      current: finiteOrNull(row.current, `rows[${i}].current`),
      delta: finiteOrNull(row.delta, `rows[${i}].delta`),
      direction: directionOf(row.direction),
      status: typeof row.status === 'string' ? row.status : null,
      significant: typeof row.significant === 'boolean' ? row.significant : null,
      violations: (violations as unknown[]).map(violationText),
    };
  });
  const top = o.violations === undefined || o.violations === null ? [] : o.violations;
  need(Array.isArray(top), null, '"violations" is not an array');
  return { passed, rows, violations: (top as unknown[]).map(violationText), commit: commitOf(o) };
}

export function parseDrift(data: unknown): DriftReport {
  need(isObject(data), null, 'not a JSON object');
  const o = data as Record<string, unknown>;
  const drifted = need(typeof o.drifted === 'boolean', o.drifted as boolean, '"drifted" is not true/false');
  const share = need(typeof o.share === 'number' && Number.isFinite(o.share), o.share as number, '"share" is not a number');
  const driftedColumns: string[] = [];
  // columns: either [{name|column, drifted}] or { name: {drifted} }.
  if (Array.isArray(o.columns)) {
    for (const c of o.columns) if (isObject(c) && c.drifted === true) driftedColumns.push(String(c.name ?? c.column ?? '?'));
  } else if (isObject(o.columns)) {
    for (const [name, c] of Object.entries(o.columns)) if (isObject(c) && c.drifted === true) driftedColumns.push(name);
  }
  return { drifted, share, driftedColumns, commit: commitOf(o) };
}

/** metrics.json: flat `metric → number`; `{ metrics: {…} }` and `{ value }` objects are accepted too. */
export function parseEvaluation(data: unknown): EvaluationReport {
  need(isObject(data), null, 'not a JSON object');
  const o = data as Record<string, unknown>;
  const source = isObject(o.metrics) ? o.metrics : o;
  const metrics: Record<string, number> = {};
  for (const [name, v] of Object.entries(source)) {
    if (name === 'commit' || name === 'run' || name === 'model') continue;
    const value = isObject(v) ? v.value : v;
    if (typeof value === 'number') {
      need(Number.isFinite(value), null, `metric "${name}" is not a finite number`);
      metrics[name] = value;
    }
  }
  need(Object.keys(metrics).length > 0, null, 'has no numeric metrics');
  return { metrics, commit: commitOf(o) };
}

const parsers = { validation: parseValidation, comparison: parseComparison, drift: parseDrift, evaluation: parseEvaluation };
type Parsed = { validation: ValidationReport; comparison: ComparisonReport; drift: DriftReport; evaluation: EvaluationReport };

/** Reads, hashes and parses one evidence report. Never throws: every failure is a reason. */
export async function loadReport<K extends ReportKind>(kind: K, path: string): Promise<Loaded<Parsed[K]>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: {
        code: code === 'ENOENT' ? 'evidence-missing' : 'evidence-invalid',
        evidence: kind,
        message: code === 'ENOENT' ? `${kind} report ${path} does not exist` : `${kind} report ${path} cannot be read (${code ?? 'error'})`,
      },
    };
  }
  const digest: FileDigest = { path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: { code: 'evidence-invalid', evidence: kind, message: `${kind} report ${path} is not valid JSON: ${(err as Error).message}` } };
  }
  try {
    return { ok: true, value: parsers[kind](data) as Parsed[K], digest };
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    return { ok: false, reason: { code: 'evidence-invalid', evidence: kind, message: `${kind} report ${path} is not a ${kind} report: ${err.message}` } };
  }
}
