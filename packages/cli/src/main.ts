import { isMlciError } from '@mlci/core';
import { ExitCode, parseCommandArgs, type Command, type Io } from './command.js';
import { commands as allCommands } from './commands/index.js';
import { VERSION } from './version.js';

function findCommand(argv: string[], commands: Command<any>[]): { command: Command<any>; rest: string[] } | undefined {
  let best: { command: Command<any>; rest: string[] } | undefined;
  for (const command of commands) {
    const n = command.name.length;
    if (argv.length >= n && command.name.every((word, i) => argv[i] === word)) {
      if (!best || n > best.command.name.length) best = { command, rest: argv.slice(n) };
    }
  }
  return best;
}

export function renderHelp(commands: Command<any>[] = allCommands): string {
  const width = Math.max(...commands.map((c) => c.name.join(' ').length), 8);
  const lines = [
    `mlci ${VERSION} — CI/CD for machine learning`,
    '',
    'Usage: mlci <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 a check failed, 2 bad input or usage.',
    "Run 'mlci <command> --help' for a command's options.",
  ];
  return lines.join('\n') + '\n';
}

export function renderCommandHelp(command: Command<any>): string {
  const width = Math.max(...command.help.map(([flag]) => flag.length), 8);
  return [
    `Usage: mlci ${command.name.join(' ')} ${command.usage}`,
    '',
    command.summary,
    '',
    ...(command.help.length ? ['Options:', ...command.help.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`)] : []),
  ].join('\n') + '\n';
}

/** Runs one CLI invocation. The only place that maps errors to exit codes. */
export async function main(argv: string[], io: Io, commands: Command<any>[] = allCommands): Promise<ExitCode> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(renderHelp(commands));
    return argv.length === 0 ? ExitCode.Usage : ExitCode.Ok;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.stdout(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const found = findCommand(argv, commands);
  if (!found) {
    io.stderr(`mlci: unknown command '${argv.slice(0, 2).join(' ')}'. Run 'mlci --help' for the list of commands.\n`);
    return ExitCode.Usage;
  }
  const { command, rest } = found;
  const ownArgs = command.passThrough && rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    io.stdout(renderCommandHelp(command));
    return ExitCode.Ok;
  }
  try {
    const args = parseCommandArgs(command, rest);
    return await command.run(args, io);
  } catch (err) {
    if (isMlciError(err)) {
      io.stderr(`mlci: error: ${err.message}\n`);
      return ExitCode.Usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`mlci: internal error: ${message.split('\n')[0]}. This is a bug in mlci: please report it with the command you ran.\n`);
    if (io.env.MLCI_DEBUG && err instanceof Error && err.stack) io.stderr(err.stack + '\n');
    return ExitCode.Usage;
  }
}
