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
}

export interface Profiler {
  /** The profiler of column `index` (schema field order). */
  column(index: number): ColumnProfiler;
  finish(): unknown;
}
