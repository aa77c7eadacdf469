export { runTraining, TAIL_LINES, type TrainSettings, type TrainOutcome } from './train.js';
export { flattenNumbers, type RunRecord } from './record.js';
export { hashPaths } from './hash.js';
export { TreeMemorySampler } from './memory.js';
