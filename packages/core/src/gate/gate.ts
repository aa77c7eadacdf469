import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requiredPriorEnvironments, type EnvironmentPolicy } from '../config/environments.js';
import { loadReport, digestFile, type ComparisonReport, type DriftReport, type EvaluationReport, type ValidationReport } from './evidence.js';
import type { DeploymentHistory } from './ports.js';
import type { FileDigest, GateEvidence, GateReason, GateResult, RunEvidence } from './types.js';

export interface GateSettings {
  environment: string;
  policy: EnvironmentPolicy;
  /** Evidence reports (absolute paths); absent when not given. */
  validation?: string | undefined;
  comparison?: string | undefined;
  drift?: string | undefined;
  evaluation?: string | undefined;
  model?: string | undefined;
  modelVersion?: string | undefined;
  data?: string[] | undefined;
  commit?: string | undefined;
  run?: RunEvidence | undefined;
  /** Deployment history for `require_success_in`; absent → that check fails closed. */
  history?: DeploymentHistory | undefined;
  /** Why history is absent (shown in the reason), e.g. "no GITHUB_TOKEN". */
  historyUnavailable?: string | undefined;
  now?: Date | undefined;
}

/** Two metric values agree when they are equal up to rounding in serialisation. */
function sameValue(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** A comparison row that got significantly worse: by its status word, or by the sign of delta against direction. */
function isSignificantRegression(row: ComparisonReport['rows'][number]): boolean {
  if (row.significant !== true) return false;
  if (row.status && /regress|worse|degrad/i.test(row.status)) return true;
  if (row.status && /improv|better/i.test(row.status)) return false;
  const delta = row.delta ?? (row.current !== null && row.baseline !== null ? row.current - row.baseline : null);
  if (delta === null || row.direction === null) return false;
  return row.direction === 'higher' ? delta < 0 : delta > 0;
}

/**
 * Decides whether a model may ship to an environment. Every piece of evidence is read, hashed and checked
 * against the policy; anything missing, unreadable or contradictory is a reason to fail. Never throws for bad
 * evidence — only for programming errors.
 */
export async function runGate(settings: GateSettings): Promise<GateResult> {
  const { policy, environment } = settings;
  const reasons: GateReason[] = [];
  const checks: string[] = [];
  const evidence: GateEvidence = {
    model: { path: settings.model ?? null, sha256: null, version: settings.modelVersion ?? null },
    data: [],
    metrics: {},
    commit: settings.commit ?? null,
    run: settings.run ?? null,
    reports: {},
    priorDeployments: [],
  };

  // --- reports ------------------------------------------------------------------------------------------------
  const loaded: { validation?: ValidationReport; comparison?: ComparisonReport; drift?: DriftReport; evaluation?: EvaluationReport } = {};
  for (const kind of ['validation', 'comparison', 'drift', 'evaluation'] as const) {
    const path = settings[kind];
    if (!path) {
      if (policy.require[kind]) {
        reasons.push({ code: 'evidence-missing', evidence: kind, message: `the ${environment} policy requires a ${kind} report and none was given` });
      }
      continue;
    }
    const r = await loadReport(kind, path);
    if (!r.ok) {
      reasons.push(r.reason);
      continue;
    }
    (loaded as Record<string, unknown>)[kind] = r.value;
    evidence.reports[kind] = { path, sha256: r.digest.sha256, summary: summaryOf(kind, r.value) };
  }

  // --- files: model and data ------------------------------------------------------------------------------------
  if (settings.model) {
    try {
      evidence.model.sha256 = (await digestFile(settings.model)).sha256;
    } catch (err) {
      reasons.push(fileReason('model', settings.model, err));
    }
  } else if (policy.require.model) {
    reasons.push({ code: 'evidence-missing', evidence: 'model', message: `the ${environment} policy requires the model file and none was given` });
  }
  if (policy.require.model && !evidence.model.version) {
    reasons.push({ code: 'model-version-missing', evidence: 'model', message: `the ${environment} policy requires a model version and none was given` });
  }
  for (const path of settings.data ?? []) {
    try {
      const d = await digestFile(path);
      evidence.data.push(d);
    } catch (err) {
      reasons.push(fileReason('data', path, err));
    }
  }
  if (policy.require.data && (settings.data ?? []).length === 0) {
    reasons.push({ code: 'evidence-missing', evidence: 'data', message: `the ${environment} policy requires data files and none were given` });
  }

  // --- consistency ---------------------------------------------------------------------------------------------
  const { validation, comparison, drift, evaluation } = loaded;
  if (validation && validation.valid && validation.errorCount > 0) {
    reasons.push({
      code: 'evidence-inconsistent',
      evidence: 'validation',
      message: `validation report says valid but counts ${validation.errorCount} error(s)`,
    });
  }
  if (validation && validation.files.some((f) => f.valid === false) && validation.valid) {
    reasons.push({ code: 'evidence-inconsistent', evidence: 'validation', message: 'validation report says valid but lists an invalid file' });
  }
  if (comparison && comparison.passed && (comparison.violations.length > 0 || comparison.rows.some((r) => r.violations.length > 0))) {
    reasons.push({ code: 'evidence-inconsistent', evidence: 'comparison', message: 'comparison report says passed but lists violated rules' });
  }
  if (drift && (drift.share < 0 || drift.share > 1)) {
    reasons.push({ code: 'evidence-inconsistent', evidence: 'drift', message: `drift share ${fmt(drift.share)} is outside 0..1` });
  }
  // Metrics: evaluation first, then the comparison's current values, which must be the same numbers.
  for (const [name, value] of Object.entries(evaluation?.metrics ?? {})) evidence.metrics[name] = value;
  for (const row of comparison?.rows ?? []) {
    if (row.current === null) continue;
    const known = evidence.metrics[row.metric];
    if (known !== undefined && !sameValue(known, row.current)) {
      reasons.push({
        code: 'evidence-inconsistent',
        evidence: 'comparison',
        metric: row.metric,
        actual: row.current,
        expected: known,
        message: `${row.metric} is ${fmt(known)} in the evaluation but ${fmt(row.current)} in the comparison: they come from different runs`,
      });
    } else evidence.metrics[row.metric] = row.current;
  }
  // Every report that names a commit must name the one being gated.
  const commits = new Map<string, string>();
  if (settings.commit) commits.set('gate', settings.commit);
  for (const [kind, report] of Object.entries(loaded)) if (report?.commit) commits.set(kind, report.commit);
  const distinct = new Set([...commits.values()].map((c) => c.toLowerCase()));
  if (distinct.size > 1 && !allPrefixesOfOne([...distinct])) {
    reasons.push({
      code: 'evidence-inconsistent',
      evidence: 'commit',
      message: `evidence comes from different commits: ${[...commits].map(([k, c]) => `${k} ${c.slice(0, 12)}`).join(', ')}`,
    });
  }

  // --- policy --------------------------------------------------------------------------------------------------
  if (validation && policy.data_valid) {
    if (!validation.valid) {
      const bad = validation.files.filter((f) => f.valid === false).map((f) => f.path);
      reasons.push({
        code: 'validation-failed',
        evidence: 'validation',
        actual: validation.errorCount,
        message: `data is not valid: ${validation.errorCount} error(s)${bad.length ? ` in ${bad.join(', ')}` : ''}`,
      });
    } else checks.push('data is valid');
  }
  if (comparison && policy.no_rule_violations) {
    const violated = comparison.rows.filter((r) => r.violations.length > 0);
    for (const row of violated) {
      reasons.push({ code: 'rule-violated', evidence: 'comparison', metric: row.metric, message: `${row.metric}: ${row.violations.join('; ')}` });
    }
    for (const v of comparison.violations) reasons.push({ code: 'rule-violated', evidence: 'comparison', message: v });
    if (!comparison.passed && violated.length === 0 && comparison.violations.length === 0) {
      reasons.push({ code: 'rule-violated', evidence: 'comparison', message: 'the comparison with the baseline did not pass' });
    }
    if (comparison.passed && violated.length === 0 && comparison.violations.length === 0) checks.push('no metric rule violated');
  }
  if (policy.no_significant_regression) {
    if (!comparison) {
      reasons.push({ code: 'evidence-missing', evidence: 'comparison', message: 'no_significant_regression needs a comparison report and none was usable' });
    } else {
      const regressed = comparison.rows.filter(isSignificantRegression);
      for (const row of regressed) {
        reasons.push({
          code: 'significant-regression',
          evidence: 'comparison',
          metric: row.metric,
          actual: row.current,
          expected: row.baseline,
          message: `${row.metric} regressed significantly: ${row.baseline === null ? '?' : fmt(row.baseline)} → ${row.current === null ? '?' : fmt(row.current)}`,
        });
      }
      if (regressed.length === 0) checks.push('no significant regression');
    }
  }
  if (policy.no_drift || policy.max_drift_share !== undefined) {
    if (!drift) {
      reasons.push({ code: 'evidence-missing', evidence: 'drift', message: 'the drift policy needs a drift report and none was usable' });
    } else {
      if (policy.no_drift && drift.drifted) {
        reasons.push({
          code: 'drift-detected',
          evidence: 'drift',
          message: `data drift detected${drift.driftedColumns.length ? ` in ${drift.driftedColumns.join(', ')}` : ''}`,
        });
      }
      if (policy.max_drift_share !== undefined && drift.share > policy.max_drift_share) {
        reasons.push({
          code: 'drift-share-exceeded',
          evidence: 'drift',
          actual: drift.share,
          expected: policy.max_drift_share,
          message: `${fmt(drift.share * 100)}% of columns drifted, more than the allowed ${fmt(policy.max_drift_share * 100)}%`,
        });
      }
      if (!(policy.no_drift && drift.drifted) && !(policy.max_drift_share !== undefined && drift.share > policy.max_drift_share)) checks.push('drift within policy');
    }
  }
  for (const [metric, min] of Object.entries(policy.min)) {
    const value = evidence.metrics[metric];
    if (value === undefined) reasons.push({ code: 'metric-missing', metric, expected: min, message: `${metric} has a minimum of ${fmt(min)} but no report gives its value` });
    else if (value < min) reasons.push({ code: 'metric-below-min', metric, actual: value, expected: min, message: `${metric} is ${fmt(value)}, below the minimum ${fmt(min)}` });
    else checks.push(`${metric} ${fmt(value)} ≥ ${fmt(min)}`);
  }
  for (const [metric, max] of Object.entries(policy.max)) {
    const value = evidence.metrics[metric];
    if (value === undefined) reasons.push({ code: 'metric-missing', metric, expected: max, message: `${metric} has a maximum of ${fmt(max)} but no report gives its value` });
    else if (value > max) reasons.push({ code: 'metric-above-max', metric, actual: value, expected: max, message: `${metric} is ${fmt(value)}, above the maximum ${fmt(max)}` });
    else checks.push(`${metric} ${fmt(value)} ≤ ${fmt(max)}`);
  }

  // --- prior environments (promotion) -----------------------------------------------------------------------------
  const prior = requiredPriorEnvironments(policy).filter((e) => e !== environment);
  if (prior.length > 0) {
    const version = evidence.model.version;
    if (!version) {
      if (!reasons.some((r) => r.code === 'model-version-missing')) {
        reasons.push({ code: 'model-version-missing', evidence: 'model', message: `promotion checks need the model version (${prior.join(', ')} first) and none was given` });
      }
    } else if (!settings.history) {
      reasons.push({
        code: 'deployment-history-unavailable',
        evidence: 'deployments',
        message: `cannot check that ${version} was deployed to ${prior.join(', ')} first${settings.historyUnavailable ? `: ${settings.historyUnavailable}` : ''}`,
      });
    } else {
      for (const env of prior) {
        try {
          const found = await settings.history.successfulDeployments(env, version);
          if (found.length === 0) {
            reasons.push({ code: 'not-in-staging', environment: env, message: `model ${version} has no successful deployment to ${env}` });
            continue;
          }
          const latest = found[0]!;
          if (evidence.model.sha256 && latest.modelSha256 && latest.modelSha256 !== evidence.model.sha256) {
            reasons.push({
              code: 'model-mismatch',
              environment: env,
              message: `model ${version} deployed to ${env} had sha256 ${latest.modelSha256.slice(0, 12)}…, this file has ${evidence.model.sha256.slice(0, 12)}…`,
            });
            continue;
          }
          evidence.priorDeployments.push({ environment: env, id: latest.id, createdAt: latest.createdAt, url: latest.url });
          checks.push(`${version} deployed successfully to ${env}`);
        } catch (err) {
          reasons.push({
            code: 'deployment-history-unavailable',
            environment: env,
            evidence: 'deployments',
            message: `cannot read deployments of ${env}: ${(err as Error).message.split('\n')[0]}`,
          });
        }
      }
    }
  }

  return {
    schema: 'mlci.gate/v1',
    environment,
    decision: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    checks,
    evidence,
    policy,
    decidedAt: (settings.now ?? new Date()).toISOString(),
  };
}

function allPrefixesOfOne(commits: string[]): boolean {
  const longest = commits.reduce((a, b) => (b.length > a.length ? b : a));
  return commits.every((c) => c.length >= 7 && longest.startsWith(c));
}

function fileReason(kind: string, path: string, err: unknown): GateReason {
  const code = (err as NodeJS.ErrnoException).code;
  return {
    code: code === 'ENOENT' ? 'evidence-missing' : 'evidence-invalid',
    evidence: kind,
    message: code === 'ENOENT' ? `${kind} file ${path} does not exist` : `${kind} file ${path} cannot be read (${code ?? (err as Error).message})`,
  };
}

function summaryOf(kind: string, report: ValidationReport | ComparisonReport | DriftReport | EvaluationReport): Record<string, unknown> {
  switch (kind) {
    case 'validation': {
      const v = report as ValidationReport;
      return { valid: v.valid, errorCount: v.errorCount };
    }
    case 'comparison': {
      const c = report as ComparisonReport;
      return { passed: c.passed, metrics: c.rows.length, violations: c.violations.length + c.rows.reduce((n, r) => n + r.violations.length, 0) };
    }
    case 'drift': {
      const d = report as DriftReport;
      return { drifted: d.drifted, share: d.share, driftedColumns: d.driftedColumns };
    }
    default:
      return { metrics: Object.keys((report as EvaluationReport).metrics).length };
  }
}

/** Writes `<dir>/gate.json` and returns its path. */
export async function writeGateJson(dir: string, result: GateResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'gate.json');
  await writeFile(path, JSON.stringify(result, null, 2) + '\n');
  return path;
}

export type { FileDigest };
