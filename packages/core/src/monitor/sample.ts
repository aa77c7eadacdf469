/**
 * A production sample's profile: the rows of one or more data files, optionally reduced to a seeded uniform sample
 * (reservoir sampling, Algorithm L) so a scheduled monitor profiles a bounded number of rows however large the
 * fetched file is. Memory holds at most `rows` rows of cell text; without `rows` every row is streamed and nothing
 * is kept.
 */
import { mulberry32 } from '../random.js';
import { openTable } from '../readers/index.js';
import type { ReadOptions } from '../readers/types.js';
import type { TableSchema } from '../schema/types.js';
import { fieldColumns, schemaProfiler } from '../profile/table.js';
import type { TableProfile } from '../profile/types.js';
import { UsageError } from '../errors.js';

export interface SampleSettings {
  schema: TableSchema;
  read?: Pick<ReadOptions, 'delimiter' | 'quote' | 'format' | 'header'> | undefined;
  /** Profile at most this many rows, drawn uniformly at random over all files. Undefined: every row. */
  rows?: number | undefined;
  /** Seed of the sample: the same files and seed give the same sample. Default 0. */
  seed?: number | undefined;
  exactCap?: number | undefined;
}

export interface SampledProfile {
  profile: TableProfile;
  /** Rows read from the files. */
  rowsSeen: number;
  /** Rows profiled (≤ rowsSeen). */
  rowsProfiled: number;
  /** 'all' when every row was profiled, 'reservoir' when a seeded uniform sample was, 'profile' when a profile.json was given. */
  method: 'all' | 'reservoir' | 'profile';
  seed: number;
}


/**
 * Reservoir sampling, Algorithm L (Li 1994): after the reservoir fills, skips ahead geometrically, so the random
 * draws are O(k·log(n/k)) rather than one per row. Every row ends up in the sample with probability k/n.
 */
export class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;
  private w = 1;
  /** Index of the next row to keep once the reservoir is full. */
  private next: number;
  constructor(
    readonly size: number,
    private readonly random: () => number,
  ) {
    this.next = size - 1;
  }

  /** Offers the next item; `make` is called only when the item is kept (so skipped rows cost no copy). */
  offer(make: () => T): void {
    const i = this.seen++;
    if (i < this.size) {
      this.items.push(make());
      if (i === this.size - 1) this.advance();
      return;
    }
    if (i === this.next) {
      this.items[Math.floor(this.random() * this.size)] = make();
      this.advance();
    }
  }

  get count(): number {
    return this.seen;
  }

  private advance(): void {
    // random() may return 0; 1 - random() is in (0, 1], so the logarithms stay finite.
    this.w *= Math.exp(Math.log(1 - this.random()) / this.size);
    this.next += Math.floor(Math.log(1 - this.random()) / Math.log1p(-this.w)) + 1;
  }
}


/**
 * Profiles the rows of `paths` as one table, cast by `schema` (columns matched by name per file; a column a file
 * lacks counts as missing there). With `rows`, profiles a seeded reservoir sample of that many rows.
 */
export async function profileSample(paths: string[], settings: SampleSettings): Promise<SampledProfile> {
  if (paths.length === 0) throw new UsageError('no data files given', { fix: 'Name one or more data files', code: 'usage' });
  const { schema } = settings;
  const limit = settings.rows;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new UsageError(`sample size ${limit} is not a positive whole number`, { where: 'sample-rows', fix: 'Use a whole number such as 10000, or leave it empty to profile every row' });
  }
  const seed = settings.seed ?? 0;
  const { profiler, feed } = schemaProfiler(schema, { exactCap: settings.exactCap });
  const inOrder = schema.fields.map((_, f) => f);
  // Kept rows are stored as one JSON string each: one flat allocation per row instead of an array of cells that may
  // be slices of the reader's chunk (bench/monitor.mjs, 1M rows, k = 100,000: peak RSS 254 MB → 197 MB).
  const reservoir = limit !== undefined ? new Reservoir<string>(limit, mulberry32(seed)) : undefined;
  let rowsSeen = 0;
  for (const path of paths) {
    const table = await openTable(path, { ...settings.read });
    try {
      const columns = fieldColumns(schema, table.header);
      for await (const batch of table.batches) {
        for (const row of batch.rows) {
          rowsSeen++;
          if (reservoir) {
            reservoir.offer(() => JSON.stringify(columns.map((c) => (c >= 0 ? row[c] : null))));
          } else {
            feed(row, columns);
          }
        }
      }
    } finally {
      await table.close?.();
    }
  }
  if (reservoir) {
    for (const kept of reservoir.items) {
      const row = (JSON.parse(kept) as Array<string | null>).map((cell) => cell ?? undefined);
      feed(row, inOrder);
    }
  }
  const profile = profiler.finish();
  // A column-less schema still has rows: keep the count honest.
  const rowsProfiled = reservoir ? reservoir.items.length : rowsSeen;
  return { profile: { ...profile, rows: rowsProfiled }, rowsSeen, rowsProfiled, method: reservoir && rowsSeen > limit! ? 'reservoir' : 'all', seed };
}
