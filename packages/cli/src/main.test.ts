import { describe, expect, it } from 'vitest';
import { UsageError } from '@mlci/core';
import { main } from './main.js';
import { defineCommand, ExitCode, type Command } from './command.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), cwd: '/', env: {} } };
}

const echo = defineCommand({
  name: ['echo', 'it'],
  summary: 'Echo a value.',
  usage: '<word> [--loud]',
  help: [['--loud', 'shout']],
  options: { loud: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals[0] === 'bad') throw new UsageError('bad word', { where: 'words.txt:3', fix: 'Use a good word' });
    if (args.positionals[0] === 'boom') throw new Error('kaboom\n    at stack frame');
    if (args.positionals[0] === 'fail') return ExitCode.CheckFailed;
    io.stdout(args.values.loud ? `${args.positionals[0]?.toUpperCase()}\n` : `${args.positionals[0]}\n`);
    return ExitCode.Ok;
  },
}) as Command<any>;

describe('mlci main', () => {
  it('dispatches multi-word commands and parses options', async () => {
    const { out, io } = capture();
    expect(await main(['echo', 'it', 'hi', '--loud'], io, [echo])).toBe(0);
    expect(out.stdout).toBe('HI\n');
  });

  it('maps a UsageError to exit 2 with one line naming where and the fix', async () => {
    const { out, io } = capture();
    expect(await main(['echo', 'it', 'bad'], io, [echo])).toBe(2);
    expect(out.stderr).toBe('mlci: error: words.txt:3: bad word. Use a good word\n');
  });

  it('reports an unexpected error as a bug in one line without a stack trace', async () => {
    const { out, io } = capture();
    expect(await main(['echo', 'it', 'boom'], io, [echo])).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('internal error: kaboom');
    expect(out.stderr).not.toContain('stack frame');
  });

  it('passes a failed check through as exit 1', async () => {
    const { io } = capture();
    expect(await main(['echo', 'it', 'fail'], io, [echo])).toBe(1);
  });

  it('rejects unknown options and commands with exit 2', async () => {
    const a = capture();
    expect(await main(['echo', 'it', 'x', '--nope'], a.io, [echo])).toBe(2);
    expect(a.out.stderr).toMatch(/^mlci: error: mlci echo it: Unknown option '--nope'.*Usage: mlci echo it <word> \[--loud\]/);
    const b = capture();
    expect(await main(['frobnicate'], b.io, [echo])).toBe(2);
    expect(b.out.stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints help for the program and for a command', async () => {
    const a = capture();
    expect(await main(['--help'], a.io, [echo])).toBe(0);
    expect(a.out.stdout).toContain('echo it');
    const b = capture();
    expect(await main(['echo', 'it', '--help'], b.io, [echo])).toBe(0);
    expect(b.out.stdout).toContain('Usage: mlci echo it <word> [--loud]');
  });
});
