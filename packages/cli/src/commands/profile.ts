import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  loadTableSchema,
  mergeProfiles,
  profileFiles,
  readProfile,
  resolveDataFiles,
  UsageError,
  type ColumnProfile,
  type TableProfile,
  parseShardSpec,
} from '@mlci/core';
import { defineCommand, ExitCode, listOption } from '../command.js';

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`'${value}' is not a positive integer`, { where: flag, fix: `Pass a whole number to ${flag}` });
  return n;
}

function short(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
  const s = String(v).replace(/[\r\n\t]+/g, ' ');
  return s.length > 24 ? `${s.slice(0, 23)}…` : s;
}

/** One console line per column: what a reader checks first. */
export function renderProfileConsole(profile: TableProfile): string {
  const lines = [`${profile.rows} rows, ${profile.columns.length} columns`];
  const width = Math.min(24, Math.max(6, ...profile.columns.map((c) => c.name.length)));
  const describe = (c: ColumnProfile): string => {
    const base = `${c.type.padEnd(8)} missing ${c.missing}${c.invalid > 0 ? `, invalid ${c.invalid}` : ''}, distinct ${c.distinctExact ? '' : '≈'}${c.distinct}`;
    if (c.kind === 'numeric' || c.kind === 'datetime') return `${base}, min ${short(c.min)}, max ${short(c.max)}, mean ${short(c.mean)}`;
    if (c.kind === 'boolean') return `${base}, true ${c.true}, false ${c.false}`;
    return `${base}${c.top[0] ? `, top ${short(c.top[0].value)} (${c.top[0].count})` : ''}`;
  };
  for (const c of profile.columns) lines.push(`  ${short(c.name).padEnd(width)}  ${describe(c)}`);
  return lines.join('\n') + '\n';
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(value, null, 1) + '\n');
}

export const profileCommand = defineCommand({
  name: ['profile'],
  summary: 'Profile data files (counts, missing, distinct, stats, quantiles, histograms, top values) into a mergeable profile.json.',
  usage: '<data...> [--schema <file>] [--out <dir>]',
  help: [
    ['<data...>', 'data files or globs, profiled as one table (CSV, TSV, JSON Lines, JSON arrays, optionally .gz)'],
    ['--schema <file>', 'Table Schema giving column types (default: inferred from the first rows of the first file)'],
    ['--out <dir>', 'where profile.json goes (default .mlci/profile)'],
    ['--exact-cap <n>', 'distinct values per column kept exactly before switching to sketches (default 10000)'],
    ['--delimiter <c>', "CSV field delimiter when not the format's default"],
    ['--shard <i>/<n>', 'profile only shard i of n (whole files when there are ≥ n, else exact byte ranges); merge the shards with `mlci profile merge`'],
  ],
  options: {
    shard: { type: 'string' },
    schema: { type: 'string', short: 's' },
    out: { type: 'string', short: 'o' },
    'exact-cap': { type: 'string' },
    delimiter: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const patterns = listOption(args.positionals);
    if (patterns.length === 0) throw new UsageError('no data files given', { where: 'mlci profile', fix: 'Usage: mlci profile <data...> [--schema <file>] [--out <dir>]' });
    const files = await resolveDataFiles(patterns, io.cwd, 'mlci profile');
    const schemaPath = args.values.schema;
    const schema = schemaPath !== undefined ? await loadTableSchema(resolve(io.cwd, schemaPath), schemaPath) : undefined;
    const delimiter = args.values.delimiter === '\\t' ? '\t' : args.values.delimiter;
    const { profile } = await profileFiles(files, {
      schema,
      read: delimiter !== undefined ? { delimiter } : undefined,
      exactCap: positiveInt(args.values['exact-cap'], '--exact-cap'),
      shard: args.values.shard !== undefined ? parseShardSpec(args.values.shard, '--shard') : undefined,
    });
    const outArg = args.values.out ?? '.mlci/profile';
    const outFile = resolve(io.cwd, outArg, 'profile.json');
    await writeJson(outFile, profile);
    io.stdout(renderProfileConsole(profile));
    io.stdout(`profile written to ${outArg.replace(/\/+$/, '')}/profile.json\n`);
    return ExitCode.Ok;
  },
});

export const profileMergeCommand = defineCommand({
  name: ['profile', 'merge'],
  summary: 'Merge profile.json files of parts of a table (shards, files) into the profile of the whole.',
  usage: '<profile.json...> --out <file>',
  help: [
    ['<profile.json...>', 'profiles written by `mlci profile` or `mlci validate` (same columns)'],
    ['--out <file>', 'the merged profile.json'],
    ['--resource <name>', 'Data Package profiles: the resource to merge'],
  ],
  options: {
    out: { type: 'string', short: 'o' },
    resource: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const usage = 'Usage: mlci profile merge <profile.json...> --out <file>';
    const paths = listOption(args.positionals);
    if (paths.length === 0) throw new UsageError('no profiles given', { where: 'mlci profile merge', fix: usage });
    const out = args.values.out;
    if (out === undefined || out === '') throw new UsageError('missing required option --out', { where: 'mlci profile merge', fix: usage });
    let merged: TableProfile | undefined;
    for (const path of paths) {
      const profile = await readProfile(resolve(io.cwd, path), path, args.values.resource);
      if (profile === undefined) throw new UsageError('not a profile.json', { where: path, fix: 'Pass profile.json files written by `mlci profile` or `mlci validate`', code: 'usage' });
      try {
        merged = merged === undefined ? profile : mergeProfiles(merged, profile);
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(err.what, { where: path, fix: err.fix, code: err.code });
        throw err;
      }
    }
    await writeJson(resolve(io.cwd, out), merged);
    io.stdout(`merged ${paths.length} profile${paths.length === 1 ? '' : 's'} (${merged!.rows} rows) into ${out}\n`);
    return ExitCode.Ok;
  },
});
