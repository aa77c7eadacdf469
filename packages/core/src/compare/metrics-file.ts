import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';

/**
 * Metrics files: DVC-style JSON or YAML (nested keys flattened with dots, only finite numbers kept, as
 * `dvc metrics diff` does) and mlci's own metrics.json, which may also carry:
 * - `intervals` (or `ci`, or `bootstrap.intervals`): metric → `{ low, high }` or `[low, high]`, a 95% interval;
 * - `outcomes`: path (relative to the metrics file) of per-row outcomes (`y_true`, `y_pred`, optional `id`) as
 *   JSON Lines or CSV, used for paired significance tests;
 * - `confusion_matrix` and `slices`, shown in the report's details. These keys are never treated as metrics.
 */

export interface MetricInterval {
  low: number;
  high: number;
}

export interface MetricsSet {
  files: string[];
  values: Map<string, number>;
  intervals: Map<string, MetricInterval>;
  /** Absolute path of the per-row outcomes file, when one is named. */
  outcomes: string | undefined;
  /** The raw parsed documents, for report sections (confusion matrix, slices). */
  documents: unknown[];
}

const RESERVED = new Set(['intervals', 'ci', 'bootstrap', 'outcomes', 'confusion_matrix', 'slices', '$schema', 'labels', 'mlci']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Flattens nested objects to dotted keys; keeps finite numbers only (DVC ignores strings, lists and booleans). */
export function flattenMetrics(doc: unknown, prefix = '', out = new Map<string, number>(), top = true): Map<string, number> {
  if (!isRecord(doc)) return out;
  for (const [key, value] of Object.entries(doc)) {
    if (top && RESERVED.has(key)) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' && Number.isFinite(value)) out.set(name, value);
    else if (isRecord(value)) flattenMetrics(value, name, out, false);
  }
  return out;
}

function toInterval(v: unknown): MetricInterval | undefined {
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) return { low: v[0] as number, high: v[1] as number };
  if (isRecord(v) && typeof v.low === 'number' && typeof v.high === 'number' && Number.isFinite(v.low) && Number.isFinite(v.high)) return { low: v.low, high: v.high };
  return undefined;
}

function intervalsOf(doc: unknown): Map<string, MetricInterval> {
  const out = new Map<string, MetricInterval>();
  if (!isRecord(doc)) return out;
  const sources = [doc.intervals, doc.ci, isRecord(doc.bootstrap) ? doc.bootstrap.intervals : undefined];
  for (const source of sources) {
    if (!isRecord(source)) continue;
    for (const [metric, v] of Object.entries(source)) {
      const interval = toInterval(v);
      if (interval && !out.has(metric)) out.set(metric, interval);
    }
  }
  return out;
}

/** Parses one metrics document (JSON or YAML text). */
export function parseMetricsText(text: string, file: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    throw new UsageError(`not a valid ${file.endsWith('.json') ? 'JSON' : 'JSON or YAML'} metrics file: ${message}`, {
      where: file,
      fix: 'Write metrics as a JSON or YAML object of numbers (nested objects allowed)',
      code: 'metrics-invalid',
    });
  }
}

/**
 * Reads and merges metrics files. A metric name found in two files with different values is an error: the
 * comparison would otherwise depend on file order.
 */
export async function readMetricsFiles(paths: string[], label: string): Promise<MetricsSet> {
  const set: MetricsSet = { files: [...paths], values: new Map(), intervals: new Map(), outcomes: undefined, documents: [] };
  const origin = new Map<string, string>();
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${label} metrics file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
        where: path,
        fix: `Check the ${label} metrics path`,
        code: 'file-not-found',
      });
    }
    const doc = parseMetricsText(text, path);
    if (!isRecord(doc)) {
      throw new UsageError(`${label} metrics file is not an object of metrics`, { where: path, fix: 'Write metrics as a JSON or YAML object, e.g. {"accuracy": 0.91}', code: 'metrics-invalid' });
    }
    set.documents.push(doc);
    for (const [name, value] of flattenMetrics(doc)) {
      const seen = origin.get(name);
      if (seen !== undefined && set.values.get(name) !== value) {
        throw new UsageError(`metric '${name}' has different values in ${seen} and ${path}`, {
          where: path,
          fix: 'Pass one file per metric, or nest the metrics under distinct keys',
          code: 'metrics-conflict',
        });
      }
      origin.set(name, path);
      set.values.set(name, value);
    }
    for (const [name, interval] of intervalsOf(doc)) set.intervals.set(name, interval);
    if (typeof doc.outcomes === 'string' && doc.outcomes !== '') set.outcomes = resolve(dirname(path), doc.outcomes);
  }
  return set;
}

/** Builds a metrics set from values already in memory (tests, callers that computed metrics themselves). */
export function metricsSet(values: Record<string, number>, extra: Partial<Omit<MetricsSet, 'values'>> = {}): MetricsSet {
  return { files: [], intervals: new Map(), outcomes: undefined, documents: [], ...extra, values: new Map(Object.entries(values)) };
}
