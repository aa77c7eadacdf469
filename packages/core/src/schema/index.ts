export * from './types.js';
export * from './parse.js';
export { compileCaster, castSchemaValue, describeType, isPlainDecimal, isPlainInteger, type Caster, type CastValue } from './cast.js';
export { parseIsoDate, parseIsoDateTime, parseIsoTime, compileStrptime, formatTemporal } from './temporal.js';
export { inferSchema, stringifySchema, OBSERVED_KEY, type InferOptions, type ObservedRange } from './infer.js';
