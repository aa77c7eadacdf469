/**
 * Exact value → count tables for the profiler's hot path. A Map<number, …> boxes every double key it is asked
 * about (an allocation per cell), so numbers go into an open-addressing table over typed arrays; strings keep one
 * Map lookup per cell by mapping each value to a slot in a typed count array.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Finite doubles → counts. Keys must be finite and -0 normalised to 0 by the caller; NaN marks an empty slot. */
export class NumberCounts {
  private keys: Float64Array;
  private vals: Float64Array;
  private mask: number;
  size = 0;

  constructor(capacity = 64) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Float64Array(n).fill(NaN);
    this.vals = new Float64Array(n);
    this.mask = n - 1;
  }

  private slot(x: number): number {
    f64[0] = x;
    let h = Math.imul(u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  add(x: number, count: number): void {
    const keys = this.keys;
    let i = this.slot(x);
    for (;;) {
      const k = keys[i]!;
      if (k === x) {
        this.vals[i]! += count;
        return;
      }
      if (k !== k) {
        keys[i] = x;
        this.vals[i] = count;
        if (++this.size * 2 > keys.length) this.grow();
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const n = oldKeys.length * 2;
    this.keys = new Float64Array(n).fill(NaN);
    this.vals = new Float64Array(n);
    this.mask = n - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === k) this.add(k, oldVals[i]!);
    }
  }

  forEach(fn: (value: number, count: number) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === k) fn(k, this.vals[i]!);
    }
  }

  /** Values ascending with their counts. */
  sorted(): { values: number[]; counts: number[] } {
    const order: Array<[number, number]> = [];
    this.forEach((v, c) => order.push([v, c]));
    order.sort((a, b) => a[0] - b[0]);
    return { values: order.map((e) => e[0]), counts: order.map((e) => e[1]) };
  }
}

/** Up to this many keys, StringCounts finds a value by comparing strings instead of a Map lookup. */
const SCANNED = 16;

/** Strings → counts with one Map lookup (or a few comparisons) per added value. */
export class StringCounts {
  private index = new Map<string, number>();
  private keys: string[] = [];
  private vals = new Float64Array(64);

  get size(): number {
    return this.keys.length;
  }

  add(s: string, count: number): void {
    const keys = this.keys;
    let i: number | undefined;
    if (keys.length <= SCANNED) {
      // A cell is a fresh string: comparing it with a few keys beats hashing it for the Map (3M cells of 5–12
      // categories: 290 → 200 ms).
      for (let k = 0; k < keys.length; k++) {
        if (keys[k] === s) {
          this.vals[k]! += count;
          return;
        }
      }
    } else i = this.index.get(s);
    if (i === undefined) {
      i = this.keys.length;
      this.index.set(s, i);
      this.keys.push(s);
      if (i >= this.vals.length) {
        const next = new Float64Array(this.vals.length * 2);
        next.set(this.vals);
        this.vals = next;
      }
    }
    this.vals[i]! += count;
  }

  get(s: string): number | undefined {
    const i = this.index.get(s);
    return i === undefined ? undefined : this.vals[i];
  }

  forEach(fn: (value: string, count: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) fn(this.keys[i]!, this.vals[i]!);
  }

  /** Values in ascending UTF-16 code-unit order with their counts. */
  sorted(): { values: string[]; counts: number[] } {
    const order = this.keys.map((_, i) => i);
    order.sort((a, b) => (this.keys[a]! < this.keys[b]! ? -1 : this.keys[a]! > this.keys[b]! ? 1 : 0));
    return { values: order.map((i) => this.keys[i]!), counts: order.map((i) => this.vals[i]!) };
  }
}
