import { reasonsText, type GateResult } from '@mlci/core';
import type { Deployments, MlciDeploymentPayload } from './client.js';

export interface RecordedGate {
  deploymentId: number;
  state: 'in_progress' | 'failure';
}

/**
 * Records a gate decision as a deployment (the audit trail): the payload carries the model version and gate.json; a
 * pass leaves it `in_progress` for the deploy step to finish, a fail marks it `failure` with the reasons.
 */
export async function recordGateDeployment(
  api: Deployments,
  result: GateResult,
  options: { ref: string; logUrl?: string | undefined; environmentUrl?: string | undefined },
): Promise<RecordedGate> {
  const payload: MlciDeploymentPayload = {
    schema: 'mlci.deployment/v1',
    kind: 'deploy',
    model: { version: result.evidence.model.version ?? 'unversioned', sha256: result.evidence.model.sha256, path: result.evidence.model.path },
    run: result.evidence.run ? { id: result.evidence.run.id, url: result.evidence.run.url } : null,
    gate: result,
  };
  const id = await api.create({
    ref: options.ref,
    environment: result.environment,
    payload,
    description: `mlci gate ${result.decision}: model ${payload.model.version}`,
  });
  const state = result.decision === 'pass' ? 'in_progress' : 'failure';
  await api.setStatus(id, {
    state,
    description: result.decision === 'pass' ? 'gate passed; deploying' : `gate refused: ${reasonsText(result).split('\n')[0]}`,
    logUrl: options.logUrl,
    environmentUrl: options.environmentUrl,
  });
  return { deploymentId: id, state };
}
