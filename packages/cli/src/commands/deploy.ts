import { UsageError } from '@mlci/core';
import { Deployments, requireGitHubTarget, runFromEnv, type DeploymentState, type MlciDeploymentPayload } from '@mlci/github';
import { defineCommand, ExitCode, requireOption } from '../command.js';

const STATES: DeploymentState[] = ['success', 'failure', 'error', 'in_progress', 'queued', 'pending', 'inactive'];

export const deployStatusCommand = defineCommand({
  name: ['deploy', 'status'],
  summary: 'Post a status on a recorded deployment (success after the real deploy step, failure when it broke).',
  usage: '--deployment-id <id> --state <success|failure|…> [--environment-url <url>] [--description <text>] [--repo owner/name]',
  help: [
    ['--deployment-id <id>', 'Deployment to update (output deployment-id of the gate action, or `mlci gate --record`).'],
    ['--state <state>', `One of ${STATES.join(', ')}.`],
    ['--environment-url <url>', 'Where the deployed model serves (shown on the environment).'],
    ['--log-url <url>', 'Link to the logs. Default: this workflow run.'],
    ['--description <text>', 'Short description (140 characters).'],
    ['--repo <owner/name>', 'Default $GITHUB_REPOSITORY; token from $GITHUB_TOKEN.'],
  ],
  options: {
    'deployment-id': { type: 'string' },
    state: { type: 'string' },
    'environment-url': { type: 'string' },
    'log-url': { type: 'string' },
    description: { type: 'string' },
    repo: { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const idText = requireOption(values['deployment-id'], '--deployment-id', deployStatusCommand);
    const id = Number(idText);
    if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`deployment id '${idText}' is not a positive integer`, { where: '--deployment-id', fix: 'Pass the id printed by `mlci gate --record`' });
    const state = requireOption(values.state, '--state', deployStatusCommand) as DeploymentState;
    if (!STATES.includes(state)) throw new UsageError(`state '${state}' is not a deployment state`, { where: '--state', fix: `Use one of: ${STATES.join(', ')}` });
    const api = new Deployments(requireGitHubTarget(io.env, values.repo, 'mlci deploy status'));
    await api.setStatus(id, {
      state,
      description: values.description,
      logUrl: values['log-url'] ?? runFromEnv(io.env)?.url,
      environmentUrl: values['environment-url'],
    });
    io.stdout(`deployment ${id}: ${state}\n`);
    return ExitCode.Ok;
  },
});

export const deployRollbackCommand = defineCommand({
  name: ['deploy', 'rollback'],
  summary: 'Redeploy the last model version that succeeded in an environment before the current one, as a new deployment.',
  usage: '--environment <name> [--to <version>] [--state in_progress|success] [--json] [--repo owner/name]',
  help: [
    ['--environment <name>', 'Environment to roll back (e.g. production). Required.'],
    ['--to <version>', 'Roll back to this model version (must have succeeded there before). Default: the previous good one.'],
    ['--state <state>', 'Status of the new deployment: in_progress (default; your deploy step then posts success) or success.'],
    ['--reason <text>', 'Why: stored in the deployment payload for the audit trail.'],
    ['--json', 'Print {deploymentId, environment, modelVersion, sha, rollbackOf} as JSON for the next step.'],
    ['--repo <owner/name>', 'Default $GITHUB_REPOSITORY; token from $GITHUB_TOKEN.'],
  ],
  options: {
    environment: { type: 'string' },
    to: { type: 'string' },
    state: { type: 'string' },
    reason: { type: 'string' },
    json: { type: 'boolean' },
    repo: { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const environment = requireOption(values.environment, '--environment', deployRollbackCommand);
    const state = (values.state ?? 'in_progress') as DeploymentState;
    if (state !== 'in_progress' && state !== 'success') throw new UsageError(`state '${state}' is not allowed for a rollback`, { where: '--state', fix: 'Use in_progress or success' });
    const api = new Deployments(requireGitHubTarget(io.env, values.repo, 'mlci deploy rollback'));
    const history = await api.list({ environment });
    const current = history.find((d) => d.state === 'success') ?? null;
    const good = history.filter((d) => d.succeededAt !== null);
    const target = values.to
      ? good.find((d) => d.payload.model.version === values.to)
      : good.find((d) => d.payload.model.version !== current?.payload.model.version);
    if (!target) {
      const versions = [...new Set(good.map((d) => d.payload.model.version))];
      io.stderr(
        `mlci: ${values.to ? `model ${values.to} never deployed successfully to ${environment}` : `no earlier model version succeeded in ${environment}`}` +
          `${versions.length ? ` (succeeded: ${versions.join(', ')})` : ''}. Nothing was changed.\n`,
      );
      return ExitCode.CheckFailed;
    }
    const run = runFromEnv(io.env);
    const payload: MlciDeploymentPayload = {
      schema: 'mlci.deployment/v1',
      kind: 'rollback',
      model: target.payload.model,
      run: run ? { id: run.id, url: run.url } : null,
      // The evidence the restored version was approved on travels with it.
      gate: target.payload.gate,
      rollbackOf: target.id,
      note: [`rollback from ${current?.payload.model.version ?? 'none'}`, io.env.GITHUB_ACTOR ? `by ${io.env.GITHUB_ACTOR}` : '', values.reason ?? ''].filter(Boolean).join(' '),
    };
    const id = await api.create({ ref: target.sha, environment, payload, description: `mlci rollback to model ${target.payload.model.version}` });
    await api.setStatus(id, { state, description: `rollback to ${target.payload.model.version}`, logUrl: run?.url });
    const summary = { deploymentId: id, environment, modelVersion: target.payload.model.version, sha: target.sha, rollbackOf: target.id, from: current?.payload.model.version ?? null };
    io.stdout(values.json ? JSON.stringify(summary) + '\n' : `rolled back ${environment} from ${summary.from ?? 'none'} to model ${summary.modelVersion} (commit ${target.sha.slice(0, 12)}): deployment ${id} ${state}\n`);
    return ExitCode.Ok;
  },
});
