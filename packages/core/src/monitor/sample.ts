/**
 * A production sample's profile: the rows of one or more data files, optionally reduced to a seeded uniform sample
 * (reservoir sampling, Algorithm L) so a scheduled monitor profiles a bounded number of rows however large the
 * fetched file is. Memory holds at most `rows` rows of cell text; without `rows` every row is streamed and nothing
 * is kept.
 */
import { mulberry32 } from '../random.js';
import { openTable } from '../readers/index.js';
import type { ReadOptions } from '../readers/types.js';
import { compileCaster } from '../schema/cast.js';
import type { TableSchema } from '../schema/types.js';
import { createProfiler } from '../profile/profiler.js';
import type { ColumnProfiler, TableProfile } from '../profile/types.js';
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

interface Plan {
  cast: (text: string) => unknown;
  missing: Set<string> | null;
  sink: ColumnProfiler;
}

function feed(plans: Plan[], cells: ArrayLike<string | undefined>): void {
  for (let f = 0; f < plans.length; f++) {
    const plan = plans[f]!;
    const text = cells[f];
    if (text === undefined || (plan.missing === null ? text === '' : plan.missing.has(text))) {
      plan.sink.addMissing();
      continue;
    }
    const value = plan.cast(text);
    if (value === undefined) plan.sink.addInvalid();
    else if (typeof value === 'number') plan.sink.addNumber(value);
    else if (typeof value === 'boolean') plan.sink.addBoolean(value);
    else plan.sink.addString(value as string);
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
  const profiler = createProfiler(
    schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any' })),
    { exactCap: settings.exactCap },
  );
  const schemaMissing = schema.missingValues ?? [''];
  const plans: Plan[] = schema.fields.map((field, i) => {
    const list = field.missingValues ?? schemaMissing;
    return { cast: compileCaster(field), missing: list.length === 1 && list[0] === '' ? null : new Set(list), sink: profiler.column(i) };
  });
  // Kept rows are stored as one JSON string each: one flat allocation per row instead of an array of cells that may
  // be slices of the reader's chunk (bench/monitor.mjs, 1M rows, k = 100,000: peak RSS 254 MB → 197 MB).
  const reservoir = limit !== undefined ? new Reservoir<string>(limit, mulberry32(seed)) : undefined;
  let rowsSeen = 0;
  const cells: Array<string | undefined> = new Array(plans.length);
  for (const path of paths) {
    const table = await openTable(path, { ...settings.read });
    try {
      const index = new Map<string, number>();
      table.header.forEach((name, i) => {
        if (!index.has(name)) index.set(name, i);
      });
      const columns = schema.fields.map((f) => index.get(f.name) ?? -1);
      for await (const batch of table.batches) {
        for (const row of batch.rows) {
          rowsSeen++;
          if (reservoir) {
            reservoir.offer(() => JSON.stringify(columns.map((c) => (c >= 0 ? row[c] : null))));
          } else {
            for (let f = 0; f < columns.length; f++) cells[f] = columns[f]! >= 0 ? row[columns[f]!] : undefined;
            feed(plans, cells);
          }
        }
      }
    } finally {
      await table.close?.();
    }
  }
  if (reservoir) {
    for (const kept of reservoir.items) {
      const row = JSON.parse(kept) as Array<string | null>;
      for (let f = 0; f < row.length; f++) cells[f] = row[f] ?? undefined;
      feed(plans, cells);
    }
  }
  const profile = profiler.finish();
  // A column-less schema still has rows: keep the count honest.
  const rowsProfiled = reservoir ? reservoir.items.length : rowsSeen;
  return { profile: { ...profile, rows: rowsProfiled }, rowsSeen, rowsProfiled, method: reservoir && rowsSeen > limit! ? 'reservoir' : 'all', seed };
}
