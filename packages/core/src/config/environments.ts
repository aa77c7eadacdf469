import { z } from 'zod';

/**
 * `environments:` in mlci.yml — the deployment policy per environment, enforced by `mlci gate`.
 *
 * ```yaml
 * environments:
 *   staging:
 *     require: { validation: true, comparison: true }
 *   production:
 *     require: { validation: true, comparison: true, evaluation: true, model: true }
 *     min: { accuracy: 0.9 }
 *     no_significant_regression: true
 *     require_staging_success: true
 *     reviewers_note: Two ML leads approve in GitHub's environment protection rules.
 * ```
 *
 * Every check is strict by default where the evidence is present: a present validation report must be valid,
 * a present comparison must have no violated rule. `require` makes a piece of evidence mandatory (missing → fail).
 */

const metricName = z.string().min(1, 'metric name must not be empty');
const thresholds = z.record(metricName, z.number().refine(Number.isFinite, 'must be a finite number'));

export const evidenceKinds = ['validation', 'comparison', 'drift', 'evaluation', 'model', 'data'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

const requireSchema = z
  .strictObject({
    validation: z.boolean().default(false).describe('validation.json must be given (and is then checked: valid, no errors).'),
    comparison: z.boolean().default(false).describe('comparison.json must be given (and is then checked: no rule violated).'),
    drift: z.boolean().default(false).describe('drift.json must be given.'),
    evaluation: z.boolean().default(false).describe('evaluation metrics.json must be given.'),
    model: z.boolean().default(false).describe('a model file must be given (hashed into the evidence) with a version.'),
    data: z.boolean().default(false).describe('at least one data file must be given (hashed into the evidence).'),
  })
  .describe('Which pieces of evidence must be present. Missing required evidence fails the gate.');

export const environmentPolicySchema = z
  .strictObject({
    description: z.string().optional().describe('Shown in the gate summary, e.g. who approves this environment.'),
    require: requireSchema.default({ validation: false, comparison: false, drift: false, evaluation: false, model: false, data: false }),
    data_valid: z.boolean().default(true).describe('Fail when validation.json reports invalid data. Default true.'),
    no_rule_violations: z.boolean().default(true).describe('Fail when comparison.json has a violated rule. Default true.'),
    no_significant_regression: z
      .boolean()
      .default(false)
      .describe('Fail when comparison.json marks any metric as a statistically significant regression. Default false.'),
    no_drift: z.boolean().default(false).describe('Fail when drift.json reports drift. Default false.'),
    max_drift_share: z
      .number()
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .optional()
      .describe('Fail when the share of drifted columns exceeds this. Unset: not checked.'),
    min: thresholds.default({}).describe('Absolute minimums: metric → value. The metric must be present (evaluation or comparison).'),
    max: thresholds.default({}).describe('Absolute maximums: metric → value (latency, error rates).'),
    require_success_in: z
      .union([z.string().min(1), z.array(z.string().min(1))])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .default([])
      .describe('Environments where the same model version must already have a successful deployment.'),
    require_staging_success: z
      .boolean()
      .default(false)
      .describe("Shorthand for require_success_in: [staging]. Default false."),
  })
  .describe('Deployment policy for one environment.');

export type EnvironmentPolicy = z.infer<typeof environmentPolicySchema>;

const environmentName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ \-/]*$/, 'environment names use letters, digits, space, ".", "_", "-", "/"');

export const environmentsSchema = z
  .record(environmentName, environmentPolicySchema)
  .optional()
  .describe('Deployment policy per environment (name as in GitHub environments), enforced by `mlci gate`.');

export type EnvironmentsConfig = NonNullable<z.infer<typeof environmentsSchema>>;

/** The environments whose successful deployment of the same model version a policy requires, deduplicated. */
export function requiredPriorEnvironments(policy: EnvironmentPolicy): string[] {
  const names = [...policy.require_success_in, ...(policy.require_staging_success ? ['staging'] : [])];
  return [...new Set(names)];
}

/** Parses one policy from plain data with every default applied (tests, programmatic use). */
export function environmentPolicy(input: z.input<typeof environmentPolicySchema> = {}): EnvironmentPolicy {
  return environmentPolicySchema.parse(input);
}
