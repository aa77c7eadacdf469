import { resolve } from 'node:path';
import { UsageError, validateFiles, writeValidationOutputs, type ValidationFinding, type ValidationResult } from '@mlci/core';
import { defineCommand, ExitCode, listOption } from '../command.js';

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
  usage: '<data...> --schema <file> [--out <dir>] [--fail-on error|warning|never] [--delimiter <c>] [--base-path <dir>] [--max-errors <n>]',
  help: [
    ['<data...>', 'data files or globs (CSV, TSV, JSON Lines, JSON arrays, optionally .gz); or one datapackage.json'],
    ['--schema <file>', 'Table Schema (JSON or YAML) or Data Package descriptor'],
    ['--out <dir>', 'where validation.json, profile.json and junit.xml go (default .mlci/validate)'],
    ['--delimiter <c>', "CSV field delimiter when not the format's default"],
    ['--base-path <dir>', "Data Package: directory resource paths are relative to (default: the descriptor's directory)"],
    ['--max-errors <n>', 'keep at most n error findings per file in validation.json (all are counted; default all)'],
    ['--fail-on <level>', 'error (default), warning (also fail on PII warnings) or never'],
  ],
  options: {
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
    const result = await validateFiles({
      data,
      schema: args.values.schema,
      cwd: io.cwd,
      read: delimiter !== undefined ? { delimiter } : undefined,
      maxErrors,
      basePath: args.values['base-path'],
    });
    const outArg = args.values.out ?? '.mlci/validate';
    await writeValidationOutputs(result, resolve(io.cwd, outArg));
    io.stdout(renderValidationConsole(result, `${outArg.replace(/\/+$/, '')}/validation.json`));
    const failed = failOn === 'never' ? false : failOn === 'warning' ? !result.valid || result.warningCount > 0 : !result.valid;
    return failed ? ExitCode.CheckFailed : ExitCode.Ok;
  },
});
