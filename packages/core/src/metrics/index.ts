export * from './confusion.js';
export * from './ranking.js';
export * from './logloss.js';
export * from './regression.js';
export * from './classification.js';
export * from './bootstrap.js';
