import { access, mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  driftFromProfiles,
  loadConfig,
  loadDriftSides,
  loadTableSchema,
  renderDriftMarkdown,
  resolveDataFiles,
  UsageError,
  type DriftResult,
  type DriftSettingsInput,
} from '@mlci/core';
import { defineCommand, ExitCode, listOption } from '../command.js';

/** A side is one profile.json, or data files/globs. */
async function sideFiles(values: string[], cwd: string, flag: string): Promise<string[]> {
  if (values.length === 1 && /\.json$/i.test(values[0]!)) {
    try {
      await access(resolve(cwd, values[0]!));
    } catch {
      throw new UsageError(`file not found: ${values[0]}`, { where: flag, fix: 'Check the path (it is relative to the working directory)', code: 'file-not-found' });
    }
    return values;
  }
  return resolveDataFiles(values, cwd, flag);
}

function fmt(x: number | null): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : String(Number(x.toFixed(4)));
}

/** Console report: one line per column, drifted first, then the verdict. */
export function renderDriftConsole(result: DriftResult, outPath: string): string {
  const entries = Object.entries(result.columns).sort(([a, x], [b, y]) => Number(y.drifted) - Number(x.drifted) || (a < b ? -1 : 1));
  const width = Math.min(24, Math.max(6, ...entries.map(([n]) => n.length)));
  const lines = entries.map(([name, c]) => {
    const p = c.pvalue !== null ? ` p=${fmt(c.pvalue)}` : '';
    const rule = c.pvalue !== null ? `p < ${c.threshold}` : `≥ ${c.threshold}`;
    const bound = c.bound !== undefined ? ` ±${fmt(c.bound)}` : '';
    return `${c.drifted ? 'DRIFT' : 'ok   '} ${name.replace(/[\r\n\t]+/g, ' ').padEnd(width)}  ${c.test} ${fmt(c.score)}${bound}${p} (drift when ${rule})`;
  });
  for (const s of result.skipped) lines.push(`skip  ${s.column.replace(/[\r\n\t]+/g, ' ').padEnd(width)}  ${s.reason}`);
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  lines.push('');
  for (const role of ['target', 'prediction'] as const) {
    const r = result[role];
    if (r) lines.push(`${role === 'target' ? 'label' : 'prediction'} drift (${r.column}): ${r.drifted ? 'yes' : 'no'}`);
  }
  lines.push(
    `${result.drifted ? 'dataset drift' : 'no dataset drift'}: ${result.driftedColumns} of ${result.testedColumns} columns drifted (${pct(result.share)}, threshold ${pct(result.shareThreshold)}); report in ${outPath}`,
  );
  return lines.join('\n') + '\n';
}

export const driftCommand = defineCommand({
  name: ['drift'],
  summary: 'Detect data drift between a reference (main branch profile or data) and the current data.',
  usage: '--reference <profile.json|data> --current <profile.json|data> [--config mlci.yml] [--out <dir>]',
  help: [
    ['--reference <p>', "the main branch's profile.json, or data files/globs (repeatable)"],
    ['--current <p>', 'profile.json, or data files/globs (repeatable)'],
    ['--config <file>', 'mlci.yml with a drift: section (default mlci.yml when present)'],
    ['--out <dir>', 'where drift.json and drift.md go (default .mlci/drift)'],
    ['--schema <file>', "Table Schema for data sides (default: the reference profile's types, else inferred)"],
    ['--resource <name>', 'Data Package profiles: the resource to compare'],
    ['--share <x>', 'dataset drift when this share of columns drifted (overrides drift.share)'],
    ['--fail', 'exit 1 on dataset drift (overrides drift.fail)'],
    ['--no-fail', 'report only, exit 0 on dataset drift'],
    ['--exact-cap <n>', 'distinct values per column kept exactly when profiling data sides (default 200000)'],
    ['--delimiter <c>', "CSV field delimiter when not the format's default"],
  ],
  options: {
    reference: { type: 'string', short: 'r', multiple: true },
    current: { type: 'string', short: 'c', multiple: true },
    config: { type: 'string' },
    out: { type: 'string', short: 'o' },
    schema: { type: 'string', short: 's' },
    resource: { type: 'string' },
    share: { type: 'string' },
    fail: { type: 'boolean' },
    'no-fail': { type: 'boolean' },
    'exact-cap': { type: 'string' },
    delimiter: { type: 'string' },
  },
  allowPositionals: false,
  async run(args, io) {
    const usage = `Usage: mlci drift ${driftCommand.usage}`;
    const reference = listOption(args.values.reference);
    const current = listOption(args.values.current);
    if (reference.length === 0) throw new UsageError('missing required option --reference', { where: 'mlci drift', fix: usage });
    if (current.length === 0) throw new UsageError('missing required option --current', { where: 'mlci drift', fix: usage });

    let settings: DriftSettingsInput = {};
    const configArg = args.values.config;
    const configPath = resolve(io.cwd, configArg ?? 'mlci.yml');
    let hasConfig = configArg !== undefined;
    if (!hasConfig) hasConfig = await access(configPath).then(() => true, () => false);
    if (hasConfig) settings = { ...((await loadConfig(configPath)).drift ?? {}) };
    if (args.values.share !== undefined) {
      const share = Number(args.values.share);
      if (!(share > 0 && share <= 1)) throw new UsageError(`'${args.values.share}' is not a share in (0, 1]`, { where: '--share', fix: 'Pass a number such as 0.5' });
      settings.share = share;
    }
    if (args.values.fail && args.values['no-fail']) throw new UsageError('--fail and --no-fail contradict each other', { where: 'mlci drift', fix: 'Pass one of them' });
    if (args.values.fail) settings.fail = true;
    if (args.values['no-fail']) settings.fail = false;
    let exactCap: number | undefined;
    if (args.values['exact-cap'] !== undefined) {
      exactCap = Number(args.values['exact-cap']);
      if (!Number.isInteger(exactCap) || exactCap < 1) throw new UsageError(`'${args.values['exact-cap']}' is not a positive integer`, { where: '--exact-cap', fix: 'Pass a whole number such as 10000' });
    }
    const schemaArg = args.values.schema;
    const delimiter = args.values.delimiter === '\\t' ? '\t' : args.values.delimiter;
    const sides = await loadDriftSides({
      reference: await sideFiles(reference, io.cwd, '--reference'),
      current: await sideFiles(current, io.cwd, '--current'),
      cwd: io.cwd,
      schema: schemaArg !== undefined ? await loadTableSchema(resolve(io.cwd, schemaArg), schemaArg) : undefined,
      read: delimiter !== undefined ? { delimiter } : undefined,
      resource: args.values.resource,
      exactCap,
    });
    let result: DriftResult;
    try {
      result = driftFromProfiles(sides.reference, sides.current, settings);
    } catch (err) {
      // Settings problems name the mlci.yml section they came from.
      if (err instanceof UsageError && hasConfig) throw new UsageError(err.what, { where: `${configArg ?? 'mlci.yml'}: ${err.where ?? 'drift'}`, fix: err.fix, code: err.code });
      throw err;
    }
    const outArg = (args.values.out ?? '.mlci/drift').replace(/\/+$/, '');
    const outDir = resolve(io.cwd, outArg);
    await mkdir(outDir, { recursive: true });
    await writeFile(resolve(outDir, 'drift.json'), JSON.stringify(result, null, 1) + '\n');
    await writeFile(resolve(outDir, 'drift.md'), renderDriftMarkdown(result));
    io.stdout(renderDriftConsole(result, `${outArg}/drift.json`));
    return result.drifted && result.fail ? ExitCode.CheckFailed : ExitCode.Ok;
  },
});
