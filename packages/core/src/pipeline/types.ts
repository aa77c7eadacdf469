import type { MlciConfig } from '../config/schema.js';
import type { OnnxRuntime } from '../evaluate/onnx-port.js';
import type { DeploymentHistory } from '../gate/ports.js';
import type { RunEvidence } from '../gate/types.js';
import type { BaselineProvider, PublishResult, ReportSink } from '../ports.js';
import type { ReportLinks } from '../report/render.js';

/** Stages in the order they run. */
export const STAGES = ['validate', 'drift', 'train', 'evaluate', 'compare', 'report', 'gate'] as const;
export type StageName = (typeof STAGES)[number];

/**
 * `passed`: ran and its check held. `failed`: ran and its check failed (the run exits 1). `skipped`: not configured,
 * not selected, or an earlier stage it depends on failed (the reason says which).
 */
export type StageStatus = 'passed' | 'failed' | 'skipped';

export interface StageResult {
  stage: StageName;
  status: StageStatus;
  /** One line, plain text: what happened (or why it was skipped). */
  summary: string;
  /** Values a CI exposes as step outputs, keyed by output name (`valid`, `error-count`, `accuracy`, `decision`…). */
  outputs: Record<string, string>;
  /** Files the stage wrote, by role (`validation`, `profile`, `metrics`…), absolute paths. */
  files: Record<string, string>;
  durationMs: number;
}

export interface PipelineResult {
  /** Every stage in order, including skipped ones. */
  stages: StageResult[];
  /** False when any stage failed. */
  passed: boolean;
  /** The rendered report (also in report.md), when the report stage ran. */
  report?: { markdown: string; verdict: string; status: string; publish?: PublishResult | undefined } | undefined;
  /** The gate's Markdown, when the gate ran. */
  gateMarkdown?: string | undefined;
  /** Folder holding the files a later run compares with (metrics, outcomes, profile): keep it as the baseline artifact. */
  artifactDir: string;
  durationMs: number;
}

export interface PipelineEvent {
  stage: StageName;
  phase: 'start' | 'end';
  result?: StageResult | undefined;
}

export interface PipelinePorts {
  /** Where the main branch's files come from (metrics, outcomes, profile). Absent: no baseline. */
  baseline?: BaselineProvider | undefined;
  /** Where the report goes besides report.md (a PR comment). */
  report?: ReportSink | undefined;
  /** Loads the ONNX runtime on first use; absent: the evaluate stage fails with how to install it. */
  onnxRuntime?: (() => Promise<OnnxRuntime>) | undefined;
  /** Deployment history for the gate's `require_success_in`. */
  deployments?: DeploymentHistory | undefined;
  /** Why there is no deployment history (shown by the gate when its policy needs it). */
  deploymentsUnavailable?: string | undefined;
}

export interface PipelineSettings {
  config: MlciConfig;
  /** Paths in the config are relative to this directory (the folder of mlci.yml). */
  baseDir: string;
  /** Where every stage writes, absolute (default `<baseDir>/.mlci` in the callers). */
  outDir: string;
  /** Run only these stages; the others are skipped, and a selected stage reads what they wrote in outDir earlier. */
  only?: StageName[] | undefined;
  /** Environment for the gate; overrides `gate.environment`. */
  environment?: string | undefined;
  commit?: string | undefined;
  run?: RunEvidence | undefined;
  /** Identifies the one report comment (e.g. `<workflow>/<report name>`). Default the report name. */
  reportKey?: string | undefined;
  links?: ReportLinks | undefined;
  generator?: string | undefined;
  /** Environment for the training command. */
  env?: Record<string, string | undefined> | undefined;
  /** Force training even when nothing changed. */
  forceTrain?: boolean | undefined;
  ports?: PipelinePorts | undefined;
  onEvent?: ((event: PipelineEvent) => void) | undefined;
  /** Training command output, as it comes. */
  onOutput?: ((text: string, stream: 'stdout' | 'stderr') => void) | undefined;
  /** How the caller names things in messages: the config file (`mlci.yml`). */
  configName?: string | undefined;
  /** Lets the validate stage use worker threads (auto policy: see chooseThreads); absent, it runs on this thread. */
  validationThreads?: { workerUrl: URL; cores: number; load1: number; minBytes?: number | undefined } | undefined;
  /** An entry calling runParseThread() for the evaluate stage, where evaluate's own module is not on disk (bundles). */
  evaluateParseThread?: URL | undefined;
}
