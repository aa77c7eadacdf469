import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';

/** What `mlci train` records about one training run (`run.json`). */
export interface RunRecord {
  version: 1;
  command: string[];
  exit_code: number;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  /** Peak resident memory of the command's process tree, sampled from /proc; null where unavailable. */
  peak_memory_bytes: number | null;
  peak_memory_method: string | null;
  git_commit: string | null;
  params_file: string | null;
  params: unknown;
  /** Relative path → sha256, before the run. */
  inputs: Record<string, string>;
  /** Relative path → sha256, after the run. */
  outputs: Record<string, string>;
  metrics_file: string | null;
  /** The metrics the training wrote, nested keys flattened with dots, numbers only. */
  metrics: Record<string, number>;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Flattens nested objects to dotted keys and keeps finite numbers (as DVC metrics do). */
export function flattenNumbers(doc: unknown, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  if (!isRecord(doc)) return out;
  for (const [key, value] of Object.entries(doc)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
    else if (isRecord(value)) flattenNumbers(value, name, out);
  }
  return out;
}

/** Parses a JSON or YAML file (by extension; YAML parses JSON too). */
export async function readStructured(path: string, what: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { where: path, fix: `Check the ${option} path`, code: 'file-not-found' });
  }
  try {
    return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`${what} is not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`, { where: path, fix: 'Fix the file syntax', code: 'syntax' });
  }
}

/** Canonical JSON (sorted keys) for comparing parameters and commands. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
