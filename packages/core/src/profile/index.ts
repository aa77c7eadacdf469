export type * from './types.js';
export { createProfiler, mergeProfiles, DEFAULT_EXACT_CAP, PROFILE_VERSION, type TableProfiler } from './profiler.js';
export { kindOf, renderTime, PROFILE_QUANTILES, HISTOGRAM_BINS, TOP_VALUES, HEAVY_HITTER_COUNTERS } from './columns.js';
export { DDSKETCH_ALPHA } from './ddsketch.js';
export { HLL_RELATIVE_ERROR } from './hll.js';
export { schemaProfiler, fieldColumns, profileFile, profileFiles, inferSchemaFromFile, readProfile, DEFAULT_INFER_ROWS, type ProfileFilesSettings, type SchemaProfiler } from './table.js';
