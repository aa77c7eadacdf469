export * from './runtime.js';
export * from './deployments.js';
