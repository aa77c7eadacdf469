/**
 * The profiler contract. Validation makes one pass over the data and feeds each cell, already cast to its
 * Table Schema type, to the column's profiler; drift and sharding consume the finished, mergeable profiles.
 */

/** How a column is summarised, derived from its Table Schema type. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime';

export interface ProfileField {
  name: string;
  /** Table Schema type: string, number, integer, boolean, date, datetime, time, year, any. */
  type: string;
  /** Table Schema format (e.g. a date pattern), kept so data profiled later against this profile casts alike. */
  format?: string | undefined;
}

export interface ColumnProfiler {
  /** number, integer, year; date/datetime/time as milliseconds since the epoch (time: since midnight). */
  addNumber(value: number): void;
  /** string and any. */
  addString(value: string): void;
  addBoolean(value: boolean): void;
  /** A value listed in missingValues. */
  addMissing(): void;
  /** A value that failed its type cast: counted, kept out of the statistics. */
  addInvalid(): void;
  /** Optional bulk forms, same result as one call per value in order: validation hands over a batch per column. */
  addNumbers?(values: Float64Array, count: number): void;
  addStrings?(values: readonly string[], count: number): void;
  /**
   * Optional: values[i] counts[i] times, for i < n (counts of 0 add nothing). The same result as adding each value
   * that many times while the column's counts are exact; once it keeps sketches, a valid sketch of the same values
   * in another order. Validation hands over repeated text values this way (see validate/memo.ts).
   */
  addStringCounts?(values: readonly string[], counts: Int32Array, n: number): void;
}

export interface Profiler {
  /** The profiler of column `index` (schema field order). */
  column(index: number): ColumnProfiler;
  finish(): unknown;
}

/** A value in a profile's human summary: numbers, ISO text for date/datetime/time columns, strings, booleans. */
export type ProfileValue = number | string | boolean;

export interface TopValue {
  value: ProfileValue;
  count: number;
}

export interface Histogram {
  /** Bin edges, ascending (`counts.length + 1` of them); bins are [e_i, e_i+1), the last one closed. */
  edges: ProfileValue[];
  counts: number[];
  /** False when the counts come from the quantile sketch: a value may sit in the bin next to its own. */
  exact: boolean;
}

/** Exact multiset of a column's values, kept while the column has at most `exactCap` distinct values. */
export interface ExactCounts<T> {
  /** Distinct values, ascending. */
  values: T[];
  counts: number[];
}

interface ColumnProfileBase {
  name: string;
  /** Table Schema type. */
  type: string;
  /** Table Schema format, when the profiled schema had one. */
  format?: string;
  kind: ColumnKind;
  /** Non-missing values that passed their type cast (including NaN/±Infinity for numbers). */
  count: number;
  missing: number;
  invalid: number;
  distinct: number;
  /** False when `distinct` is a HyperLogLog estimate (relative standard error 1.6%). */
  distinctExact: boolean;
  /** Most frequent values, most frequent first (ties: ascending value). At most 10. */
  top: TopValue[];
  /** False when counts come from a Misra–Gries sketch: each may be low by at most `topError`. */
  topExact: boolean;
  topError?: number;
}

export interface NumericState {
  /** Finite values. */
  n: number;
  mean: number;
  /** Sum of squared deviations from the mean (Welford/Chan). */
  m2: number;
  sum: number;
  /** Sum of |x|: bounds the error of sketch-based Wasserstein distances. */
  sumAbs: number;
  min: number;
  max: number;
  nan: number;
  posInf: number;
  negInf: number;
  exact: ExactCounts<number> | null;
  sketch: { ddsketch: import('./ddsketch.js').DDSketchState; hll: string } | null;
}

export interface NumericColumnProfile extends ColumnProfileBase {
  kind: 'numeric' | 'datetime';
  /** Datetime columns render min/max/mean/quantiles/edges as ISO text; `std` stays in milliseconds. */
  min: ProfileValue | null;
  max: ProfileValue | null;
  mean: ProfileValue | null;
  /** Sample standard deviation (n−1), as pandas' describe(); null below two values. */
  std: number | null;
  sum: number | null;
  nan: number;
  infinite: number;
  /** Linear-interpolated quantiles (pandas/numpy default) when exact; else the sketch's order statistic. */
  quantiles: Record<string, ProfileValue>;
  /** False when quantiles come from DDSketch: each within 1% (relative) of the true order statistic. */
  quantilesExact: boolean;
  histogram: Histogram | null;
  state: NumericState;
}

export interface CategoricalState {
  minLength: number;
  maxLength: number;
  exact: ExactCounts<string> | null;
  sketch: { hll: string; mg: import('./misra-gries.js').MisraGriesState } | null;
}

export interface CategoricalColumnProfile extends ColumnProfileBase {
  kind: 'categorical';
  minLength: number | null;
  maxLength: number | null;
  state: CategoricalState;
}

export interface BooleanColumnProfile extends ColumnProfileBase {
  kind: 'boolean';
  true: number;
  false: number;
}

export type ColumnProfile = NumericColumnProfile | CategoricalColumnProfile | BooleanColumnProfile;

/** profile.json: human summary plus the mergeable state; profiles of a file's parts merge into the whole's. */
export interface TableProfile {
  version: 1;
  rows: number;
  /** Distinct values kept exactly per column before switching to sketches. */
  exactCap: number;
  columns: ColumnProfile[];
}

export interface ProfilerOptions {
  /** Distinct values per column kept exactly (value → count) before switching to sketches. Default 10,000. */
  exactCap?: number | undefined;
}
