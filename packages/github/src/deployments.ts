/** Deployments: record a gated deployment, its statuses, promotion checks and rollback targets. */
export * from './deployments/octokit.js';
export * from './deployments/client.js';
export * from './deployments/target.js';
export * from './deployments/record.js';
export * from './deployments/gate-action.js';
