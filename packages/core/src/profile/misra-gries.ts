/**
 * Misra–Gries heavy hitters with k counters (Misra & Gries 1982; mergeable per Agarwal et al. 2012).
 * Each kept count underestimates the true count by at most `error` ≤ n/(k+1), where n is the number of values seen;
 * a value absent from the sketch occurs at most `error` times. Merging adds counters, then subtracts the (k+1)-th
 * largest and drops non-positive ones; the merged error is the sum of both errors plus the subtracted amount, so the
 * n/(k+1) bound holds for the merged stream too.
 */

export interface MisraGriesState {
  k: number;
  /** Values seen. */
  n: number;
  /** Upper bound on how much any count below underestimates its value's true count. */
  error: number;
  values: string[];
  counts: number[];
}

export class MisraGries {
  readonly counters = new Map<string, number>();
  n = 0;
  error = 0;

  constructor(readonly k: number) {}

  add(value: string, count = 1): void {
    this.n += count;
    const c = this.counters.get(value);
    if (c !== undefined) {
      this.counters.set(value, c + count);
      return;
    }
    this.counters.set(value, count);
    // Shrinking only at 2k counters keeps the amortised cost per value O(log k).
    if (this.counters.size >= 2 * this.k) this.shrink();
  }

  merge(other: MisraGries): void {
    this.n += other.n;
    this.error += other.error;
    for (const [v, c] of other.counters) this.counters.set(v, (this.counters.get(v) ?? 0) + c);
    if (this.counters.size > this.k) this.shrink();
  }

  /**
   * Keep the k largest counters, all reduced by the (k+1)-th largest count. Each shrink removes at least (k+1)·cut
   * from the counters' total, so the summed cuts never exceed n/(k+1).
   */
  private shrink(): void {
    // Native typed-array sort (ascending) is several times faster than sorting boxed numbers with a comparator.
    const counts = new Float64Array(this.counters.size);
    let i = 0;
    for (const c of this.counters.values()) counts[i++] = c;
    counts.sort();
    const cut = counts[counts.length - 1 - this.k]!;
    this.error += cut;
    for (const [v, c] of this.counters) {
      if (c <= cut) this.counters.delete(v);
      else this.counters.set(v, c - cut);
    }
  }

  toState(): MisraGriesState {
    const values = [...this.counters.keys()].sort();
    return { k: this.k, n: this.n, error: this.error, values, counts: values.map((v) => this.counters.get(v)!) };
  }

  static fromState(state: MisraGriesState): MisraGries {
    const mg = new MisraGries(state.k);
    state.values.forEach((v, i) => mg.counters.set(v, state.counts[i]!));
    mg.n = state.n;
    mg.error = state.error;
    return mg;
  }
}
