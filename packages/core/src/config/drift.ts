import { z } from 'zod';

/**
 * `drift:` in mlci.yml — how `mlci drift` compares the current data with the reference (the main branch's profile).
 *
 * ```yaml
 * drift:
 *   share: 0.5            # dataset drift when at least this share of columns drifted
 *   fail: true            # exit 1 on dataset drift (default false: report only)
 *   target: label         # label drift is reported for this column
 *   prediction: score     # prediction drift is reported for this column
 *   ignore: [id, "debug_*"]
 *   columns:
 *     age: { test: psi, threshold: 0.2 }
 *     "price_*": { test: wasserstein }
 * ```
 *
 * Keys under `columns` are exact column names or globs (`*`, `?`, `[a-z]`; `.` and `/` are ordinary characters in a
 * column name): an exact name wins over globs; among globs the
 * first declared wins. Without a test, the column gets Evidently's default choice (defaultTest in drift/drift.ts).
 */

export const DRIFT_TESTS = ['ks', 'chisquare', 'ztest', 'wasserstein', 'jensenshannon', 'psi', 'l_infinity'] as const;
export type DriftTestName = (typeof DRIFT_TESTS)[number];

const threshold = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .refine((v) => v >= 0, 'must be ≥ 0');

export const driftColumnRuleSchema = z
  .strictObject({
    test: z
      .enum(DRIFT_TESTS, { error: `test must be one of ${DRIFT_TESTS.join(', ')}` })
      .optional()
      .describe('Statistical test or distance. Default: chosen from the column type and reference size, as Evidently does.'),
    threshold: threshold
      .optional()
      .describe('p-value below which (ks, chisquare, ztest) or distance at or above which (others) the column drifted. Defaults 0.05 / 0.1.'),
  })
  .describe('Drift test for one column or a glob of columns.');

export type DriftColumnRule = z.infer<typeof driftColumnRuleSchema>;

export const driftSettingsSchema = z
  .strictObject({
    share: z
      .number()
      .gt(0, 'must be > 0')
      .max(1, 'must be ≤ 1')
      .default(0.5)
      .describe('Dataset drift when the share of drifted columns reaches this. Default 0.5.'),
    fail: z.boolean().default(false).describe('Exit 1 (fail the step) on dataset drift. Default false.'),
    target: z.string().min(1).optional().describe('Target/label column: its drift is reported as label drift.'),
    prediction: z.string().min(1).optional().describe('Prediction column: its drift is reported as prediction drift.'),
    ignore: z.array(z.string().min(1)).default([]).describe('Columns (names or globs) left out of drift detection.'),
    columns: z
      .record(z.string().min(1, 'column name or glob must not be empty'), driftColumnRuleSchema)
      .default({})
      .describe('Test and threshold per column, keyed by exact name or glob.'),
  })
  .describe('Data drift detection settings.');

export type DriftSettings = z.infer<typeof driftSettingsSchema>;
/** Settings as a caller may write them (defaults not yet applied). */
export type DriftSettingsInput = z.input<typeof driftSettingsSchema>;
