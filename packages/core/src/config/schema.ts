import { z } from 'zod';
import { driftSettingsSchema } from './drift.js';
import { environmentsSchema } from './environments.js';
import { compareSettingsSchema, metricsRulesSchema } from './metrics.js';
import { pipelineSections } from './pipeline.js';

/**
 * `mlci.yml`: one file drives every step, locally and in any CI. Each section lives in its own module
 * (metrics rules, environments, drift, …) and is composed here; unknown top-level keys are rejected so typos surface.
 */
export const configSchema = z
  .strictObject({
    version: z.literal(1).optional().describe('Config format version. Currently 1.'),
    environments: environmentsSchema,
    metrics: metricsRulesSchema,
    compare: compareSettingsSchema,
    drift: driftSettingsSchema.optional(),
    ...pipelineSections,
  })
  .describe('mlci configuration (mlci.yml)');

export type MlciConfig = z.infer<typeof configSchema>;
