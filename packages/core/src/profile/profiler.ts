import { UsageError } from '../errors.js';
import { columnFromProfile, createColumn, type ColumnAccumulator } from './columns.js';
import type { ColumnProfiler, ProfileField, Profiler, ProfilerOptions, TableProfile } from './types.js';

export const PROFILE_VERSION = 1;
export const DEFAULT_EXACT_CAP = 10_000;

export interface TableProfiler extends Profiler {
  column(index: number): ColumnProfiler;
  finish(): TableProfile;
}

/**
 * One accumulator per schema field. Feed every cell of every row (a value, addMissing or addInvalid) so that each
 * column's cell count is the row count; `finish()` returns profile.json's content.
 */
export function createProfiler(fields: ProfileField[], options: ProfilerOptions = {}): TableProfiler {
  const cap = options.exactCap ?? DEFAULT_EXACT_CAP;
  const columns = fields.map((f) => createColumn(f, cap));
  return {
    column: (index) => columns[index]!,
    finish: () => tableProfile(columns, cap),
  };
}

function tableProfile(columns: ColumnAccumulator[], cap: number): TableProfile {
  return {
    version: PROFILE_VERSION,
    rows: columns.reduce((m, c) => Math.max(m, c.cells), 0),
    exactCap: cap,
    columns: columns.map((c) => c.toProfile()),
  };
}

/**
 * Merges the profiles of two parts of a table into the profile of the whole. Counts, min/max, exact value counts and
 * the DDSketch/HyperLogLog states merge exactly (and associatively); mean/std combine by Chan's formula (equal to a
 * single pass up to rounding); Misra–Gries heavy hitters keep their n/(k+1) bound. Columns are matched by name; a
 * column missing from one part counts that part's rows as missing.
 */
export function mergeProfiles(a: TableProfile, b: TableProfile): TableProfile {
  for (const p of [a, b]) {
    if (p.version !== PROFILE_VERSION) {
      throw new UsageError(`profile version ${String(p.version)} is not supported`, {
        fix: `Regenerate the profile with this mlci (profile version ${PROFILE_VERSION})`,
        code: 'profile-version',
      });
    }
  }
  const cap = Math.min(a.exactCap, b.exactCap);
  const merged = new Map<string, ColumnAccumulator>();
  for (const p of a.columns) merged.set(p.name, columnFromProfile(p, cap));
  const inB = new Set<string>();
  for (const p of b.columns) {
    inB.add(p.name);
    const other = columnFromProfile(p, cap);
    const mine = merged.get(p.name);
    if (mine === undefined) {
      other.addMissingCells(a.rows);
      merged.set(p.name, other);
      continue;
    }
    try {
      mine.merge(other);
    } catch (err) {
      throw new UsageError((err as Error).message, {
        fix: 'Profile both parts with the same schema',
        code: 'profile-mismatch',
      });
    }
  }
  for (const [name, column] of merged) if (!inB.has(name) && a.columns.some((c) => c.name === name)) column.addMissingCells(b.rows);
  const columns = [...merged.values()];
  return { version: PROFILE_VERSION, rows: a.rows + b.rows, exactCap: cap, columns: columns.map((c) => c.toProfile()) };
}
