/**
 * Sharded validation: `validateShard` validates shard i of n (by file when there are at least n files, else each
 * file by byte range, see readers/range.ts) and keeps what the merge needs; `mergeShards` recombines n shard states
 * into the result an unsharded run gives: findings in file order, duplicates of unique/primary keys across shards
 * (each key's 64-bit hash and first line travel with the shard), `rows`/`missing-share` recomputed on the whole,
 * PII warnings summed, profiles merged.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import type { FindingCode } from '../findings.js';
import { mergeProfiles } from '../profile/index.js';
import type { TableProfile } from '../profile/types.js';
import { loadSchemaDocument } from '../schema/parse.js';
import type { TableSchema } from '../schema/types.js';
import { datasetFindings, piiWarning } from './engine.js';
import { resolveDataFiles, type ValidateSettings } from './files.js';
import { displayPath } from './paths.js';
import { validateShardOf, type ShardPiece, type ShardSpec, type ShardState } from './shard-run.js';
import { KeySet } from './keyset.js';
import type { PiiKind } from './pii.js';
import type { CodeCounts, FileValidation, ValidationFinding, ValidationResult } from './types.js';

export { validateShardOf, type ShardPiece, type ShardSpec, type ShardState };

export const SHARD_FILE = 'shard.json';

/** Parses `i/n` (1-based, as GitHub matrix values and GitLab's CI_NODE_INDEX/CI_NODE_TOTAL are). */
export function parseShardSpec(text: string, where: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n || n > 1024) {
    throw new UsageError(`'${text}' is not a shard i/n with 1 ≤ i ≤ n ≤ 1024`, { where, fix: 'Pass e.g. 2/4 for the second of four shards', code: 'usage' });
  }
  return { index: i - 1, count: n };
}

/** Validates one shard of the data (a Table Schema run; Data Packages are not sharded). */
export async function validateShard(settings: ValidateSettings, shard: ShardSpec): Promise<ShardState> {
  const { schema, files } = await shardInputs(settings);
  return validateShardOf(settings, schema, files, shard);
}

/** The schema and data files every shard of a run validates, checked once. */
export async function shardInputs(settings: ValidateSettings): Promise<{ schema: TableSchema; files: string[] }> {
  if (settings.schema === undefined) throw new UsageError('no schema given', { where: '--schema', fix: 'Sharded runs take a Table Schema: pass --schema <table-schema.json>', code: 'usage' });
  const schemaPath = resolve(settings.cwd, settings.schema);
  const doc = await loadSchemaDocument(schemaPath, displayPath(settings.cwd, schemaPath));
  if (doc.kind !== 'schema') {
    throw new UsageError('sharded validation takes a Table Schema, not a Data Package', { where: '--shard', fix: "Run one shard job per resource with that resource's schema, or validate the package unsharded", code: 'usage' });
  }
  if (settings.data.length === 0) throw new UsageError('no data files given', { where: 'data', fix: 'Name one or more data files or globs', code: 'usage' });
  return { schema: doc.schema, files: await resolveDataFiles(settings.data, settings.cwd) };
}

/** Writes shard.json into `outDir`. */
export async function writeShardState(state: ShardState, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, SHARD_FILE);
  await writeFile(path, JSON.stringify(state) + '\n');
  return path;
}

/** Expands shard directory patterns (`shards/*`): the directories below that hold a shard.json, sorted. */
export async function resolveShardDirs(patterns: string[], cwd: string, where: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const p of patterns) {
    if (!isDynamicPattern(p)) {
      dirs.push(p);
      continue;
    }
    const found = await glob(`${p.replace(/\/+$/, '')}/${SHARD_FILE}`, { cwd, onlyFiles: true, expandDirectories: false });
    if (found.length === 0) throw new UsageError(`no shard directory matches '${p}'`, { where, fix: 'Download every shard artifact first; each shard directory holds a shard.json', code: 'file-not-found' });
    dirs.push(...found.map((f) => f.slice(0, -SHARD_FILE.length - 1)).sort());
  }
  return [...new Set(dirs)];
}

/** Reads a shard directory's shard.json (or the file itself). */
export async function readShardState(path: string, shown = path): Promise<ShardState> {
  let text: string;
  try {
    text = await readFile(path.endsWith('.json') ? path : join(path, SHARD_FILE), 'utf8');
  } catch {
    throw new UsageError(`no ${SHARD_FILE} in ${shown}`, { where: shown, fix: 'Pass the --out directories of `mlci validate --shard i/n` runs', code: 'file-not-found' });
  }
  let state: ShardState;
  try {
    state = JSON.parse(text) as ShardState;
  } catch (err) {
    throw new UsageError(`${SHARD_FILE} is not JSON (${(err as Error).message})`, { where: shown, fix: 'Re-run the shard; the file may be truncated', code: 'usage' });
  }
  if (state?.kind !== 'mlci-validate-shard' || state.version !== 1) {
    throw new UsageError(`${SHARD_FILE} is not a validate shard of version 1`, { where: shown, fix: 'Re-run the shards with this version of mlci', code: 'usage' });
  }
  return state;
}

function addCounts(into: CodeCounts, from: CodeCounts): void {
  for (const [code, n] of Object.entries(from) as Array<[FindingCode, number]>) into[code] = (into[code] ?? 0) + n;
}

function bump(counts: CodeCounts, code: FindingCode, by = 1): void {
  counts[code] = (counts[code] ?? 0) + by;
}

const APPEARS = /also appears at line (\d+)( \(unique\))?$/;

/** Recombines the pieces of one file (in piece order) into its unsharded validation. */
function mergePieces(schema: TableSchema, pieces: ShardPiece[], maxErrors: number): FileValidation {
  const head = pieces[0]!.validation;
  const columns = head.columns.map((c) => ({ ...c, missing: 0, invalid: 0, errors: {} as CodeCounts, warnings: {} as CodeCounts }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const checks = head.checks.map((c) => ({ ...c, failures: 0 }));
  const checkOf = (field: string | null, code: FindingCode) => checks.find((c) => c.field === field && c.code === code);
  const fileFindings: CodeCounts = {};
  let rows = 0;
  let errorCount = 0;
  for (const { validation: v } of pieces) {
    rows += v.rows;
    errorCount += v.errorCount;
    addCounts(fileFindings, v.fileFindings);
    v.columns.forEach((c, i) => {
      const into = columns[i]!;
      into.missing += c.missing;
      into.invalid += c.invalid;
      addCounts(into.errors, c.errors);
    });
    v.checks.forEach((c, i) => (checks[i]!.failures += c.failures));
  }
  const counted = (f: ValidationFinding, by: number) => {
    errorCount += by;
    const column = f.field !== null ? byName.get(f.field) : undefined;
    if (column) bump(column.errors, f.code, by);
    else if (f.field === null) bump(fileFindings, f.code, by);
    const check = checkOf(f.field, f.code) ?? (f.field !== null && f.code === 'extra-field' ? checkOf(null, f.code) : undefined);
    if (check) check.failures += by;
  };

  // Keys first seen in one piece and seen again in a later one: a finding at the later first occurrence.
  const inserts: Array<Array<{ at: number; k: number; finding: ValidationFinding }>> = pieces.map(() => []);
  const rewrites: Array<Map<string, number>> = pieces.map(() => new Map());
  const logCount = pieces[0]!.keys.length;
  for (let k = 0; k < logCount; k++) {
    const seen = new KeySet();
    pieces.forEach((piece, p) => {
      const log = piece.keys[k]!;
      let chunk = -1;
      let shownLines: string[] = [];
      for (let j = 0; j < log.line.length; j++) {
        const line = log.line[j]!;
        const first = seen.addHashOrGet(log.lo[j]!, log.hi[j]!, line);
        if (first === 0) continue;
        if (chunk !== j >> 12) {
          chunk = j >> 12;
          shownLines = log.shown[chunk]!.split('\n');
        }
        const shown = shownLines[j & 4095]!;
        const message = log.kind === 'field'
          ? `${shown} also appears at line ${first} (unique)`
          : `${log.code === 'primaryKey' ? 'primary key' : 'unique key'} (${log.field}) ${shown} also appears at line ${first}`;
        const finding: ValidationFinding = { line, field: log.field, code: log.code, message };
        inserts[p]!.push({ at: log.at[j]!, k, finding });
        rewrites[p]!.set(`${k}:${line}`, first);
        const column = byName.get(log.field);
        errorCount++;
        if (column && (log.kind === 'field' || log.fields === 1)) bump(column.errors, log.code);
        const check = checkOf(log.field, log.code);
        if (check) check.failures++;
      }
    });
  }

  const errors: ValidationFinding[] = [];
  const extraReported = new Set<string>();
  pieces.forEach((piece, p) => {
    const own = piece.validation.errors;
    // Same place: by row, then as the engine checks a row (field constraints in field order, then keys: log order).
    const adds = inserts[p]!.sort((a, b) => a.at - b.at || a.finding.line! - b.finding.line! || a.k - b.k);
    let a = 0;
    const logIndex = new Map(piece.keys.map((log, k) => [`${log.code}\u0000${log.field}`, k]));
    for (let i = 0; i <= own.length; i++) {
      while (a < adds.length && adds[a]!.at <= i) errors.push(adds[a++]!.finding);
      if (i === own.length) break;
      let f = own[i]!;
      if (f.code === 'extra-field' && f.line !== 1 && f.field !== null) {
        // JSON rows: each piece reports an unknown key at its first row; the file reports it once.
        if (extraReported.has(f.field)) {
          counted(f, -1);
          continue;
        }
        extraReported.add(f.field);
      }
      if (f.code === 'unique' || f.code === 'primaryKey') {
        const k = logIndex.get(`${f.code}\u0000${f.field}`);
        const m = APPEARS.exec(f.message);
        const global = k !== undefined && m ? rewrites[p]!.get(`${k}:${m[1]}`) : undefined;
        if (global !== undefined) f = { ...f, message: `${f.message.slice(0, m!.index)}also appears at line ${global}${m![2] ?? ''}` };
      }
      errors.push(f);
    }
  });

  const missing = schema.fields.map((_f, i) => columns[i]?.missing ?? 0);
  for (const f of datasetFindings(schema, rows, missing)) {
    errors.push(f);
    counted(f, 1);
  }

  const warnings: ValidationFinding[] = [];
  for (const field of schema.fields) {
    const hits = new Map<PiiKind, { count: number; line: number }>();
    for (const piece of pieces) {
      for (const [kind, count, line] of piece.pii.find((x) => x.field === field.name)?.hits ?? []) {
        const hit = hits.get(kind);
        if (hit) hit.count += count;
        else hits.set(kind, { count, line });
      }
    }
    for (const [kind, hit] of hits) {
      warnings.push(piiWarning(field.name, kind, hit.count, hit.line));
      bump(byName.get(field.name)!.warnings, 'pii');
    }
  }

  const kept = errors.slice(0, maxErrors);
  return {
    path: head.path,
    rows,
    errors: kept,
    warnings,
    ...(kept.length < errorCount ? { truncated: true } : {}),
    errorCount,
    columns,
    fileFindings,
    checks,
  };
}

/** Recombines the states of shards 1…n of one run into its ValidationResult. Throws UsageError when they do not fit together. */
export function mergeShards(states: Array<{ state: ShardState; shown: string }>): ValidationResult {
  if (states.length === 0) throw new UsageError('no shard directories given', { where: 'mlci validate merge', fix: 'Pass the --out directory of every shard', code: 'usage' });
  const { state: first, shown: firstShown } = states[0]!;
  const count = first.shard.count;
  const byIndex = new Map<number, ShardState>();
  for (const { state, shown } of states) {
    const same = state.shard.count === count && JSON.stringify(state.files) === JSON.stringify(first.files) && JSON.stringify(state.schema) === JSON.stringify(first.schema) && state.maxErrors === first.maxErrors;
    if (!same) {
      throw new UsageError(`shard ${state.shard.index + 1}/${state.shard.count} is from another run than ${firstShown} (files, schema, shard count or --max-errors differ)`, { where: shown, fix: 'Merge the shards of one run only', code: 'usage' });
    }
    if (byIndex.has(state.shard.index)) throw new UsageError(`shard ${state.shard.index + 1}/${count} is given twice`, { where: shown, fix: 'Pass each shard directory once', code: 'usage' });
    byIndex.set(state.shard.index, state);
  }
  const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (absent.length > 0) {
    throw new UsageError(`shard${absent.length === 1 ? '' : 's'} ${absent.map((i) => `${i + 1}/${count}`).join(', ')} missing`, { where: 'mlci validate merge', fix: 'Pass the --out directory of every shard (download all shard artifacts)', code: 'usage' });
  }
  const ordered = Array.from({ length: count }, (_, i) => byIndex.get(i)!);
  const pieces = new Map<number, ShardPiece[]>();
  for (const state of ordered) for (const piece of state.pieces) pieces.set(piece.file, [...(pieces.get(piece.file) ?? []), piece]);
  const files: FileValidation[] = [];
  for (let f = 0; f < first.files.length; f++) {
    const list = (pieces.get(f) ?? []).sort((a, b) => a.piece - b.piece);
    const stray = list.length > 1 ? list.find((p) => p.strayQuoteLine > 0) : undefined;
    if (stray) {
      throw new UsageError(`line ${stray.strayQuoteLine} has a quote inside an unquoted field, so byte ranges cannot find row boundaries exactly`, { where: first.files[f]!, fix: 'Quote that field (RFC 4180) and re-run, run unsharded, or shard by file', code: 'usage' });
    }
    files.push(mergePieces(first.schema, list, first.maxErrors ?? Infinity));
  }
  let profile: TableProfile | undefined;
  for (const state of ordered) profile = profile === undefined ? state.profile : mergeProfiles(profile, state.profile);
  const errorCount = files.reduce((n, f) => n + f.errorCount, 0);
  return {
    valid: errorCount === 0,
    errorCount,
    warningCount: files.reduce((n, f) => n + f.warnings.length, 0),
    skippedCount: 0,
    files,
    profile: profile!,
  };
}

