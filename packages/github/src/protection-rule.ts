/** Custom deployment protection rule: a GitHub App webhook that approves or rejects on the run's gate evidence. */
export * from './protection-rule/app-auth.js';
export * from './protection-rule/server.js';
