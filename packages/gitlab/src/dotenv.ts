import { UsageError } from '@mlci/core';

/**
 * A dotenv file for `artifacts:reports:dotenv`. GitLab's rules: names of ASCII letters, digits and `_`; one line per
 * value (no multi-line values, quotes are kept as-is, surrounding blanks are dropped); no comments or empty lines;
 * at most 5 KB and (by default on self-managed tiers) 20 variables. Break them and the artifact upload fails the job.
 */
export const DOTENV_MAX_BYTES = 5120;
export const DOTENV_MAX_VARIABLES = 20;

/** `model.f1-score` → `MODEL_F1_SCORE`. */
export function dotenvKey(name: string): string {
  const key = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
  if (key === '') throw new UsageError(`'${name}' has no letters or digits to make a variable name from`, { fix: 'Use a name with letters or digits' });
  return /^[0-9]/.test(key) ? `_${key}` : key;
}

/** One line, no surrounding blanks; longer values are cut (a dotenv value is for decisions and headlines, not documents). */
export function dotenvValue(value: unknown, maxLength = 255): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const line = text.replace(/[\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? line.slice(0, maxLength - 1) + '…' : line;
}

export interface DotenvOptions {
  maxVariables?: number | undefined;
  maxBytes?: number | undefined;
}

/** Renders variables (later names win, as GitLab does) and checks GitLab's limits. */
export function toDotenv(variables: Array<[name: string, value: unknown]>, options: DotenvOptions = {}): string {
  const merged = new Map<string, string>();
  for (const [name, value] of variables) {
    const key = dotenvKey(name);
    merged.delete(key);
    merged.set(key, dotenvValue(value));
  }
  const maxVariables = options.maxVariables ?? DOTENV_MAX_VARIABLES;
  if (merged.size > maxVariables) {
    throw new UsageError(`${merged.size} dotenv variables exceed GitLab's limit of ${maxVariables}`, {
      fix: 'Pick fewer fields with --field, or raise --max-variables if your instance allows more',
    });
  }
  const text = [...merged].map(([k, v]) => `${k}=${v}`).join('\n') + (merged.size ? '\n' : '');
  const bytes = Buffer.byteLength(text);
  const maxBytes = options.maxBytes ?? DOTENV_MAX_BYTES;
  if (bytes > maxBytes) {
    throw new UsageError(`the dotenv file is ${bytes} bytes, over GitLab's limit of ${maxBytes}`, { fix: 'Pick fewer or shorter fields with --field' });
  }
  return text;
}

/** Reads `a.b.c` from a parsed JSON document. */
export function pickPath(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The top-level scalar fields of a document (strings, numbers, booleans) as name/value pairs. */
export function scalarFields(doc: unknown): Array<[string, unknown]> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  return Object.entries(doc as Record<string, unknown>).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
}
