/**
 * Running .gitlab-ci.yml pipelines with gitlab-ci-local (npm), a real GitLab pipeline runner: jobs run on this host
 * (--force-shell-executor, each in its own copy of the project) with the built `mlci`, and CI_API_V4_URL points at the
 * fake GitLab API that the calling test serves.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import type { FakeGitLab } from '../fake-gitlab/server.js';

const gclScript = join(repoRoot, 'node_modules/gitlab-ci-local/dist/index.js');
export const cliBin = join(repoRoot, 'packages/cli/dist/bin.js');
/** How jobs run mlci in tests: the built CLI (the components' default is a pinned npx). */
export const mlciCommand = `${process.execPath} ${cliBin}`;

/** gitlab-ci-local needs Node >= 22: this Node, or the one the `node` devDependency installs. */
function node22(): string | undefined {
  for (const candidate of [process.execPath, join(repoRoot, 'node_modules/node/bin/node')]) {
    if (!existsSync(candidate)) continue;
    const r = spawnSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' });
    if (r.status === 0 && Number(r.stdout.trim()) >= 22) return candidate;
  }
  return undefined;
}

const gclNode = node22();
const hasRsync = spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status === 0;
/** Why pipeline tests cannot run here, or undefined when they can. */
export const skipReason = !existsSync(gclScript)
  ? 'gitlab-ci-local is not installed (npm ci)'
  : !gclNode
    ? 'no Node >= 22 (the `node` devDependency was not installed)'
    : !hasRsync
      ? 'rsync is missing (apt-get install rsync; .ci/run does it)'
      : !existsSync(cliBin)
        ? 'packages/cli/dist is not built (npm run build)'
        : undefined;
if (skipReason) console.warn(`skipping GitLab pipeline tests: ${skipReason}`);

export interface PipelineRun {
  code: number;
  output: string;
}

/** The predefined variables of a merge request pipeline in project 42, pointing at the fake API. */
export function mergeRequestVariables(fake: FakeGitLab, token = 'glpat-pipeline-token'): Record<string, string> {
  return {
    CI_API_V4_URL: fake.apiUrl,
    CI_SERVER_URL: fake.url,
    CI_PROJECT_ID: '42',
    CI_PROJECT_URL: 'https://gitlab.example.com/ml/weather',
    CI_MERGE_REQUEST_IID: '12',
    GITLAB_TOKEN: token,
    MLCI_GITLAB_RETRY_BASE_MS: '1',
  };
}

export function runGitlabCiLocal(cwd: string, args: string[], fake: FakeGitLab, variables = mergeRequestVariables(fake)): Promise<PipelineRun> {
  const argv = [
    gclScript,
    '--force-shell-executor',
    '--shell-isolation',
    '--no-color',
    '--ignore-predefined-vars',
    Object.keys(variables).join(','),
    ...Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
    ...args,
  ];
  return new Promise((resolve, reject) => {
    // Async spawn: the fake API answers from this process while the pipeline runs.
    const child = spawn(gclNode!, argv, { cwd, env: { PATH: process.env.PATH, HOME: cwd } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

export function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A project directory as a user's repository: committed, with an origin (gitlab-ci-local needs both). */
export function commitProject(dir: string, origin: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
  git(dir, 'remote', 'add', 'origin', origin);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'project');
}

/** PASS, FAIL or WARN for a job, from gitlab-ci-local's summary. */
export function jobResult(output: string, job: string): string | undefined {
  return new RegExp(`^\\s*(PASS|FAIL|WARN)\\s+${job.replace(/[-/]/g, '\\$&')}(\\s|$)`, 'm').exec(output)?.[1];
}

/** examples/penguins as its own repository folder (data, params, trainer, mlci.yml) plus `files`; not committed yet. */
export function penguinsProject(files: Record<string, string> = {}): string {
  const dir = testdir({ '.gitignore': 'node_modules\n', ...files });
  for (const f of ['data', 'params.yaml', 'train.mjs', 'mlci.yml']) cpSync(join(repoRoot, 'examples/penguins', f), join(dir, f), { recursive: true });
  // train.mjs imports yaml and onnx-proto from the repository's dependencies, as the example does.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
