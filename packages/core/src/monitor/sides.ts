/**
 * The monitor's two sides: the reference (the production model's training profile.json, or its training data) and
 * the production sample (data files, optionally sampled). Both are cast with one schema so column types agree: the
 * given schema, else the reference profile's types, else types inferred from the reference data.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { profileFiles, readProfile } from '../profile/table.js';
import type { TableProfile } from '../profile/types.js';
import type { ReadOptions } from '../readers/types.js';
import type { TableSchema } from '../schema/types.js';
import { profileSample, type SampledProfile } from './sample.js';

export interface MonitorSidesSettings {
  /** A profile.json, or training data file(s). Absolute or relative to `cwd`. */
  reference: string[];
  /** Production data file(s), or one profile.json of production data computed elsewhere. */
  data: string[];
  cwd: string;
  schema?: TableSchema | undefined;
  read?: Pick<ReadOptions, 'delimiter' | 'quote' | 'format' | 'header'> | undefined;
  resource?: string | undefined;
  /** Profile at most this many production rows (seeded reservoir sample). */
  sampleRows?: number | undefined;
  seed?: number | undefined;
  exactCap?: number | undefined;
  /** Names for error lines (action inputs or CLI options). */
  where?: { reference: string; data: string } | undefined;
}

export interface MonitorSides {
  reference: TableProfile;
  referenceSource: 'profile' | 'data';
  current: SampledProfile;
}

function schemaOf(profile: TableProfile): TableSchema {
  return { fields: profile.columns.map((c) => ({ name: c.name, type: c.type as NonNullable<TableSchema['fields'][number]['type']> })) };
}

export async function loadMonitorSides(settings: MonitorSidesSettings): Promise<MonitorSides> {
  const where = settings.where ?? { reference: '--reference', data: '--data' };
  if (settings.reference.length === 0) throw new UsageError('no reference given', { where: where.reference, fix: "Pass the production model's training profile.json (or its training data)" });
  if (settings.data.length === 0) throw new UsageError('no production data given', { where: where.data, fix: 'Pass the production sample file(s) an earlier step fetched' });
  const refPaths = settings.reference.map((p) => resolve(settings.cwd, p));
  let reference: TableProfile | undefined;
  if (refPaths.length === 1 && /\.json$/i.test(refPaths[0]!)) reference = await readProfile(refPaths[0]!, where.reference, settings.resource);
  let schema = settings.schema ?? (reference ? schemaOf(reference) : undefined);
  const referenceSource = reference ? 'profile' : 'data';
  if (!reference) {
    const r = await profileFiles(refPaths, { schema, read: settings.read, exactCap: settings.exactCap });
    reference = r.profile;
    schema ??= r.schema;
  }
  const dataPaths = settings.data.map((p) => resolve(settings.cwd, p));
  const given = dataPaths.length === 1 && /\.json$/i.test(dataPaths[0]!) ? await readProfile(dataPaths[0]!, where.data, settings.resource) : undefined;
  if (given) return { reference, referenceSource, current: { profile: given, rowsSeen: given.rows, rowsProfiled: given.rows, method: 'profile', seed: settings.seed ?? 0 } };
  const current = await profileSample(
    dataPaths,
    { schema: schema!, read: settings.read, rows: settings.sampleRows, seed: settings.seed, exactCap: settings.exactCap },
  );
  return { reference, referenceSource, current };
}
