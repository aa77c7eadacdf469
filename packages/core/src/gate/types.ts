/**
 * gate.json: the decision for one environment, every reason as data with a stable code, and the evidence it was
 * made on. The same object goes into the job summary, the deployment payload and the model card (audit trail).
 */

export const GATE_REASON_CODES = [
  /** A piece of evidence the policy requires was not given or its file does not exist. */
  'evidence-missing',
  /** A file could not be read or parsed, or does not have the expected shape. */
  'evidence-invalid',
  /** Two pieces of evidence contradict each other (valid with errors, metrics that differ between reports, …). */
  'evidence-inconsistent',
  'validation-failed',
  'rule-violated',
  'significant-regression',
  'drift-detected',
  'drift-share-exceeded',
  'metric-missing',
  'metric-below-min',
  'metric-above-max',
  /** The policy needs a model version (prior-environment check) and none was given. */
  'model-version-missing',
  /** The same model version has no successful deployment in an environment the policy requires first. */
  'not-in-staging',
  /** The model bytes differ from those deployed under the same version earlier. */
  'model-mismatch',
  /** Deployment history could not be read (no token, API down): fail closed. */
  'deployment-history-unavailable',
] as const;

export type GateReasonCode = (typeof GATE_REASON_CODES)[number];

export interface GateReason {
  code: GateReasonCode;
  /** One sentence, plain text (rendered escaped). */
  message: string;
  /** Which evidence the reason is about: validation, comparison, drift, evaluation, model, data, deployments. */
  evidence?: string | undefined;
  metric?: string | undefined;
  environment?: string | undefined;
  actual?: number | string | null | undefined;
  expected?: number | string | null | undefined;
}

export interface FileDigest {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ModelEvidence {
  path: string | null;
  sha256: string | null;
  version: string | null;
}

export interface RunEvidence {
  id: string;
  url?: string | undefined;
  attempt?: string | undefined;
  workflow?: string | undefined;
  actor?: string | undefined;
}

/** A report file the decision read, with its hash and the facts taken from it. */
export interface ReportEvidence {
  path: string;
  sha256: string;
  summary: Record<string, unknown>;
}

export interface GateEvidence {
  model: ModelEvidence;
  data: FileDigest[];
  /** Metric → value, from evaluation metrics.json and the comparison's current values (which must agree). */
  metrics: Record<string, number>;
  commit: string | null;
  run: RunEvidence | null;
  reports: Partial<Record<'validation' | 'comparison' | 'drift' | 'evaluation', ReportEvidence>>;
  /** Earlier successful deployments of the same model version that the policy required. */
  priorDeployments: Array<{ environment: string; id: string | number; createdAt?: string | undefined; url?: string | undefined }>;
}

export interface GateResult {
  schema: 'mlci.gate/v1';
  environment: string;
  decision: 'pass' | 'fail';
  reasons: GateReason[];
  /** What passed, for the summary: each policy check that was applied and held. */
  checks: string[];
  evidence: GateEvidence;
  policy: unknown;
  decidedAt: string;
}
