export * from './context.js';
export * from './http.js';
export * from './notes.js';
export * from './baseline.js';
export * from './openmetrics.js';
export * from './dotenv.js';
export * from './deployments.js';
export * from './packages.js';
