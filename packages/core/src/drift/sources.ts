/**
 * Where drift's two sides come from: a profile.json (the main branch's artifact, no data needed) or data files
 * profiled on the fly. Data on either side is cast with one schema so both sides' column types agree: the given
 * schema, else the reference profile's types, else types inferred from the reference data.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { profileFiles, readProfile } from '../profile/table.js';
import type { TableProfile } from '../profile/types.js';
import type { ReadOptions } from '../readers/types.js';
import type { TableSchema } from '../schema/types.js';

export interface DriftSourceSettings {
  /** profile.json or data file(s) for each side, relative to `cwd`. */
  reference: string[];
  current: string[];
  cwd: string;
  schema?: TableSchema | undefined;
  read?: Pick<ReadOptions, 'delimiter' | 'quote' | 'format' | 'header'> | undefined;
  /** Data Package resource to take from a multi-resource profile.json. */
  resource?: string | undefined;
  /** Distinct values per column kept exactly when profiling data here. Default DRIFT_DATA_EXACT_CAP. */
  exactCap?: number | undefined;
}

/**
 * Data given directly to drift is in memory for this run only, so it keeps far more values exactly than a stored
 * profile.json does (10,000): results are exact up to 200,000 distinct values per column (~3 MB per numeric column).
 */
export const DRIFT_DATA_EXACT_CAP = 200_000;

export interface DriftSides {
  reference: TableProfile;
  current: TableProfile;
  /** How each side was obtained. */
  sources: { reference: 'profile' | 'data'; current: 'profile' | 'data' };
}

async function asProfile(paths: string[], cwd: string, where: string, resource: string | undefined): Promise<TableProfile | undefined> {
  if (paths.length !== 1 || !/\.json$/i.test(paths[0]!)) return undefined;
  return readProfile(resolve(cwd, paths[0]!), where, resource);
}

function schemaOf(profile: TableProfile): TableSchema {
  return {
    fields: profile.columns.map((c) => ({
      name: c.name,
      type: c.type as NonNullable<TableSchema['fields'][number]['type']>,
      ...(c.format !== undefined ? { format: c.format } : {}),
    })),
  };
}

export async function loadDriftSides(settings: DriftSourceSettings): Promise<DriftSides> {
  const { cwd } = settings;
  for (const side of ['reference', 'current'] as const) {
    if (settings[side].length === 0) throw new UsageError(`no ${side} given`, { where: `--${side}`, fix: `Pass --${side} <profile.json|data file>`, code: 'usage' });
  }
  let reference = await asProfile(settings.reference, cwd, '--reference', settings.resource);
  let current = await asProfile(settings.current, cwd, '--current', settings.resource);
  const sources = { reference: reference ? 'profile' : 'data', current: current ? 'profile' : 'data' } as DriftSides['sources'];
  let schema = settings.schema ?? (reference ? schemaOf(reference) : current ? schemaOf(current) : undefined);
  const profileData = async (paths: string[]) => {
    const result = await profileFiles(
      paths.map((p) => resolve(cwd, p)),
      { schema, read: settings.read, exactCap: settings.exactCap ?? DRIFT_DATA_EXACT_CAP },
    );
    schema ??= result.schema;
    return result.profile;
  };
  reference ??= await profileData(settings.reference);
  current ??= await profileData(settings.current);
  return { reference, current, sources };
}
