import { z } from 'zod';

/**
 * `metrics:` and `compare:` in mlci.yml — the team's rules for metrics, used by `mlci compare` and the PR report.
 *
 * ```yaml
 * metrics:
 *   accuracy: { min: 0.85, max_regression: 0.01, required: true }
 *   "latency_ms_*": { direction: lower, max_regression_pct: 10 }
 * compare:
 *   artifact: mlci-metrics
 *   require_baseline: false
 * ```
 *
 * Keys under `metrics` are exact metric names or globs (picomatch; `*` does not cross `.`). An exact name wins over
 * globs; among globs the first declared wins. Known names get a direction without configuration (see defaults).
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const metricRuleSchema = z
  .strictObject({
    direction: z
      .enum(['higher', 'lower'], { error: 'direction must be "higher" or "lower"' })
      .optional()
      .describe('Which way is better. Default: inferred from the name (accuracy, f1, auc → higher; loss, error, latency → lower).'),
    min: finite.optional().describe('Fail when the current value is below this.'),
    max: finite.optional().describe('Fail when the current value is above this.'),
    max_regression: finite
      .min(0, 'must be ≥ 0')
      .optional()
      .describe('Fail when the metric gets worse than the baseline by more than this absolute amount.'),
    max_regression_pct: finite
      .min(0, 'must be ≥ 0')
      .optional()
      .describe('Fail when the metric gets worse than the baseline by more than this percentage of the baseline value.'),
    required: z.boolean().optional().describe('Fail when the metric is missing from the current metrics. Default false.'),
    tolerance: finite
      .min(0, 'must be ≥ 0')
      .optional()
      .describe('Absolute changes up to this are reported as unchanged. Default 0 (exact, up to float rounding).'),
  })
  .describe('Rules for one metric or a glob of metrics.');

export type MetricRule = z.infer<typeof metricRuleSchema>;

export const metricsRulesSchema = z
  .record(z.string().min(1, 'metric name or glob must not be empty'), metricRuleSchema)
  .optional()
  .describe('Rules per metric, keyed by exact name or glob (e.g. "latency_ms_*").');

export const compareSettingsSchema = z
  .strictObject({
    artifact: z
      .string()
      .min(1)
      .default('mlci-metrics')
      .describe('Name of the artifact that holds the metrics on the default branch (uploaded by the evaluate step).'),
    baseline_file: z
      .string()
      .min(1)
      .optional()
      .describe('Fallback: path of a metrics file committed on the base branch, read with git at the base ref.'),
    require_baseline: z.boolean().default(false).describe('Fail the comparison when no baseline can be found. Default false: the report says "no baseline yet".'),
    alpha: z
      .number()
      .gt(0, 'must be between 0 and 1')
      .lt(1, 'must be between 0 and 1')
      .default(0.05)
      .describe('Significance level for "beyond noise" (McNemar, paired bootstrap). Default 0.05.'),
    fail_on_significant_regression: z
      .boolean()
      .default(false)
      .describe('Also fail when a metric regressed beyond noise even if no threshold is set. Default false.'),
  })
  .default({ artifact: 'mlci-metrics', require_baseline: false, alpha: 0.05, fail_on_significant_regression: false })
  .describe('How `mlci compare` finds the baseline and judges noise.');

export type CompareSettings = z.infer<typeof compareSettingsSchema>;
