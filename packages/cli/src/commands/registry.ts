import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  buildModelMetadata,
  checkTagPattern,
  DEFAULT_TAG_PATTERN,
  loadConfig,
  renderModelCard,
  requiredPriorEnvironments,
  UsageError,
  type MlciConfig,
} from '@mlci/core';
import { commitFromEnv, Deployments, ModelRegistry, requireGitHubTarget, runFromEnv, versionStatuses, type MlciDeploymentPayload } from '@mlci/github';
import { defineCommand, ExitCode, listOption, requireOption } from '../command.js';

async function optionalConfig(cwd: string, path: string | undefined): Promise<MlciConfig | undefined> {
  const file = resolve(cwd, path ?? 'mlci.yml');
  try {
    return await loadConfig(file);
  } catch (err) {
    // No mlci.yml is fine for the registry unless one was named explicitly.
    if (!path && err instanceof UsageError && err.code === 'file-not-found') return undefined;
    throw err;
  }
}

function tagPatternOf(value: string | undefined): string {
  const pattern = value ?? DEFAULT_TAG_PATTERN;
  checkTagPattern(pattern);
  return pattern;
}

export const registryPublishCommand = defineCommand({
  name: ['registry', 'publish'],
  summary: 'Publish a model version as a GitHub release: the model, model.json and a model card. A version is published once.',
  usage: '--model <file> --version <semver> [--name <name>] [--metrics metrics.json] [--params <file> | --run-record run.json] [--data <files>] [--gate gate.json] [--intended-use <text>] [--out <dir>] [--dry-run]',
  help: [
    ['--model <file>', 'Model file (uploaded as is). Required.'],
    ['--version <semver>', 'Model version, e.g. 1.4.0. Required; refused when it exists.'],
    ['--name <name>', 'Model name. Default: the repository name.'],
    ['--metrics <file>', 'metrics.json from mlci evaluate (metrics, bootstrap intervals, slices).'],
    ['--params <file>', 'Training parameters (JSON or YAML mapping).'],
    ['--run-record <file>', 'run.json from mlci train: parameters and training data hashes.'],
    ['--data <files>', 'Training data files to hash (repeat or comma-separate).'],
    ['--gate <files>', 'gate.json files to attach as evidence (repeat).'],
    ['--intended-use <text>', 'What the model is for and not for.'],
    ['--limitations <text>', 'Known limitations.'],
    ['--tag-pattern <p>', `Release tag pattern. Default ${DEFAULT_TAG_PATTERN}.`],
    ['--commit <sha>', 'Commit the tag points at. Default $GITHUB_SHA.'],
    ['--out <dir>', 'Also write model.json and MODEL_CARD.md here.'],
    ['--dry-run', 'Only write the files (needs --out); no GitHub calls.'],
    ['--repo <owner/name>', 'Default $GITHUB_REPOSITORY; token from $GITHUB_TOKEN (contents: write).'],
  ],
  options: {
    model: { type: 'string' },
    version: { type: 'string' },
    name: { type: 'string' },
    metrics: { type: 'string' },
    params: { type: 'string' },
    'run-record': { type: 'string' },
    data: { type: 'string', multiple: true },
    gate: { type: 'string', multiple: true },
    'intended-use': { type: 'string' },
    limitations: { type: 'string' },
    'tag-pattern': { type: 'string' },
    commit: { type: 'string' },
    out: { type: 'string' },
    'dry-run': { type: 'boolean' },
    repo: { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const model = resolve(io.cwd, requireOption(values.model, '--model', registryPublishCommand));
    const version = requireOption(values.version, '--version', registryPublishCommand);
    const dry = values['dry-run'] === true;
    if (dry && !values.out) throw new UsageError('--dry-run writes files only and needs --out', { where: '--dry-run', fix: 'Add --out <dir>' });
    const target = dry ? undefined : requireGitHubTarget(io.env, values.repo, 'mlci registry publish');
    const commit = values.commit ?? commitFromEnv(io.env);
    if (!dry && !commit) throw new UsageError('no commit to tag', { where: '--commit', fix: 'Pass --commit <sha> or set GITHUB_SHA' });
    const at = (p: string | undefined) => (p ? resolve(io.cwd, p) : undefined);
    const tagPattern = tagPatternOf(values['tag-pattern']);
    const metadata = await buildModelMetadata({
      name: values.name ?? target?.repo ?? (io.env.GITHUB_REPOSITORY?.split('/')[1] || basename(model)),
      version,
      tagPattern,
      model,
      data: listOption(values.data).map((p) => resolve(io.cwd, p)),
      params: at(values.params),
      runRecord: at(values['run-record']),
      evaluation: at(values.metrics),
      gates: listOption(values.gate).map((p) => resolve(io.cwd, p)),
      intendedUse: values['intended-use'],
      limitations: values.limitations,
      commit,
      ref: io.env.GITHUB_REF_NAME,
      run: runFromEnv(io.env),
    });
    if (values.out) {
      const dir = resolve(io.cwd, values.out);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'model.json'), JSON.stringify(metadata, null, 2) + '\n');
      await writeFile(join(dir, 'MODEL_CARD.md'), renderModelCard(metadata));
      io.stdout(`wrote ${join(dir, 'model.json')} and MODEL_CARD.md\n`);
    }
    if (dry) return ExitCode.Ok;
    const registry = new ModelRegistry(target!, tagPattern);
    const published = await registry.publish({ metadata, modelPath: model, commit: commit! });
    io.stdout(`published ${metadata.name} ${version} as ${published.tag}: ${published.url} (${published.assets.map((a) => a.name).join(', ')})\n`);
    return ExitCode.Ok;
  },
});

export const registryListCommand = defineCommand({
  name: ['registry', 'list'],
  summary: 'List model versions with the stages each reached, since when, whether live, who approved and the gate decision.',
  usage: '[--tag-pattern model-v{version}] [--json] [--config mlci.yml] [--repo owner/name]',
  help: [
    ['--tag-pattern <p>', `Release tag pattern. Default ${DEFAULT_TAG_PATTERN}.`],
    ['--json', 'Print the full list as JSON.'],
    ['--config <file>', 'mlci.yml: its environments order the stages. Default mlci.yml when present.'],
    ['--repo <owner/name>', 'Default $GITHUB_REPOSITORY; token from $GITHUB_TOKEN.'],
  ],
  options: { 'tag-pattern': { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' }, repo: { type: 'string' } },
  allowPositionals: false,
  async run({ values }, io) {
    const target = requireGitHubTarget(io.env, values.repo, 'mlci registry list');
    const config = await optionalConfig(io.cwd, values.config);
    const list = await versionStatuses(new ModelRegistry(target, tagPatternOf(values['tag-pattern'])), new Deployments(target), { environments: Object.keys(config?.environments ?? {}) });
    if (values.json) {
      io.stdout(JSON.stringify(list, null, 2) + '\n');
      return ExitCode.Ok;
    }
    if (list.length === 0) {
      io.stdout('no model versions published\n');
      return ExitCode.Ok;
    }
    for (const v of list) {
      io.stdout(`${v.version}  ${v.tag}  published ${v.publishedAt ?? '?'}${v.author ? ` by ${v.author}` : ''}${v.summary ? `  sha256 ${v.summary.modelSha256.slice(0, 12)}` : ''}\n`);
      if (v.stages.length === 0) io.stdout('    not deployed\n');
      for (const s of v.stages) {
        const who = s.approvedBy === null ? 'approvals unreadable' : s.approvedBy.length ? `approved by ${s.approvedBy.map((a) => a.user).join(', ')}` : 'no reviewer approval recorded';
        io.stdout(`    ${s.environment}${s.live ? ' (live)' : ''} since ${s.since}, deployment ${s.deploymentId}, gate ${s.gate ?? 'none'}, ${who}\n`);
      }
    }
    return ExitCode.Ok;
  },
});

export const registryPromoteCommand = defineCommand({
  name: ['registry', 'promote'],
  summary: 'Record that a published model version moved to a stage (a successful deployment to that environment).',
  usage: '<version> --stage <environment> [--note <text>] [--tag-pattern p] [--config mlci.yml] [--repo owner/name]',
  help: [
    ['--stage <environment>', 'Stage reached, e.g. staging or production. Required.'],
    ['--note <text>', 'Why, for the audit trail.'],
    ['--tag-pattern <p>', `Release tag pattern. Default ${DEFAULT_TAG_PATTERN}.`],
    ['--config <file>', "mlci.yml: the stage's require_success_in / require_staging_success apply."],
    ['--repo <owner/name>', 'Default $GITHUB_REPOSITORY; token from $GITHUB_TOKEN (deployments: write).'],
  ],
  options: { stage: { type: 'string' }, note: { type: 'string' }, 'tag-pattern': { type: 'string' }, config: { type: 'string' }, repo: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const version = positionals[0];
    if (!version || positionals.length > 1) throw new UsageError('expected one model version', { where: 'mlci registry promote', fix: `Usage: mlci registry promote ${registryPromoteCommand.usage}` });
    const stage = requireOption(values.stage, '--stage', registryPromoteCommand);
    const target = requireGitHubTarget(io.env, values.repo, 'mlci registry promote');
    const registry = new ModelRegistry(target, tagPatternOf(values['tag-pattern']));
    const release = await registry.get(version);
    if (!release) throw new UsageError(`model version ${version} is not published`, { where: 'mlci registry promote', fix: 'Publish it first (mlci registry publish) or check --tag-pattern' });
    const deployments = new Deployments(target);
    const config = await optionalConfig(io.cwd, values.config);
    const policy = config?.environments?.[stage];
    for (const env of policy ? requiredPriorEnvironments(policy).filter((e) => e !== stage) : []) {
      const found = await deployments.successfulDeployments(env, version);
      if (found.length === 0) {
        io.stderr(`mlci: model ${version} has no successful deployment to ${env}, which environments.${stage} requires first. Nothing was changed.\n`);
        return ExitCode.CheckFailed;
      }
    }
    const run = runFromEnv(io.env);
    const payload: MlciDeploymentPayload = {
      schema: 'mlci.deployment/v1',
      kind: 'promote',
      model: { version, sha256: release.summary?.modelSha256 ?? null, path: null },
      run: run ? { id: run.id, url: run.url } : null,
      gate: null,
      note: [io.env.GITHUB_ACTOR ? `promoted by ${io.env.GITHUB_ACTOR}` : 'promoted', values.note ?? ''].filter(Boolean).join(': '),
    };
    // The release tag is the ref: GitHub resolves it to the commit the version was built from.
    const id = await deployments.create({ ref: release.tag, environment: stage, payload, description: `mlci promote ${version} to ${stage}` });
    await deployments.setStatus(id, { state: 'success', description: `promoted ${version}`, logUrl: run?.url ?? release.url });
    io.stdout(`promoted ${version} to ${stage}: deployment ${id}\n`);
    return ExitCode.Ok;
  },
});

export const registryCommands = [registryPublishCommand, registryListCommand, registryPromoteCommand];
