import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chooseThreads, mergeShards, parseThreadCount, parseShardSpec, readShardState, resolveShardDirs, THREADS_MIN_BYTES, UsageError, validateFiles, validateInThreads, validateShard, writeShardState, writeValidationOutputs, type ShardState, type ValidateSettings, type ValidationFinding, type ValidationResult } from '@mlci/core';
import { defineCommand, ExitCode, listOption, type Io } from '../command.js';

/** Findings printed to the console; every finding is in validation.json. */
const CONSOLE_FINDINGS = 20;

function findingLine(path: string, f: ValidationFinding, severity: string): string {
  const where = f.line !== null ? `${path}:${f.line}` : path;
  return `  ${where}: ${f.field !== null ? `${f.field}: ` : ''}${f.message} [${f.code}${severity === 'warning' ? ', warning' : ''}]`;
}

/** The console report: a line per file, then the first findings across files. */
export function renderValidationConsole(result: ValidationResult, validationPath: string, max = CONSOLE_FINDINGS): string {
  const lines: string[] = [];
  for (const f of result.files) {
    const name = f.resource ? `${f.path} (${f.resource})` : f.path;
    if (f.skipped !== undefined) {
      lines.push(`SKIP ${name}: ${f.skipped}`);
      continue;
    }
    const status = f.errorCount === 0 ? 'PASS' : 'FAIL';
    const parts = [`${f.rows} rows`, `${f.errorCount} error${f.errorCount === 1 ? '' : 's'}`];
    if (f.warnings.length > 0) parts.push(`${f.warnings.length} warning${f.warnings.length === 1 ? '' : 's'}`);
    lines.push(`${status} ${name}: ${parts.join(', ')}`);
  }
  const all: string[] = [];
  for (const f of result.files) for (const e of f.errors) all.push(findingLine(f.path, e, 'error'));
  for (const f of result.files) for (const w of f.warnings) all.push(findingLine(f.path, w, 'warning'));
  const total = result.errorCount + result.warningCount;
  if (all.length > 0) {
    lines.push('', ...all.slice(0, max));
    if (total > max) lines.push(`  … and ${total - Math.min(max, all.length)} more; all findings in ${validationPath}`);
  }
  const verdict = result.valid ? 'valid' : 'invalid';
  const skippedNote = result.skippedCount > 0 ? `, ${result.skippedCount} skipped (not validated)` : '';
  lines.push('', `${verdict}: ${result.errorCount} error${result.errorCount === 1 ? '' : 's'}, ${result.warningCount} warning${result.warningCount === 1 ? '' : 's'} in ${result.files.length - result.skippedCount} file${result.files.length - result.skippedCount === 1 ? '' : 's'}${skippedNote}; report in ${validationPath}`);
  return lines.join('\n') + '\n';
}

export const validateCommand = defineCommand({
  name: ['validate'],
  summary: 'Validate data files against a Table Schema (or every resource of a Data Package) and profile them.',
  usage: '<data...> --schema <file> [--out <dir>] [--fail-on error|warning|never] [--delimiter <c>] [--base-path <dir>] [--max-errors <n>] [--shard <i>/<n>] [--workers <n>|auto]',
  help: [
    ['<data...>', 'data files or globs (CSV, TSV, JSON Lines, JSON arrays, optionally .gz); or one datapackage.json'],
    ['--schema <file>', 'Table Schema (JSON or YAML) or Data Package descriptor'],
    ['--out <dir>', 'where validation.json, profile.json and junit.xml go (default .mlci/validate)'],
    ['--delimiter <c>', "CSV field delimiter when not the format's default"],
    ['--base-path <dir>', "Data Package: directory resource paths are relative to (default: the descriptor's directory)"],
    ['--max-errors <n>', 'keep at most n error findings per file in validation.json (all are counted; default all)'],
    ['--fail-on <level>', 'error (default), warning (also fail on PII warnings) or never'],
    ['--shard <i>/<n>', 'validate only shard i of n (by file when there are ≥ n files, else by byte range) and write shard.json for `mlci validate merge`; exits 0 unless the input is bad'],
    ['--workers <n>|auto', `split the data into n byte-range shards validated in worker threads, merged in-process (auto: 2 from ${THREADS_MIN_BYTES / 1048576} MiB when a core is idle, else 1)`],
  ],
  options: {
    shard: { type: 'string' },
    workers: { type: 'string' },
    schema: { type: 'string', short: 's' },
    out: { type: 'string', short: 'o' },
    delimiter: { type: 'string' },
    'max-errors': { type: 'string' },
    'base-path': { type: 'string' },
    'fail-on': { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const data = listOption(args.positionals);
    if (data.length === 0) {
      throw new UsageError('no data files given', { where: 'mlci validate', fix: 'Usage: mlci validate <data...> --schema <file> [--out <dir>]' });
    }
    let maxErrors: number | undefined;
    if (args.values['max-errors'] !== undefined) {
      maxErrors = Number(args.values['max-errors']);
      if (!Number.isInteger(maxErrors) || maxErrors < 1) throw new UsageError(`'${args.values['max-errors']}' is not a positive integer`, { where: '--max-errors', fix: 'Pass a whole number such as 1000' });
    }
    const failOn = args.values['fail-on'] ?? 'error';
    if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') {
      throw new UsageError(`'${failOn}' is not a fail-on level`, { where: '--fail-on', fix: 'Use error, warning or never' });
    }
    const delimiter = args.values.delimiter === '\\t' ? '\t' : args.values.delimiter;
    const settings: ValidateSettings = {
      data,
      schema: args.values.schema,
      cwd: io.cwd,
      read: delimiter !== undefined ? { delimiter } : undefined,
      maxErrors,
      basePath: args.values['base-path'],
    };
    const outArg = args.values.out ?? '.mlci/validate';
    if (args.values.shard !== undefined) {
      const shard = parseShardSpec(args.values.shard, '--shard');
      const state = await validateShard(settings, shard);
      const outDir = resolve(io.cwd, outArg);
      await writeShardState(state, outDir);
      const rows = state.pieces.reduce((n, p) => n + p.validation.rows, 0);
      const errors = state.pieces.reduce((n, p) => n + p.validation.errorCount, 0);
      io.stdout(`shard ${shard.index + 1}/${shard.count}: ${rows} rows in ${state.pieces.length} piece${state.pieces.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'} before the merge; state in ${outArg.replace(/\/+$/, '')}/shard.json (run mlci validate merge on every shard's directory)\n`);
      return ExitCode.Ok;
    }
    const workers = await workerCount(args.values.workers, settings, io);
    const result = workers > 1 ? await validateInThreads(settings, workers, new URL('../validate-worker.js', import.meta.url)) : await validateFiles(settings);
    await writeValidationOutputs(result, resolve(io.cwd, outArg));
    io.stdout(renderValidationConsole(result, `${outArg.replace(/\/+$/, '')}/validation.json`));
    return verdict(result, failOn);
  },
});

function verdict(result: ValidationResult, failOn: string): ExitCode {
  const failed = failOn === 'never' ? false : failOn === 'warning' ? !result.valid || result.warningCount > 0 : !result.valid;
  return failed ? ExitCode.CheckFailed : ExitCode.Ok;
}

function parseFailOn(value: string | undefined): string {
  const failOn = value ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') throw new UsageError(`'${failOn}' is not a fail-on level`, { where: '--fail-on', fix: 'Use error, warning or never' });
  return failOn;
}

/** --workers: a number, or auto (the default; see chooseThreads). */
async function workerCount(value: string | undefined, settings: ValidateSettings, io: Io): Promise<number> {
  const wanted = parseThreadCount(value, '--workers');
  const choice = await chooseThreads(settings, wanted, { cores: availableParallelism(), load1: loadavg()[0]! });
  if (choice.note) io.stderr(`mlci: note: --workers ${choice.note}\n`);
  return choice.threads;
}

export const validateMergeCommand = defineCommand({
  name: ['validate', 'merge'],
  summary: 'Merge the shards of `mlci validate --shard i/n` into the result of one unsharded run.',
  usage: '<shard-dir...> [--out <dir>] [--fail-on error|warning|never]',
  help: [
    ['<shard-dir...>', 'the --out directories of every shard (each holds shard.json); globs allowed'],
    ['--out <dir>', 'where validation.json, profile.json and junit.xml go (default .mlci/validate)'],
    ['--fail-on <level>', 'error (default), warning (also fail on PII warnings) or never'],
  ],
  options: {
    out: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io: Io) {
    const dirs = listOption(args.positionals);
    if (dirs.length === 0) throw new UsageError('no shard directories given', { where: 'mlci validate merge', fix: 'Usage: mlci validate merge <shard-dir...> [--out <dir>]' });
    const failOn = parseFailOn(args.values['fail-on']);
    const states: Array<{ state: ShardState; shown: string }> = [];
    for (const dir of await resolveShardDirs(dirs, io.cwd, 'mlci validate merge')) states.push({ state: await readShardState(resolve(io.cwd, dir), dir), shown: dir });
    const result = mergeShards(states);
    const outArg = args.values.out ?? '.mlci/validate';
    await writeValidationOutputs(result, resolve(io.cwd, outArg));
    io.stdout(renderValidationConsole(result, `${outArg.replace(/\/+$/, '')}/validation.json`));
    return verdict(result, failOn);
  },
});
