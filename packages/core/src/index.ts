export * from './errors.js';
export * from './findings.js';
export * from './ports.js';
export type * from './readers/types.js';
