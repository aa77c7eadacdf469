import { isAbsolute, resolve } from 'node:path';
import * as core from '@actions/core';
import { loadConfig, renderGateMarkdown, runGate, UsageError, writeGateJson } from '@mlci/core';
import { annotate, boolInput, input, listInput, requiredInput, type StepOutcome } from '../runtime.js';
import { Deployments, type DeploymentState } from './client.js';
import { recordGateDeployment } from './record.js';
import { commitFromEnv, githubTargetFromEnv, runFromEnv } from './target.js';

/** Input and output names of actions/gate, in one place (they mirror action.yml). */
export const GateInputs = {
  Environment: 'environment',
  Config: 'config',
  Comparison: 'comparison',
  Validation: 'validation',
  Drift: 'drift',
  Evaluation: 'evaluation',
  Model: 'model',
  ModelVersion: 'model-version',
  Data: 'data',
  Out: 'out',
  RecordDeployment: 'record-deployment',
  EnvironmentUrl: 'environment-url',
  Token: 'token',
  DeploymentId: 'deployment-id',
  DeploymentStatus: 'deployment-status',
} as const;

export const GateOutputs = {
  Decision: 'decision',
  Reasons: 'reasons',
  GateJson: 'gate-json',
  DeploymentId: 'deployment-id',
  ModelVersion: 'model-version',
} as const;

const FINISH_STATES: DeploymentState[] = ['success', 'failure', 'error', 'inactive'];

function workspacePathOf(p: string): string {
  const ws = process.env.GITHUB_WORKSPACE ?? process.cwd();
  return isAbsolute(p) ? p : resolve(ws, p);
}

function deploymentsFromEnv(): { api: Deployments } | { missing: string } {
  const token = input(GateInputs.Token);
  if (token) core.setSecret(token);
  const r = githubTargetFromEnv({ ...process.env, GITHUB_TOKEN: token || process.env.GITHUB_TOKEN });
  return 'target' in r ? { api: new Deployments(r.target) } : r;
}

/**
 * actions/gate. Two modes:
 * - gate (default): decide for `environment`, write gate.json, job summary and outputs, and record the decision as a
 *   deployment (in_progress on pass, failure on fail);
 * - finish: with `deployment-status` (and `deployment-id`), only post the final status after the real deploy step.
 */
export async function runGateAction(): Promise<StepOutcome> {
  const finish = input(GateInputs.DeploymentStatus);
  if (finish) return finishDeployment(finish);

  const environment = requiredInput(GateInputs.Environment, 'the environment name, e.g. production');
  const configPath = workspacePathOf(input(GateInputs.Config) || 'mlci.yml');
  const config = await loadConfig(configPath);
  const policy = config.environments?.[environment];
  if (!policy) {
    throw new UsageError(`no policy for environment '${environment}' in ${configPath}`, {
      where: `with.${GateInputs.Environment}`,
      fix: `Add environments.${environment} to mlci.yml or use one of: ${Object.keys(config.environments ?? {}).join(', ') || '(none defined)'}`,
    });
  }
  const record = boolInput(GateInputs.RecordDeployment, true);
  const gh = deploymentsFromEnv();
  const opt = (name: string) => (input(name) ? workspacePathOf(input(name)) : undefined);
  const run = runFromEnv(process.env);
  const commit = commitFromEnv(process.env);

  const result = await runGate({
    environment,
    policy,
    validation: opt(GateInputs.Validation),
    comparison: opt(GateInputs.Comparison),
    drift: opt(GateInputs.Drift),
    evaluation: opt(GateInputs.Evaluation),
    model: opt(GateInputs.Model),
    modelVersion: input(GateInputs.ModelVersion) || undefined,
    data: listInput(GateInputs.Data).map(workspacePathOf),
    commit,
    run,
    history: 'api' in gh ? gh.api : undefined,
    historyUnavailable: 'missing' in gh ? gh.missing : undefined,
  });
  const gateJson = await writeGateJson(workspacePathOf(input(GateInputs.Out) || 'mlci-gate'), result);

  core.setOutput(GateOutputs.Decision, result.decision);
  core.setOutput(GateOutputs.Reasons, JSON.stringify(result.reasons.map((r) => ({ code: r.code, message: r.message }))));
  core.setOutput(GateOutputs.GateJson, gateJson);
  core.setOutput(GateOutputs.ModelVersion, result.evidence.model.version ?? '');
  await core.summary.addRaw(renderGateMarkdown(result), true).write();
  core.info(`gate ${environment}: ${result.decision}`);
  annotate(
    result.reasons.map((r) => ({ level: 'error' as const, title: `mlci gate ${environment}: ${r.code}`, message: r.message })),
    `the job summary and ${gateJson}`,
  );

  if (record) {
    if ('missing' in gh) {
      throw new UsageError(`cannot record the deployment: ${gh.missing}`, { where: `with.${GateInputs.RecordDeployment}`, fix: "Pass 'token' (deployments: write) or set record-deployment: false" });
    }
    if (!commit) throw new UsageError('cannot record the deployment: GITHUB_SHA is not set', { where: 'GITHUB_SHA', fix: 'Run the action in a GitHub Actions job' });
    const recorded = await recordGateDeployment(gh.api, result, { ref: commit, logUrl: run?.url, environmentUrl: input(GateInputs.EnvironmentUrl) || undefined });
    core.setOutput(GateOutputs.DeploymentId, String(recorded.deploymentId));
    core.info(`recorded deployment ${recorded.deploymentId} to ${environment} (${recorded.state})`);
  }
  return result.decision === 'pass' ? 'ok' : 'check-failed';
}

async function finishDeployment(state: string): Promise<StepOutcome> {
  if (!FINISH_STATES.includes(state as DeploymentState)) {
    throw new UsageError(`input 'deployment-status' is '${state}'`, { where: `with.${GateInputs.DeploymentStatus}`, fix: `Use one of: ${FINISH_STATES.join(', ')}` });
  }
  const idText = requiredInput(GateInputs.DeploymentId, "the gate step's deployment-id output");
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`input 'deployment-id' is '${idText}', not a deployment id`, { where: `with.${GateInputs.DeploymentId}`, fix: "Pass the gate step's deployment-id output" });
  const gh = deploymentsFromEnv();
  if ('missing' in gh) throw new UsageError(`cannot update the deployment: ${gh.missing}`, { where: `with.${GateInputs.Token}`, fix: 'Pass a token with deployments: write' });
  await gh.api.setStatus(id, {
    state: state as DeploymentState,
    logUrl: runFromEnv(process.env)?.url,
    environmentUrl: input(GateInputs.EnvironmentUrl) || undefined,
    description: `deployment ${state}`,
  });
  core.setOutput(GateOutputs.DeploymentId, String(id));
  core.info(`deployment ${id}: ${state}`);
  return 'ok';
}
