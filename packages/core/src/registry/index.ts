export * from './tag.js';
export * from './metadata.js';
export * from './model-card.js';
