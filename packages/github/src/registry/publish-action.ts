import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { buildModelMetadata, checkTagPattern, DEFAULT_TAG_PATTERN, renderModelCard, UsageError } from '@mlci/core';
import { input, listInput, requiredInput, type StepOutcome } from '../runtime.js';
import { commitFromEnv, githubTargetFromEnv, runFromEnv } from '../deployments/target.js';
import { ModelRegistry } from './releases.js';

/** Input and output names of actions/publish-model (they mirror action.yml). */
export const PublishInputs = {
  Model: 'model',
  Version: 'version',
  Name: 'name',
  Metrics: 'metrics',
  Params: 'params',
  RunRecord: 'run-record',
  Data: 'data',
  Gate: 'gate',
  IntendedUse: 'intended-use',
  Limitations: 'limitations',
  TagPattern: 'tag-pattern',
  Out: 'out',
  Token: 'token',
} as const;

export const PublishOutputs = {
  Tag: 'tag',
  ReleaseId: 'release-id',
  ReleaseUrl: 'release-url',
  ModelSha256: 'model-sha256',
  ModelCard: 'model-card',
} as const;

const ws = (p: string) => (isAbsolute(p) ? p : resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), p));

/** actions/publish-model: one release per model version, with the model, model.json and the model card. */
export async function runPublishModelAction(): Promise<StepOutcome> {
  const token = input(PublishInputs.Token);
  if (token) core.setSecret(token);
  const gh = githubTargetFromEnv({ ...process.env, GITHUB_TOKEN: token || process.env.GITHUB_TOKEN });
  if ('missing' in gh) throw new UsageError(`cannot publish: ${gh.missing}`, { where: `with.${PublishInputs.Token}`, fix: 'Pass a token with contents: write' });
  const commit = commitFromEnv(process.env);
  if (!commit) throw new UsageError('GITHUB_SHA is not set', { where: 'GITHUB_SHA', fix: 'Run the action in a GitHub Actions job' });
  const tagPattern = input(PublishInputs.TagPattern) || DEFAULT_TAG_PATTERN;
  checkTagPattern(tagPattern, `with.${PublishInputs.TagPattern}`);
  const opt = (name: string) => (input(name) ? ws(input(name)) : undefined);
  const metadata = await buildModelMetadata({
    name: input(PublishInputs.Name) || gh.target.repo,
    version: requiredInput(PublishInputs.Version, 'a semantic version such as 1.4.0'),
    tagPattern,
    model: ws(requiredInput(PublishInputs.Model, 'the path of the model file')),
    data: listInput(PublishInputs.Data).map(ws),
    params: opt(PublishInputs.Params),
    runRecord: opt(PublishInputs.RunRecord),
    evaluation: opt(PublishInputs.Metrics),
    gates: listInput(PublishInputs.Gate).map(ws),
    intendedUse: input(PublishInputs.IntendedUse) || undefined,
    limitations: input(PublishInputs.Limitations) || undefined,
    commit,
    ref: process.env.GITHUB_REF_NAME,
    run: runFromEnv(process.env),
  });
  const out = ws(input(PublishInputs.Out) || 'mlci-model');
  await mkdir(out, { recursive: true });
  const card = renderModelCard(metadata);
  await writeFile(join(out, 'model.json'), JSON.stringify(metadata, null, 2) + '\n');
  await writeFile(join(out, 'MODEL_CARD.md'), card);
  const published = await new ModelRegistry(gh.target, tagPattern).publish({ metadata, modelPath: ws(input(PublishInputs.Model)), commit, versionWhere: `with.${PublishInputs.Version}` });
  core.setOutput(PublishOutputs.Tag, published.tag);
  core.setOutput(PublishOutputs.ReleaseId, String(published.releaseId));
  core.setOutput(PublishOutputs.ReleaseUrl, published.url);
  core.setOutput(PublishOutputs.ModelSha256, metadata.model.sha256);
  core.setOutput(PublishOutputs.ModelCard, join(out, 'MODEL_CARD.md'));
  await core.summary.addRaw(card, true).write();
  core.info(`published ${metadata.name} ${metadata.version} as ${published.tag}: ${published.url}`);
  return 'ok';
}
