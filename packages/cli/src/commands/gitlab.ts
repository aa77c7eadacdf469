import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { ServiceError, UsageError, type BaselineProvider } from '@mlci/core';
import {
  collectSamples,
  DeploymentBaselineProvider,
  GitLabClient,
  JobArtifactBaselineProvider,
  MergeRequestNoteSink,
  pickPath,
  publishGenericPackage,
  readGitLabContext,
  requireProjectId,
  scalarFields,
  DOTENV_MAX_VARIABLES,
  toDotenv,
  toOpenMetrics,
  type GitLabAuth,
  type GitLabContext,
} from '@mlci/gitlab';
import { defineCommand, ExitCode, listOption, requireOption, type Command, type Io } from '../command.js';

/** `mlci gitlab …`: the GitLab edges used by the CI/CD components (gitlab/templates). Read CI_* variables from io.env. */

const TOKEN_NOTICE =
  'CI_JOB_TOKEN cannot write merge request notes. To post the report as a note, create a project access token ' +
  '(Settings > Access tokens, role Reporter, scope api) and add it as a masked CI/CD variable named GITLAB_TOKEN';

export function readAuth(ctx: GitLabContext): GitLabAuth | undefined {
  if (ctx.token) return { kind: 'private-token', token: ctx.token };
  if (ctx.jobToken) return { kind: 'job-token', token: ctx.jobToken };
  return undefined;
}

export function clientFor(ctx: GitLabContext, io: Io, auth: GitLabAuth | undefined): GitLabClient {
  return new GitLabClient({
    apiUrl: ctx.apiUrl,
    auth,
    // Tests and impatient users can shorten the backoff; Retry-After from GitLab is still honoured up to the cap.
    baseDelayMs: numberEnv(io, 'MLCI_GITLAB_RETRY_BASE_MS', 1000),
    maxDelayMs: numberEnv(io, 'MLCI_GITLAB_RETRY_MAX_MS', 60_000),
    onRetry: ({ method, path, status, waitMs, attempt }) =>
      io.stderr(`mlci: GitLab ${method} ${path} answered ${status ?? 'no response'}; retry ${attempt} in ${Math.round(waitMs / 100) / 10}s\n`),
  });
}

function numberEnv(io: Io, name: string, fallback: number): number {
  const raw = io.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} is '${raw}', not a number of milliseconds`, { where: name, fix: 'Unset it or use a number' });
  return n;
}

async function readText(path: string, flag: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`${what} ${path} does not exist or cannot be read`, { where: flag, fix: `Check the path (relative paths are resolved against the job's working directory)` });
  }
}

async function readJson(path: string, flag: string): Promise<unknown> {
  const text = await readText(path, flag, 'file');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON (${(err as Error).message})`, { where: flag, fix: 'Pass the JSON file written by an mlci step' });
  }
}

const note = defineCommand({
  name: ['gitlab', 'note'],
  summary: 'Post or update the merge request note for a report (one per pipeline name and report name).',
  usage: '--file <report.md> --name <report-name> [--scope <name>] [--out <dir>]',
  help: [
    ['--file <path>', 'Markdown report to post (e.g. written by mlci report)'],
    ['--name <name>', 'Report name; with --scope it identifies the one note that is updated on every run'],
    ['--scope <name>', 'Default: CI_PIPELINE_NAME, else "gitlab-ci"'],
    ['--out <dir>', 'Also write the report here as <name>.md for the job artifacts (default: mlci/report)'],
  ],
  options: { file: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' }, out: { type: 'string' } },
  allowPositionals: false,
  async run(args, io) {
    const file = resolve(io.cwd, requireOption(args.values.file, '--file', note));
    const name = requireOption(args.values.name, '--name', note);
    const markdown = await readText(file, '--file', 'report');
    const ctx = readGitLabContext(io.env);
    const scope = args.values.scope ?? ctx.pipelineName ?? 'gitlab-ci';
    const outDir = resolve(io.cwd, args.values.out ?? 'mlci/report');
    const artifact = resolve(outDir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.md`);
    await mkdir(outDir, { recursive: true });
    if (artifact !== file) await writeFile(artifact, markdown);
    const shown = relative(io.cwd, artifact) || artifact;

    const toLog = (notice: string) => {
      io.stdout(`${markdown.trimEnd()}\n`);
      io.stderr(`mlci: notice: ${notice}. The report is above and in the job artifacts at ${shown}\n`);
    };
    if (ctx.mergeRequestIid === undefined) {
      toLog('no merge request for this pipeline (CI_MERGE_REQUEST_IID and CI_OPEN_MERGE_REQUESTS are unset), so no note was posted');
      return ExitCode.Ok;
    }
    if (ctx.token === undefined) {
      toLog(`no GITLAB_TOKEN: ${TOKEN_NOTICE}`);
      return ExitCode.Ok;
    }
    const sink = new MergeRequestNoteSink({
      client: clientFor(ctx, io, { kind: 'private-token', token: ctx.token }),
      projectId: requireProjectId(ctx, 'CI_PROJECT_ID'),
      mergeRequestIid: ctx.mergeRequestIid,
      projectUrl: ctx.projectUrl,
      fullReportUrl: ctx.jobUrl ? `${ctx.jobUrl}/artifacts/file/${shown}` : undefined,
    });
    try {
      const result = await sink.publish({ key: `${scope}/${name}`, title: name, markdown });
      if (!result.posted) {
        toLog(result.notice ?? 'the note was not posted');
        return ExitCode.Ok;
      }
      io.stdout(`mlci: report '${name}' posted to merge request !${ctx.mergeRequestIid}${result.url ? `: ${result.url}` : ''}${result.truncated ? ' (truncated; full report in the artifacts)' : ''}\n`);
    } catch (err) {
      // A report that cannot reach GitLab must not fail the ML pipeline: it is still in the log and artifacts.
      if (!(err instanceof ServiceError)) throw err;
      toLog(`the note could not be posted: ${err.message}`);
    }
    return ExitCode.Ok;
  },
});

const baseline = defineCommand({
  name: ['gitlab', 'baseline'],
  summary: "Download baseline files from the default branch's latest successful pipeline (or an environment's deployment).",
  usage: '--job <name> --file <path>... --out <dir> [--ref <branch> | --environment <name>] [--require]',
  help: [
    ['--job <name>', 'Job on the default branch whose artifacts hold the files'],
    ['--file <path>', 'Artifact path, relative to the project root; repeat or comma-separate'],
    ['--out <dir>', 'Where to put them (keeping their paths); baseline.json there says where they came from'],
    ['--ref <branch>', 'Branch to take them from (default: CI_DEFAULT_BRANCH)'],
    ['--environment <name>', "Take them from the pipeline of this environment's current deployment instead"],
    ['--require', 'Exit 1 when no baseline file is found (default: exit 0 and say so)'],
  ],
  options: {
    job: { type: 'string' },
    file: { type: 'string', multiple: true },
    out: { type: 'string' },
    ref: { type: 'string' },
    environment: { type: 'string' },
    require: { type: 'boolean' },
  },
  allowPositionals: false,
  async run(args, io) {
    const job = requireOption(args.values.job, '--job', baseline);
    const files = listOption(args.values.file);
    if (files.length === 0) throw new UsageError('missing required option --file', { where: 'mlci gitlab baseline', fix: `Usage: mlci gitlab baseline ${baseline.usage}` });
    const outDir = resolve(io.cwd, requireOption(args.values.out, '--out', baseline));
    const ctx = readGitLabContext(io.env);
    const projectId = requireProjectId(ctx, 'CI_PROJECT_ID');
    const client = clientFor(ctx, io, readAuth(ctx));
    let provider: BaselineProvider;
    if (args.values.environment !== undefined) {
      provider = new DeploymentBaselineProvider({ client, projectId, environment: args.values.environment, job, projectUrl: ctx.projectUrl });
    } else {
      const ref = args.values.ref ?? ctx.defaultBranch;
      if (ref === undefined) throw new UsageError('the default branch is unknown', { where: '--ref', fix: 'Pass --ref <branch> or run in GitLab CI (CI_DEFAULT_BRANCH)' });
      provider = new JobArtifactBaselineProvider({ client, projectId, ref, job, projectUrl: ctx.projectUrl });
    }
    const result = await provider.fetch({ files, destDir: outDir });
    await mkdir(outDir, { recursive: true });
    await writeFile(resolve(outDir, 'baseline.json'), JSON.stringify({ source: result.source, files: result.files.map((f) => relative(outDir, f)) }, null, 2) + '\n');
    if (result.files.length === 0) {
      io.stderr(`mlci: notice: ${result.source.description}. Comparisons will run without a baseline until the default branch has a successful pipeline with job ${job}\n`);
      return args.values.require ? ExitCode.CheckFailed : ExitCode.Ok;
    }
    io.stdout(`mlci: baseline from ${result.source.description}: ${result.files.map((f) => relative(io.cwd, f)).join(', ')}\n`);
    return ExitCode.Ok;
  },
});

const metrics = defineCommand({
  name: ['gitlab', 'metrics'],
  summary: 'Write metrics JSON as OpenMetrics text for artifacts:reports:metrics.',
  usage: '<metrics.json>... --out <metrics.txt> [--prefix mlci]',
  help: [
    ['--out <file>', 'OpenMetrics text file to write'],
    ['--prefix <name>', 'Metric name prefix (default: mlci)'],
  ],
  options: { out: { type: 'string' }, prefix: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('no metrics file given', { where: 'mlci gitlab metrics', fix: `Usage: mlci gitlab metrics ${metrics.usage}` });
    const out = resolve(io.cwd, requireOption(args.values.out, '--out', metrics));
    const prefix = args.values.prefix ?? 'mlci';
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(prefix)) throw new UsageError(`prefix '${prefix}' is not a metric name`, { where: '--prefix', fix: 'Use letters, digits and _' });
    const samples = [];
    for (const file of args.positionals) samples.push(...collectSamples(await readJson(resolve(io.cwd, file), file), prefix));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, toOpenMetrics(samples));
    if (samples.length === 0) io.stderr(`mlci: warning: no numeric metrics in ${args.positionals.join(', ')}; ${basename(out)} is empty\n`);
    else io.stdout(`mlci: ${samples.length} metrics written to ${relative(io.cwd, out) || out}\n`);
    return ExitCode.Ok;
  },
});

const dotenv = defineCommand({
  name: ['gitlab', 'dotenv'],
  summary: 'Write decision and headline values as a dotenv file for artifacts:reports:dotenv (later jobs read them as variables).',
  usage: '[<file.json>...] --out <file.env> [--field <path>=<NAME>]... [--keys a,b] [--set <NAME>=<value>]... [--prefix MLCI_] [--append]',
  help: [
    ['--out <file>', 'dotenv file to write'],
    ['--field <path>=<NAME>', 'Value at a JSON path (e.g. decision=GATE_DECISION, metrics.accuracy=ACCURACY); default: top-level scalars'],
    ['--keys <a,b>', 'Only these top-level keys (missing ones are noted, not an error)'],
    ['--set <NAME>=<value>', 'A literal value'],
    ['--prefix <text>', 'Prefix for every name (default: MLCI_)'],
    ['--append', 'Keep variables already in the file (later values win)'],
    ['--max-variables <n>', "Fail above this many variables (default 20, GitLab's smallest limit)"],
  ],
  options: {
    out: { type: 'string' },
    field: { type: 'string', multiple: true },
    keys: { type: 'string', multiple: true },
    set: { type: 'string', multiple: true },
    prefix: { type: 'string' },
    append: { type: 'boolean' },
    'max-variables': { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const out = resolve(io.cwd, requireOption(args.values.out, '--out', dotenv));
    const prefix = args.values.prefix ?? 'MLCI_';
    const variables: Array<[string, unknown]> = [];
    if (args.values.append && existsSync(out)) {
      for (const line of (await readFile(out, 'utf8')).split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) variables.push([line.slice(0, eq), line.slice(eq + 1)]);
      }
    }
    const maxText = args.values['max-variables'];
    const maxVariables = maxText === undefined ? undefined : Number(maxText);
    if (maxVariables !== undefined && !(Number.isInteger(maxVariables) && maxVariables > 0)) {
      throw new UsageError(`--max-variables '${maxText}' is not a positive integer`, { where: '--max-variables', fix: 'Use e.g. 50' });
    }
    const keys = listOption(args.values.keys);
    const fields = (args.values.field ?? []).map((spec) => {
      const eq = spec.lastIndexOf('=');
      if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--field '${spec}' is not <path>=<NAME>`, { where: '--field', fix: 'Write it like decision=GATE_DECISION' });
      return { path: spec.slice(0, eq), name: spec.slice(eq + 1) };
    });
    for (const file of args.positionals) {
      const doc = await readJson(resolve(io.cwd, file), file);
      if (fields.length === 0) {
        let scalars = scalarFields(doc);
        if (keys.length > 0) {
          const missing = keys.filter((k) => !scalars.some(([name]) => name === k));
          if (missing.length) io.stderr(`mlci: notice: ${basename(file)} has no ${missing.join(', ')}; not exported\n`);
          scalars = keys.flatMap((k) => scalars.filter(([name]) => name === k));
        }
        const budget = (maxVariables ?? DOTENV_MAX_VARIABLES) - variables.length - (args.values.set ?? []).length;
        if (scalars.length > budget) {
          // Headline values are a convenience: export the first ones rather than fail the job over the limit.
          io.stderr(`mlci: notice: ${scalars.length - Math.max(budget, 0)} of ${scalars.length} values in ${basename(file)} not exported (GitLab allows ${maxVariables ?? DOTENV_MAX_VARIABLES} dotenv variables); choose them with --keys\n`);
          scalars = scalars.slice(0, Math.max(budget, 0));
        }
        for (const [key, value] of scalars) variables.push([prefix + key, value]);
        continue;
      }
      for (const { path, name } of fields) {
        const value = pickPath(doc, path);
        if (value === undefined) {
          throw new UsageError(`${file} has no field '${path}'`, { where: '--field', fix: `Use a path that exists in ${basename(file)} (dots between keys)` });
        }
        variables.push([prefix + name, value]);
      }
    }
    if (args.positionals.length === 0 && fields.length > 0) throw new UsageError('--field needs a JSON file to read', { where: '--field', fix: `Usage: mlci gitlab dotenv ${dotenv.usage}` });
    for (const spec of args.values.set ?? []) {
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new UsageError(`--set '${spec}' is not <NAME>=<value>`, { where: '--set', fix: 'Write it like STATUS=passed' });
      variables.push([prefix + spec.slice(0, eq), spec.slice(eq + 1)]);
    }
    const text = toDotenv(variables, { maxVariables });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
    const shown = relative(io.cwd, out) || out;
    io.stdout(text ? `mlci: wrote ${shown}:\n${text.replace(/^(?=.)/gm, '  ')}` : `mlci: ${shown} is empty\n`);
    return ExitCode.Ok;
  },
});

const publish = defineCommand({
  name: ['gitlab', 'publish'],
  summary: "Upload a model and its files to the project's Generic Package Registry.",
  usage: '--name <package> --version <version> --file <path>... ',
  help: [
    ['--name <package>', 'Package name, e.g. the model name'],
    ['--version <version>', 'Package version, e.g. 1.4.0 (the model version)'],
    ['--file <path>', 'File to upload (repeat or comma-separate): the model, model.json, MODEL_CARD.md'],
  ],
  options: { name: { type: 'string' }, version: { type: 'string' }, file: { type: 'string', multiple: true } },
  allowPositionals: false,
  async run(args, io) {
    const name = requireOption(args.values.name, '--name', publish);
    const version = requireOption(args.values.version, '--version', publish);
    const files = listOption(args.values.file).map((f) => resolve(io.cwd, f));
    if (files.length === 0) throw new UsageError('missing required option --file', { where: 'mlci gitlab publish', fix: `Usage: mlci gitlab publish ${publish.usage}` });
    const ctx = readGitLabContext(io.env);
    const auth = readAuth(ctx);
    if (auth === undefined) {
      throw new UsageError('no token to upload the package', { where: 'CI_JOB_TOKEN', fix: 'Run in a GitLab CI job (CI_JOB_TOKEN) or set GITLAB_TOKEN to a token with the api scope' });
    }
    const result = await publishGenericPackage(clientFor(ctx, io, auth), requireProjectId(ctx, 'CI_PROJECT_ID'), { name, version, files }, ctx.projectUrl);
    const size = result.files.reduce((sum, f) => sum + f.bytes, 0);
    io.stdout(`mlci: published ${name} ${version} to the package registry (${result.files.map((f) => f.name).join(', ')}; ${size} bytes)${result.url ? `: ${result.url}` : ''}\n`);
    return ExitCode.Ok;
  },
});

export const gitlabCommands: Command<any>[] = [note, baseline, metrics, dotenv, publish] as Command<any>[];
