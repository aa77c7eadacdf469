/** Model registry on GitHub releases, with stages from the Deployments API. */
export * from './registry/releases.js';
export * from './registry/stages.js';
export * from './registry/publish-action.js';
