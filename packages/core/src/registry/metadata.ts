import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { digestFile } from '../gate/evidence.js';
import { parseGateResult } from '../gate/render.js';
import type { FileDigest, GateReason } from '../gate/types.js';
import { flattenNumbers, isRecord, readStructured } from '../train/record.js';
import { tagFor } from './tag.js';

export interface MetricEntry {
  name: string;
  value: number;
  /** Confidence interval bounds, when the evaluation computed them. */
  low?: number | undefined;
  high?: number | undefined;
}

export interface SliceEntry {
  column: string;
  value: string;
  rows: number | null;
  metrics: Record<string, number>;
}

export interface GateSummary {
  environment: string;
  decision: 'pass' | 'fail';
  decidedAt: string;
  reasons: Array<Pick<GateReason, 'code' | 'message'>>;
  checks: string[];
  run: { id: string; url?: string | undefined } | null;
}

export interface Approval {
  environment: string;
  user: string;
  state: string;
  comment: string;
  at?: string | undefined;
}

/** `model.json`, a release asset: everything the model card shows, machine-readable. */
export interface ModelMetadata {
  schema: 'mlci.model/v1';
  name: string;
  version: string;
  tag: string;
  publishedAt: string;
  model: FileDigest;
  intendedUse: string | null;
  limitations: string | null;
  training: { data: FileDigest[]; parameters: Record<string, unknown> };
  metrics: MetricEntry[];
  /** How intervals were computed (e.g. percentile bootstrap, 1000 resamples, seed 42). */
  intervals: string | null;
  slices: SliceEntry[];
  lineage: { commit: string | null; ref: string | null; run: { id: string; url?: string | undefined } | null };
  gates: GateSummary[];
  approvals: Approval[];
}

export interface ModelMetadataSettings {
  name: string;
  version: string;
  tagPattern: string;
  /** Absolute paths. */
  model: string;
  data?: string[] | undefined;
  /** Parameters file (JSON/YAML object) or a `run.json` from `mlci train` (its params and input hashes are used). */
  params?: string | undefined;
  runRecord?: string | undefined;
  /** metrics.json from `mlci evaluate`: flat metrics, `intervals`, `bootstrap`, `slices`, `mlci.model_sha256`. */
  evaluation?: string | undefined;
  gates?: string[] | undefined;
  intendedUse?: string | undefined;
  limitations?: string | undefined;
  commit?: string | undefined;
  ref?: string | undefined;
  run?: { id: string; url?: string | undefined } | undefined;
  approvals?: Approval[] | undefined;
  now?: Date | undefined;
}

async function digest(path: string, option: string): Promise<FileDigest> {
  try {
    return await digestFile(path);
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { where: option, fix: 'Check the path' });
  }
}

/** Keys metrics.json carries next to the metrics (see `mlci evaluate`); never treated as metrics. */
const NOT_METRICS = new Set(['intervals', 'bootstrap', 'outcomes', 'labels', 'confusion_matrix', 'slices', 'mlci', 'commit', 'run']);

export function metricsFromEvaluation(doc: unknown, where: string): { metrics: MetricEntry[]; intervals: string | null; slices: SliceEntry[]; modelSha256: string | null } {
  if (!isRecord(doc)) throw new UsageError('metrics file is not a JSON object', { where, fix: 'Pass metrics.json from mlci evaluate' });
  const iv = isRecord(doc.intervals) ? doc.intervals : {};
  const metrics: MetricEntry[] = [];
  for (const [name, value] of Object.entries(doc)) {
    if (NOT_METRICS.has(name) || typeof value !== 'number' || !Number.isFinite(value)) continue;
    const i = iv[name];
    metrics.push({ name, value, ...(isRecord(i) && typeof i.low === 'number' && typeof i.high === 'number' ? { low: i.low, high: i.high } : {}) });
  }
  const b = isRecord(doc.bootstrap) ? doc.bootstrap : null;
  const intervals = b && typeof b.resamples === 'number' && b.resamples > 0 ? `percentile bootstrap, ${b.resamples} resamples${typeof b.seed === 'number' ? `, seed ${b.seed}` : ''}` : null;
  const slices: SliceEntry[] = [];
  if (isRecord(doc.slices)) {
    for (const [column, values] of Object.entries(doc.slices)) {
      if (!isRecord(values)) continue;
      for (const [value, m] of Object.entries(values)) {
        if (!isRecord(m)) continue;
        const { rows, ...rest } = m;
        slices.push({ column, value, rows: typeof rows === 'number' ? rows : null, metrics: flattenNumbers(rest) });
      }
    }
  }
  const sha = isRecord(doc.mlci) && typeof doc.mlci.model_sha256 === 'string' ? doc.mlci.model_sha256 : null;
  return { metrics, intervals, slices, modelSha256: sha };
}

/** Gathers and checks everything a model version records. Bad or contradictory input is a UsageError (exit 2). */
export async function buildModelMetadata(s: ModelMetadataSettings): Promise<ModelMetadata> {
  const tag = tagFor(s.tagPattern, s.version);
  const model = await digest(s.model, '--model');
  const data: FileDigest[] = [];
  for (const p of s.data ?? []) data.push(await digest(p, '--data'));
  let parameters: Record<string, unknown> = {};
  if (s.params) {
    const doc = await readStructured(s.params, 'parameters', '--params');
    if (!isRecord(doc)) throw new UsageError('parameters file is not an object', { where: s.params, fix: 'Use a JSON or YAML mapping of name → value' });
    parameters = doc;
  }
  if (s.runRecord) {
    const rec = await readStructured(s.runRecord, 'training run record', '--run-record');
    if (!isRecord(rec) || !isRecord(rec.inputs)) throw new UsageError('not a run.json from mlci train (no inputs)', { where: s.runRecord, fix: 'Pass the run.json written by mlci train' });
    if (isRecord(rec.params) && !s.params) parameters = rec.params;
    for (const [path, sha] of Object.entries(rec.inputs)) if (typeof sha === 'string' && !data.some((d) => d.sha256 === sha)) data.push({ path, sha256: sha, bytes: -1 });
  }
  let metrics: MetricEntry[] = [];
  let intervals: string | null = null;
  let slices: SliceEntry[] = [];
  if (s.evaluation) {
    const ev = metricsFromEvaluation(await readStructured(s.evaluation, 'metrics', '--metrics'), s.evaluation);
    if (ev.modelSha256 && ev.modelSha256 !== model.sha256) {
      throw new UsageError(`the metrics were computed for a different model (sha256 ${ev.modelSha256.slice(0, 12)}…, this file ${model.sha256.slice(0, 12)}…)`, {
        where: s.evaluation,
        fix: 'Publish the model that was evaluated, or re-run mlci evaluate on this one',
      });
    }
    ({ metrics, intervals, slices } = ev);
  }
  const gates: GateSummary[] = [];
  for (const p of s.gates ?? []) {
    let g;
    try {
      g = parseGateResult(await readStructured(p, 'gate.json', '--gate'));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError((err as Error).message, { where: p, fix: 'Pass gate.json written by mlci gate' });
    }
    if (g.evidence.model.sha256 && g.evidence.model.sha256 !== model.sha256) {
      throw new UsageError(`gate.json for ${g.environment} was decided on a different model file`, { where: p, fix: 'Publish the model the gate saw' });
    }
    gates.push({
      environment: g.environment,
      decision: g.decision,
      decidedAt: g.decidedAt,
      reasons: g.reasons.map((r) => ({ code: r.code, message: r.message })),
      checks: g.checks ?? [],
      run: g.evidence.run ? { id: g.evidence.run.id, url: g.evidence.run.url } : null,
    });
  }
  return {
    schema: 'mlci.model/v1',
    name: s.name,
    version: s.version,
    tag,
    publishedAt: (s.now ?? new Date()).toISOString(),
    model: { ...model, path: basename(model.path) },
    intendedUse: s.intendedUse ?? null,
    limitations: s.limitations ?? null,
    training: { data, parameters },
    metrics,
    intervals,
    slices,
    lineage: { commit: s.commit ?? null, ref: s.ref ?? null, run: s.run ?? null },
    gates,
    approvals: s.approvals ?? [],
  };
}
