export * from './compare.js';
export * from './metrics-file.js';
export * from './rules.js';
export { intervalTest, mcnemarExact, pairedTest, pairOutcomes, readOutcomes, type Outcomes, type PairedOutcomes, type PairedTestOptions, type SignificanceResult } from './significance.js';
export { compareSettingsSchema, metricRuleSchema, metricsRulesSchema, type CompareSettings, type MetricRule } from '../config/metrics.js';
export * from './run.js';
