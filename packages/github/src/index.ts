export * from './runtime.js';
export * from './deployments.js';
export * from './validate-data.js';
export * from './protection-rule.js';
export * from './registry.js';
