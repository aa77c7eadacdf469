import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT as the runner writes it (`name<<delimiter` … `delimiter`, or `name=value`). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export function pullRequestEvent(number: number, options: { owner?: string; repo?: string; headRepo?: string; baseRef?: string } = {}): unknown {
  const full = `${options.owner ?? 'acme'}/${options.repo ?? 'model'}`;
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      base: { ref: options.baseRef ?? 'main', sha: 'b'.repeat(40), repo: { full_name: full } },
      head: { ref: 'feature', sha: 'c'.repeat(40), repo: { full_name: options.headRepo ?? full } },
    },
    repository: { full_name: full, default_branch: 'main' },
  };
}

/**
 * Runs a bundled action (actions/<name>/dist/index.js) as the runner does: a separate node process with
 * INPUT_* variables, GITHUB_* context, and temp files for GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and the event.
 * Asynchronous, so a fake API served by this test process keeps answering.
 */
export async function runBundledAction(
  name: string,
  options: { inputs?: Record<string, string>; env?: Record<string, string>; event?: unknown; eventName?: string; apiUrl: string; workspace: string },
): Promise<ActionRun> {
  const tmp = mkdtempSync(join(tmpdir(), `mlci-action-${name}-`));
  const files = { output: join(tmp, 'output'), summary: join(tmp, 'summary.md'), event: join(tmp, 'event.json') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(options.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/model',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_WORKFLOW_REF: 'acme/model/.github/workflows/ci.yml@refs/pull/7/merge',
    GITHUB_RUN_ID: '9000',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: tmp,
    ...Object.fromEntries(Object.entries(options.inputs ?? {}).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])),
    ...options.env,
  };
  const child = spawn(process.execPath, [join(repoRoot, 'actions', name, 'dist/index.js')], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(files.output, 'utf8')), summary: readFileSync(files.summary, 'utf8') };
}
