/**
 * DDSketch (Masson, Rim, Lee 2019): a quantile sketch with relative-error guarantee α on values. A value x > 0
 * falls into bucket i = ⌈log_γ x⌉ with γ = (1+α)/(1−α) and is represented by 2γ^i/(γ+1), which is within α·x of x;
 * negatives mirror into a second store, exact zeros (and |x| below MIN_INDEXABLE) are counted apart.
 * Bucket counts add on merge, so merging is exact, commutative and associative: the sketch of a whole file equals the
 * merge of its parts' sketches (as long as no store exceeds MAX_BUCKETS and collapses its lowest buckets).
 * Guarantee: the k-th smallest value returned is within α·|x_(k)| of the true k-th smallest value x_(k).
 */

export const DDSKETCH_ALPHA = 0.01;
const GAMMA = (1 + DDSKETCH_ALPHA) / (1 - DDSKETCH_ALPHA);
const INV_LOG_GAMMA = 1 / Math.log(GAMMA);
/** Buckets per sign: with α = 1% they span a value ratio of γ^2048 ≈ 10^17.8. */
export const MAX_BUCKETS = 2048;
/** Magnitudes below this count as zero. */
export const MIN_INDEXABLE = 1e-300;

export interface DenseStoreState {
  /** Bucket index of counts[0]. */
  offset: number;
  counts: number[];
}

export interface DDSketchState {
  alpha: number;
  zero: number;
  positive: DenseStoreState;
  negative: DenseStoreState;
}

/** Growable array of bucket counts indexed by an integer bucket key; collapses its lowest keys beyond MAX_BUCKETS. */
class DenseStore {
  counts = new Float64Array(0);
  /** Bucket key of counts[0]. */
  offset = 0;
  /** Lowest and highest non-empty keys; min > max when empty. */
  min = Infinity;
  max = -Infinity;

  add(key: number, count: number): void {
    if (key < this.offset || key >= this.offset + this.counts.length) this.grow(key);
    if (key < this.offset) key = this.offset; // below the kept range: collapsed into the lowest bucket
    this.counts[key - this.offset]! += count;
    if (key < this.min) this.min = key;
    if (key > this.max) this.max = key;
  }

  private grow(key: number): void {
    const empty = this.min > this.max;
    const hi = empty ? key : Math.max(this.max, key);
    const lo = Math.max(empty ? key : Math.min(this.min, key), hi - MAX_BUCKETS + 1);
    const size = Math.min(MAX_BUCKETS, Math.max(64, 2 * (hi - lo + 1)));
    // Leave the slack on the side that is growing.
    const start = !empty && key < this.offset ? hi - size + 1 : lo;
    const next = new Float64Array(size);
    if (!empty) {
      for (let k = this.min; k <= this.max; k++) {
        const c = this.counts[k - this.offset]!;
        if (c !== 0) next[Math.max(k, start) - start]! += c;
      }
    }
    this.counts = next;
    this.offset = start;
    if (!empty && this.min < start) this.min = start;
  }

  get total(): number {
    let t = 0;
    for (let k = this.min; k <= this.max; k++) t += this.counts[k - this.offset]!;
    return t;
  }

  toState(): DenseStoreState {
    if (this.min > this.max) return { offset: 0, counts: [] };
    return { offset: this.min, counts: Array.from(this.counts.subarray(this.min - this.offset, this.max - this.offset + 1)) };
  }

  static fromState(state: DenseStoreState): DenseStore {
    const store = new DenseStore();
    state.counts.forEach((c, i) => {
      if (c !== 0) store.add(state.offset + i, c);
    });
    return store;
  }

  /** Non-empty buckets in ascending key order. */
  *entries(): Generator<[key: number, count: number]> {
    for (let k = this.min; k <= this.max; k++) {
      const c = this.counts[k - this.offset]!;
      if (c !== 0) yield [k, c];
    }
  }
}

export class DDSketch {
  private positive = new DenseStore();
  private negative = new DenseStore();
  private zero = 0;

  add(value: number, count = 1): void {
    if (value > MIN_INDEXABLE) this.positive.add(Math.ceil(Math.log(value) * INV_LOG_GAMMA), count);
    else if (value < -MIN_INDEXABLE) this.negative.add(Math.ceil(Math.log(-value) * INV_LOG_GAMMA), count);
    else this.zero += count;
  }

  merge(other: DDSketch): void {
    for (const [k, c] of other.positive.entries()) this.positive.add(k, c);
    for (const [k, c] of other.negative.entries()) this.negative.add(k, c);
    this.zero += other.zero;
  }

  get count(): number {
    return this.zero + this.positive.total + this.negative.total;
  }

  /**
   * The buckets as a weighted sample in ascending value order: each bucket's representative value and its count.
   * Every represented value is within α of the values it stands for (relative).
   */
  weighted(): { values: number[]; counts: number[] } {
    const values: number[] = [];
    const counts: number[] = [];
    const neg = [...this.negative.entries()].reverse();
    for (const [k, c] of neg) {
      values.push(-representative(k));
      counts.push(c);
    }
    if (this.zero > 0) {
      values.push(0);
      counts.push(this.zero);
    }
    for (const [k, c] of this.positive.entries()) {
      values.push(representative(k));
      counts.push(c);
    }
    return { values, counts };
  }

  toState(): DDSketchState {
    return { alpha: DDSKETCH_ALPHA, zero: this.zero, positive: this.positive.toState(), negative: this.negative.toState() };
  }

  static fromState(state: DDSketchState): DDSketch {
    if (state.alpha !== DDSKETCH_ALPHA) throw new Error(`DDSketch alpha ${state.alpha} is not ${DDSKETCH_ALPHA}`);
    const s = new DDSketch();
    s.zero = state.zero;
    s.positive = DenseStore.fromState(state.positive);
    s.negative = DenseStore.fromState(state.negative);
    return s;
  }
}

function representative(key: number): number {
  return (2 * GAMMA ** key) / (GAMMA + 1);
}
