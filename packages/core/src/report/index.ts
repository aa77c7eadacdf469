export * from './escape.js';
export * from './format.js';
export * from './render.js';
export * from './truncate.js';
