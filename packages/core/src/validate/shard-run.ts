/**
 * Validating one shard of a run whose schema and files are already known: what `mlci validate --workers` threads
 * load. It imports no schema parser (zod is ~100 modules), so a worker thread starts in a fraction of the time.
 */
import { displayPath } from './paths.js';
import { createProfiler, mergeProfiles } from '../profile/profiler.js';
import type { TableProfile } from '../profile/types.js';
import { openTable } from '../readers/open.js';
import { openShardTable } from '../readers/range.js';
import type { TableSchema } from '../schema/types.js';
import { validateTable, type ShardCollector, type ShardKeyLog } from './engine.js';
import type { ValidateSettings } from './files.js';
import type { FileValidation } from './types.js';

/** Shard `index` (0-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** One file, or one byte range of a file, validated by a shard. */
export interface ShardPiece {
  /** Position of the file in the run's file list. */
  file: number;
  /** Which piece of the file (0-based) of how many. */
  piece: number;
  pieces: number;
  validation: FileValidation;
  keys: ShardKeyLog[];
  pii: ShardCollector['pii'];
  /** CSV: first line with a quote inside an unquoted field (0: none). */
  strayQuoteLine: number;
}

/** shard.json: everything `mlci validate merge` needs from one shard. */
export interface ShardState {
  kind: 'mlci-validate-shard';
  version: 1;
  shard: ShardSpec;
  /** Every data file of the run, as findings name them. */
  files: string[];
  schema: TableSchema;
  maxErrors: number | null;
  pieces: ShardPiece[];
  profile: TableProfile;
}

/** Validates shard `shard` of `files` (absolute paths) against a loaded schema. */
export async function validateShardOf(settings: ValidateSettings, schema: TableSchema, files: string[], shard: ShardSpec): Promise<ShardState> {
  const fields = schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any' }));
  const byFile = files.length >= shard.count;
  const pieces: ShardPiece[] = [];
  let profile: TableProfile | undefined;
  for (const [i, abs] of files.entries()) {
    if (byFile && i % shard.count !== shard.index) continue;
    const shown = displayPath(settings.cwd, abs);
    // Packed rows: the engine reads numbers in place, without a string per cell.
    const read = { ...settings.read, packed: true };
    const profiler = createProfiler(fields);
    const collector: ShardCollector = { first: byFile || shard.index === 0, keys: [], pii: [] };
    const table = byFile ? await openTable(abs, read) : await openShardTable(abs, shown, read, shard.index, shard.count);
    const validation = await validateTable(table, schema, { displayPath: shown, profiler, maxErrors: settings.maxErrors, headerless: settings.read?.header === false, shard: collector });
    pieces.push({ file: i, piece: byFile ? 0 : shard.index, pieces: byFile ? 1 : shard.count, validation, keys: collector.keys, pii: collector.pii, strayQuoteLine: table.strayQuoteLine?.() ?? 0 });
    const p = profiler.finish();
    profile = profile === undefined ? p : mergeProfiles(profile, p);
  }
  return {
    kind: 'mlci-validate-shard',
    version: 1,
    shard,
    files: files.map((f) => displayPath(settings.cwd, f)),
    schema,
    maxErrors: settings.maxErrors ?? null,
    pieces,
    profile: profile ?? createProfiler(fields).finish(),
  };
}


/** The body of a validation worker thread (see validate/threads.ts): validates its shard and posts the state back. */
export async function runShardWorker(): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { settings, schema, files, shard } = workerData as { settings: ValidateSettings; schema: TableSchema; files: string[]; shard: ShardSpec };
  try {
    parentPort!.postMessage({ state: await validateShardOf(settings, schema, files, shard) });
  } catch (err) {
    const e = err as { name?: string; what?: string; message?: string; where?: string; fix?: string; code?: string };
    parentPort!.postMessage({ error: { name: e.name, what: e.what ?? e.message, where: e.where, fix: e.fix, code: e.code, message: e.message } });
  }
}
