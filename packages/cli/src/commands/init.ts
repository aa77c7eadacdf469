import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import {
  inferSchema,
  openTable,
  starterConfig,
  starterGitHubWorkflow,
  starterGitLabInclude,
  stringifySchema,
  UsageError,
  type CiKind,
} from '@mlci/core';
import { defineCommand, ExitCode, type Io } from '../command.js';

const SCHEMA_SAMPLE_ROWS = 100_000;
export const GITHUB_WORKFLOW_PATH = '.github/workflows/ml.yml';
export const GITLAB_INCLUDE_PATH = '.gitlab/ci/mlci.yml';

/** Which CI the repository uses: its files first, then the origin remote's host; GitHub when nothing tells. */
export function detectCi(cwd: string): { ci: CiKind; why: string } {
  if (existsSync(resolve(cwd, '.github'))) return { ci: 'github', why: '.github/ exists' };
  if (existsSync(resolve(cwd, '.gitlab-ci.yml'))) return { ci: 'gitlab', why: '.gitlab-ci.yml exists' };
  let remote = '';
  try {
    remote = execFileSync('git', ['remote', 'get-url', 'origin'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not a git repository, or no origin: fall through.
  }
  if (/gitlab/i.test(remote)) return { ci: 'gitlab', why: 'the origin remote is on GitLab' };
  if (/github/i.test(remote)) return { ci: 'github', why: 'the origin remote is on GitHub' };
  return { ci: 'github', why: 'nothing points to GitLab (pass --ci gitlab to change)' };
}

function shown(io: Io, path: string): string {
  return relative(io.cwd, path).split(sep).join('/');
}

export const initCommand = defineCommand({
  name: ['init'],
  summary: 'Start using mlci in this repository: write mlci.yml, a schema inferred from your data, and the CI workflow (GitHub) or include (GitLab).',
  usage: '[--data <file>] [--target <column>] [--model <file>] [--ci github|gitlab|auto] [--force]',
  help: [
    ['--data <file>', 'Data file to validate; its schema is inferred into schema.json (CSV, TSV, JSON Lines, JSON).'],
    ['--target <column>', 'Label column (with --model: adds an evaluate stage).'],
    ['--model <file>', 'ONNX model your training writes (with --target: adds an evaluate stage).'],
    ['--ci <kind>', 'github, gitlab or auto (default: from .github/, .gitlab-ci.yml or the origin remote).'],
    ['--force', 'Overwrite files that already exist.'],
  ],
  options: {
    data: { type: 'string', short: 'd' },
    target: { type: 'string' },
    model: { type: 'string' },
    ci: { type: 'string' },
    force: { type: 'boolean' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const ciArg = values.ci ?? 'auto';
    if (ciArg !== 'github' && ciArg !== 'gitlab' && ciArg !== 'auto') throw new UsageError(`'${ciArg}' is not a CI`, { where: '--ci', fix: 'Use github, gitlab or auto' });
    const detected = ciArg === 'auto' ? detectCi(io.cwd) : { ci: ciArg, why: `--ci ${ciArg}` };
    let data: string | undefined;
    if (values.data !== undefined) {
      const full = resolve(io.cwd, values.data);
      if (!existsSync(full)) throw new UsageError(`data file not found: ${values.data}`, { where: '--data', fix: 'Pass a CSV, TSV, JSON Lines or JSON file in this repository' });
      data = shown(io, full);
      if (data.startsWith('..')) throw new UsageError(`${values.data} is outside this folder`, { where: '--data', fix: 'Run mlci init at the repository root and pass a file inside it' });
    }
    const schemaPath = data ? 'schema.json' : undefined;

    const files = new Map<string, string>();
    const options = { data, schema: schemaPath, target: values.target, model: values.model };
    files.set('mlci.yml', starterConfig(options));
    let includeNote: string | undefined;
    if (detected.ci === 'github') files.set(GITHUB_WORKFLOW_PATH, starterGitHubWorkflow(options));
    else {
      files.set(GITLAB_INCLUDE_PATH, starterGitLabInclude(options));
      if (existsSync(resolve(io.cwd, '.gitlab-ci.yml'))) includeNote = `Add to .gitlab-ci.yml:\n  include:\n    - local: ${GITLAB_INCLUDE_PATH}`;
      else files.set('.gitlab-ci.yml', `include:\n  - local: ${GITLAB_INCLUDE_PATH}\n`);
    }
    if (data && schemaPath) {
      const table = await openTable(resolve(io.cwd, data), { maxRows: SCHEMA_SAMPLE_ROWS });
      files.set(schemaPath, stringifySchema(await inferSchema(table, { maxRows: SCHEMA_SAMPLE_ROWS })));
    }

    // Check every file before writing any, so a refusal leaves the repository as it was.
    const existing = [...files.keys()].filter((f) => existsSync(resolve(io.cwd, f)));
    if (existing.length && !values.force) {
      throw new UsageError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}`, { where: 'mlci init', fix: 'Pass --force to overwrite, or move the files away first' });
    }
    for (const [path, text] of files) {
      const full = resolve(io.cwd, path);
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, text);
    }
    const written = [...files.keys()];
    io.stdout(`mlci init (${detected.ci}: ${detected.why})\n`);
    for (const f of written) io.stdout(`  ${existing.includes(f) ? 'overwrote' : 'wrote'} ${f}\n`);
    if (includeNote) io.stdout(`\n${includeNote}\n`);
    io.stdout(`\nTry it: mlci run\nThen commit:\n  git add ${written.join(' ')}${includeNote ? ' .gitlab-ci.yml' : ''}\n  git commit -m "Add mlci"\n`);
    if (!data) io.stdout('\nNo --data given: add a data: section (or rerun with --data <file>) to validate your data.\n');
    return ExitCode.Ok;
  },
});
