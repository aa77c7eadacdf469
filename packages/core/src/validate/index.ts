export type * from './types.js';
export { validateTable, mapHeader, type TableValidationOptions } from './engine.js';
export { validateFiles, resolveDataFiles, validationJson, writeValidationOutputs, type ValidateSettings, type ValidationOutputs } from './files.js';
export { renderJUnit, escapeXml, type JUnitOptions } from './junit.js';
export { detectPii, luhnValid, ibanValid, PII_LABELS, type PiiKind } from './pii.js';
export { renderValidationSummary, type ValidationSummaryOptions } from './summary.js';
export { validateShard, validateShardOf, shardInputs, mergeShards, parseShardSpec, readShardState, resolveShardDirs, writeShardState, SHARD_FILE, type ShardSpec, type ShardState, type ShardPiece } from './shard.js';
export { chooseThreads, parseThreadCount, validateInThreads, THREADS_MIN_BYTES, type ThreadChoice } from './threads.js';
