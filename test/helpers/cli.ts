import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main, type Io } from '@mlci/cli';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mlci` in-process against the TypeScript sources (fast; use for most CLI tests). */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Runs the built `mlci` binary as a real process (packages/cli/dist/bin.js; needs `npm run build`). */
export function runBuiltCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [`${repoRoot}packages/cli/dist/bin.js`, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH, ...options.env },
    encoding: 'utf8',
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
