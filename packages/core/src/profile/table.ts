/**
 * Profiling data files without validating them: one streaming pass per file, cells cast by the schema's types
 * (given, or inferred from a sample of the first file), per-file profiles merged into one.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { openTable } from '../readers/index.js';
import { openShardTable } from '../readers/range.js';
import type { ReadOptions, Table } from '../readers/types.js';
import { compileCaster } from '../schema/cast.js';
import { inferSchema } from '../schema/infer.js';
import type { TableSchema } from '../schema/types.js';
import { createProfiler, mergeProfiles, PROFILE_VERSION, type TableProfiler } from './profiler.js';
import type { ProfilerOptions, TableProfile } from './types.js';

export interface ProfileFilesSettings extends ProfilerOptions {
  /** Types of the columns; inferred from the first file's first `inferRows` rows when absent. */
  schema?: TableSchema | undefined;
  read?: Pick<ReadOptions, 'delimiter' | 'quote' | 'format' | 'header'> | undefined;
  /** Rows read to infer types when no schema is given. Default 10,000. */
  inferRows?: number | undefined;
  /**
   * Profile only shard `index` (0-based) of `count`: whole files when there are at least `count`, else a byte range of
   * each (see readers/range.ts). The shards' profiles merge (mergeProfiles) into the whole's.
   */
  shard?: { index: number; count: number } | undefined;
}

export const DEFAULT_INFER_ROWS = 10_000;

/** Infers a Table Schema from the first rows of a data file. */
export async function inferSchemaFromFile(path: string, read: ProfileFilesSettings['read'] = {}, rows = DEFAULT_INFER_ROWS): Promise<TableSchema> {
  const table = await openTable(path, { ...read, maxRows: rows });
  try {
    return await inferSchema(table, { maxRows: rows });
  } finally {
    await table.close?.();
  }
}

/** Profiles one file against a schema: every schema field gets a column profile (absent columns count as missing). */
export interface SchemaProfiler {
  profiler: TableProfiler;
  /** Feeds one row: `columns[f]` is the row index of schema field f, -1 when the data lacks it (counted as missing). */
  feed(row: ArrayLike<string | undefined>, columns: readonly number[]): void;
}

/**
 * A profiler for a schema's fields with the one rule for every cell: missing (missingValues), invalid (fails its type
 * cast), or its typed value. Shared by profiling files and the monitor's samples.
 */
export function schemaProfiler(schema: TableSchema, options: ProfilerOptions = {}): SchemaProfiler {
  const fields = schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any', ...(f.format !== undefined ? { format: f.format } : {}) }));
  const profiler = createProfiler(fields, options);
  const schemaMissing = schema.missingValues ?? [''];
  const plans = schema.fields.map((field, i) => {
    const list = field.missingValues ?? schemaMissing;
    const onlyEmpty = list.length === 1 && list[0] === '';
    // The common case (only '' is missing) avoids a Set lookup per cell.
    return { cast: compileCaster(field), missing: onlyEmpty ? null : new Set(list), sink: profiler.column(i) };
  });
  return {
    profiler,
    feed(row, columns) {
      for (let f = 0; f < plans.length; f++) {
        const plan = plans[f]!;
        const c = columns[f]!;
        const text = c >= 0 ? row[c] : undefined;
        if (text === undefined || (plan.missing === null ? text === '' : plan.missing.has(text))) {
          plan.sink.addMissing();
          continue;
        }
        const value = plan.cast(text);
        if (value === undefined) plan.sink.addInvalid();
        else if (typeof value === 'number') plan.sink.addNumber(value);
        else if (typeof value === 'boolean') plan.sink.addBoolean(value);
        else plan.sink.addString(value as string);
      }
    },
  };
}

/** Row index of each schema field in a table's header (first occurrence), -1 when absent. */
export function fieldColumns(schema: TableSchema, header: readonly string[]): number[] {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return schema.fields.map((f) => index.get(f.name) ?? -1);
}

export async function profileFile(path: string, schema: TableSchema, settings: ProfileFilesSettings = {}, opened?: Table): Promise<TableProfile> {
  const { profiler, feed } = schemaProfiler(schema, { exactCap: settings.exactCap });
  const table = opened ?? (await openTable(path, { ...settings.read }));
  const columns = fieldColumns(schema, table.header);
  for await (const batch of table.batches) {
    for (const row of batch.rows) feed(row, columns);
  }
  return profiler.finish();
}

/** Profiles several files as one table (their profiles merged); infers the schema from the first when none is given. */
export async function profileFiles(paths: string[], settings: ProfileFilesSettings = {}): Promise<{ profile: TableProfile; schema: TableSchema }> {
  if (paths.length === 0) throw new UsageError('no data files given', { fix: 'Name one or more data files', code: 'usage' });
  const schema = settings.schema ?? (await inferSchemaFromFile(paths[0]!, settings.read, settings.inferRows));
  let merged: TableProfile | undefined;
  const shard = settings.shard;
  const byFile = shard !== undefined && paths.length >= shard.count;
  for (const [i, path] of paths.entries()) {
    if (byFile && i % shard.count !== shard.index) continue;
    const table = shard !== undefined && !byFile ? await openShardTable(path, path, { ...settings.read }, shard.index, shard.count) : undefined;
    const p = await profileFile(path, schema, settings, table);
    merged = merged === undefined ? p : mergeProfiles(merged, p);
  }
  if (merged === undefined) {
    const fields = schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any', ...(f.format !== undefined ? { format: f.format } : {}) }));
    merged = createProfiler(fields, { exactCap: settings.exactCap }).finish();
  }
  return { profile: merged, schema };
}

/** A profile.json as validation writes it for Data Packages: one profile per resource. */
interface ResourceProfiles {
  resources: Array<{ name: string; path?: string; profile: TableProfile }>;
}

/**
 * Reads a profile.json (a table profile, or one of a Data Package's resource profiles chosen by `resource`).
 * Returns undefined when the file is not a profile (so callers can treat it as data).
 */
export async function readProfile(path: string, where: string, resource?: string): Promise<TableProfile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { where, fix: 'Check the path (it is relative to the working directory)', code: 'file-not-found' });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const obj = doc as Partial<TableProfile> & Partial<ResourceProfiles>;
  if (Array.isArray(obj.resources)) {
    const names = obj.resources.map((r) => r.name);
    const chosen = resource !== undefined ? obj.resources.find((r) => r.name === resource) : obj.resources.length === 1 ? obj.resources[0] : undefined;
    if (chosen === undefined) {
      throw new UsageError(resource !== undefined ? `the profile has no resource '${resource}'` : `the profile holds ${names.length} Data Package resources`, {
        where,
        fix: `Choose one with --resource (${names.join(', ')})`,
        code: 'usage',
      });
    }
    return checkProfile(chosen.profile, where);
  }
  if (!('columns' in obj) || !('version' in obj)) return undefined;
  return checkProfile(obj as TableProfile, where);
}

function checkProfile(p: TableProfile, where: string): TableProfile {
  if (p.version !== PROFILE_VERSION || !Array.isArray(p.columns) || typeof p.rows !== 'number') {
    throw new UsageError(`not a profile.json of version ${PROFILE_VERSION}`, { where, fix: 'Regenerate it with `mlci profile` or `mlci validate` of this version', code: 'profile-version' });
  }
  p.columns.forEach((c, i) => {
    const problem = columnProblem(c);
    if (problem !== undefined) {
      throw new UsageError(`profile column ${i} (${JSON.stringify(String((c as { name?: unknown }).name ?? '?'))}) is malformed: ${problem}`, {
        where,
        fix: 'Regenerate the profile; profile.json is written by mlci and should not be edited',
        code: 'profile-invalid',
      });
    }
  });
  return p;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isExact = (e: unknown) => typeof e === 'object' && e !== null && Array.isArray((e as { values?: unknown }).values) && Array.isArray((e as { counts?: unknown }).counts);

/** Enough structure for merging and drift not to fail on a truncated or hand-edited file. */
function columnProblem(c: unknown): string | undefined {
  if (typeof c !== 'object' || c === null) return 'not an object';
  const col = c as Record<string, unknown>;
  if (typeof col.name !== 'string' || typeof col.type !== 'string') return 'name and type must be strings';
  if (!['numeric', 'datetime', 'categorical', 'boolean'].includes(col.kind as string)) return `unknown kind ${JSON.stringify(col.kind)}`;
  for (const k of ['count', 'missing', 'invalid']) if (!isCount(col[k])) return `${k} must be a non-negative integer`;
  if (col.kind === 'boolean') return isCount(col.true) && isCount(col.false) ? undefined : 'true/false counts missing';
  const state = col.state as Record<string, unknown> | undefined;
  if (typeof state !== 'object' || state === null) return 'state missing';
  if (state.exact !== null && !isExact(state.exact)) return 'state.exact must hold values and counts';
  if (state.exact === null && (typeof state.sketch !== 'object' || state.sketch === null)) return 'state needs exact counts or a sketch';
  if (col.kind !== 'categorical' && !['n', 'mean', 'm2', 'min', 'max'].every((k) => typeof state[k] === 'number')) return 'numeric state needs n, mean, m2, min, max';
  return undefined;
}
