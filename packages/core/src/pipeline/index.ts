export * from './types.js';
export * from './run.js';
export * from './baseline.js';
export * from './summary.js';
export * from '../config/pipeline.js';
export * from './starter.js';
