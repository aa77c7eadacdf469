export * from './compare.js';
export * from './metrics-file.js';
export * from './rules.js';
export * from './significance.js';
export { compareSettingsSchema, metricRuleSchema, metricsRulesSchema, type CompareSettings, type MetricRule } from '../config/metrics.js';
