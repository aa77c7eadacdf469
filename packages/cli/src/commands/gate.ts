import { resolve } from 'node:path';
import { loadConfig, reasonsText, runGate, UsageError, writeGateJson, type GateSettings } from '@mlci/core';
import { commitFromEnv, Deployments, githubTargetFromEnv, recordGateDeployment, runFromEnv } from '@mlci/github';
import { gitlabDeploymentHistory, readGitLabContext } from '@mlci/gitlab';
import { defineCommand, ExitCode, listOption, requireOption, type Io } from '../command.js';
import { clientFor, readAuth } from './gitlab.js';

/** Deployment history for prior-environment policies: GitLab's deployments inside a GitLab job, else GitHub's. */
function gitlabHistory(io: Io): Pick<GateSettings, 'history' | 'historyUnavailable'> | undefined {
  if (io.env.GITLAB_CI !== 'true') return undefined;
  const ctx = readGitLabContext(io.env);
  const found = gitlabDeploymentHistory(ctx, clientFor(ctx, io, readAuth(ctx)));
  return 'history' in found ? { history: found.history, historyUnavailable: undefined } : { history: undefined, historyUnavailable: found.missing };
}

export const gateCommand = defineCommand({
  name: ['gate'],
  summary: 'Decide whether a model may ship to an environment, on hashed evidence and the policy in mlci.yml.',
  usage: '--environment <name> [--comparison <file>] [--validation <file>] [--drift <file>] [--evaluation <file>] [--model <file> --model-version <v>] [--data <files>] [--config mlci.yml] [--out <dir>] [--record]',
  help: [
    ['--environment <name>', 'Environment whose policy applies (environments.<name> in mlci.yml). Required.'],
    ['--comparison <file>', 'comparison.json from `mlci compare`.'],
    ['--validation <file>', 'validation.json from `mlci validate`.'],
    ['--drift <file>', 'drift.json from `mlci drift`.'],
    ['--evaluation <file>', 'metrics.json from `mlci evaluate` (flat metric → number).'],
    ['--model <file>', 'Model file: hashed into the evidence.'],
    ['--model-version <v>', 'Model version (e.g. 1.4.0): needed to check earlier environments.'],
    ['--data <files>', 'Data files to hash into the evidence (repeat or comma-separate).'],
    ['--config <file>', 'Config file. Default mlci.yml.'],
    ['--out <dir>', 'Where gate.json is written. Default mlci-gate.'],
    ['--commit <sha>', 'Commit being gated. Default $GITHUB_SHA or $CI_COMMIT_SHA.'],
    ['--repo <owner/name>', 'Repository for deployment history. Default $GITHUB_REPOSITORY (token from $GITHUB_TOKEN).'],
    ['--record', 'Record the decision as a GitHub deployment (in_progress on pass, failure on fail).'],
  ],
  options: {
    environment: { type: 'string' },
    comparison: { type: 'string' },
    validation: { type: 'string' },
    drift: { type: 'string' },
    evaluation: { type: 'string' },
    model: { type: 'string' },
    'model-version': { type: 'string' },
    data: { type: 'string', multiple: true },
    config: { type: 'string' },
    out: { type: 'string' },
    commit: { type: 'string' },
    repo: { type: 'string' },
    record: { type: 'boolean' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const environment = requireOption(values.environment, '--environment', gateCommand);
    const path = (p: string | undefined) => (p ? resolve(io.cwd, p) : undefined);
    const configPath = resolve(io.cwd, values.config ?? 'mlci.yml');
    const config = await loadConfig(configPath);
    const policy = config.environments?.[environment];
    if (!policy) {
      const known = Object.keys(config.environments ?? {});
      throw new UsageError(`no policy for environment '${environment}'`, {
        where: configPath,
        fix: known.length ? `Use one of: ${known.join(', ')}, or add environments.${environment}` : `Add environments.${environment} (see docs: gate policy)`,
      });
    }
    const gh = githubTargetFromEnv(io.env, values.repo);
    const api = 'target' in gh ? new Deployments(gh.target) : undefined;
    const run = runFromEnv(io.env);
    const commit = values.commit ?? commitFromEnv(io.env);
    const settings: GateSettings = {
      environment,
      policy,
      validation: path(values.validation),
      comparison: path(values.comparison),
      drift: path(values.drift),
      evaluation: path(values.evaluation),
      model: path(values.model),
      modelVersion: values['model-version'],
      data: listOption(values.data).map((p) => resolve(io.cwd, p)),
      commit,
      run,
      ...(gitlabHistory(io) ?? { history: api, historyUnavailable: 'missing' in gh ? gh.missing : undefined }),
    };
    const result = await runGate(settings);
    const out = await writeGateJson(resolve(io.cwd, values.out ?? 'mlci-gate'), result);
    io.stdout(`gate ${environment}: ${result.decision.toUpperCase()}\n`);
    if (result.reasons.length) io.stdout(reasonsText(result).replace(/^/gm, '  ') + '\n');
    io.stdout(`wrote ${out}\n`);
    if (values.record) {
      if (!api) throw new UsageError(`cannot record the deployment: ${'missing' in gh ? gh.missing : ''}`, { where: '--record', fix: 'Export GITHUB_TOKEN and GITHUB_REPOSITORY' });
      if (!commit) throw new UsageError('cannot record the deployment without a commit', { where: '--commit', fix: 'Pass --commit <sha> or set GITHUB_SHA' });
      const recorded = await recordGateDeployment(api, result, { ref: commit, logUrl: run?.url });
      io.stdout(`recorded deployment ${recorded.deploymentId} (${recorded.state})\n`);
    }
    return result.decision === 'pass' ? ExitCode.Ok : ExitCode.CheckFailed;
  },
});
