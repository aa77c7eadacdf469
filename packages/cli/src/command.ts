import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '@mlci/core';

/** Exit codes: the CLI's contract with scripts and CI. */
export const ExitCode = {
  Ok: 0,
  /** The data or model failed a check. */
  CheckFailed: 1,
  /** Bad input or usage. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Environment, passed in so commands stay testable in-process. */
  env: Readonly<Record<string, string | undefined>>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command<O extends Options = Options> {
  /** Words that select the command, e.g. ['schema', 'infer']. */
  name: string[];
  summary: string;
  /** Usage line after `mlci <name>`, e.g. `<data> [--out <dir>]`. */
  usage: string;
  /** Option help, one line each, in order. */
  help: Array<[flag: string, description: string]>;
  options: O;
  allowPositionals: boolean;
  /** Everything after `--` (training commands). */
  passThrough?: boolean;
  run(args: ParsedArgs<O>, io: Io): Promise<ExitCode>;
}

export interface ParsedArgs<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
  rest: string[];
}

export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

export function parseCommandArgs<O extends Options>(command: Command<O>, argv: string[]): ParsedArgs<O> {
  const dashDash = argv.indexOf('--');
  const own = command.passThrough && dashDash >= 0 ? argv.slice(0, dashDash) : argv;
  const rest = command.passThrough && dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  try {
    const parsed = parseArgs({ args: own, options: command.options, allowPositionals: true, strict: true });
    if (!command.allowPositionals && parsed.positionals.length > 0) {
      throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`, {
        where: `mlci ${command.name.join(' ')}`,
        fix: `Usage: mlci ${command.name.join(' ')} ${command.usage}`,
      });
    }
    return { values: parsed.values as ParsedArgs<O>['values'], positionals: parsed.positionals, rest };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // node:util parseArgs errors are one readable sentence; add the usage line as the fix.
    const what = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(what, {
      where: `mlci ${command.name.join(' ')}`,
      fix: `Usage: mlci ${command.name.join(' ')} ${command.usage} (see --help)`,
    });
  }
}

/** Split a repeatable or comma-separated option into a list. */
export function listOption(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

export function requireOption(value: string | undefined, flag: string, command: Command<any>): string {
  if (value === undefined || value === '') {
    throw new UsageError(`missing required option ${flag}`, {
      where: `mlci ${command.name.join(' ')}`,
      fix: `Usage: mlci ${command.name.join(' ')} ${command.usage}`,
    });
  }
  return value;
}
