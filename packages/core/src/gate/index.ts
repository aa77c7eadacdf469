export * from './types.js';
export * from './ports.js';
export * from './evidence.js';
export * from './gate.js';
export * from './render.js';
export * from './webhook.js';
export * from '../config/environments.js';
