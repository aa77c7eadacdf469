/**
 * Repeated values of a text column (categories, cities, segments): the cell's text maps to one shared string and a
 * flag that the value passed every per-value check before (constraints, PII). A repeat then costs a hash and one
 * comparison: no new string, no pattern match, no enum scan, no PII scan. A column with more distinct values than
 * CAPACITY is not low-cardinality: the memo reports itself full and the caller drops it.
 */
export class TextMemo {
  static readonly CAPACITY = 256;
  /** Open addressing: slot → entry index + 1 (0: empty). Four slots per entry keeps probes short. */
  private readonly slots = new Int32Array(TextMemo.CAPACITY * 4);
  private readonly hashes = new Int32Array(TextMemo.CAPACITY);
  readonly values: string[] = [];
  /** 1 once the entry's value passed every per-value check. */
  readonly clean = new Uint8Array(TextMemo.CAPACITY);
  /** Occurrences per entry not yet handed to the profiler. */
  readonly counts = new Int32Array(TextMemo.CAPACITY);
  /** Lookups and extra probes so far: past about one extra probe per lookup the memo is `crowded` (caller drops it). */
  private lookups = 0;
  private probes = 0;
  crowded = false;
  /** Where the last missed lookup would insert, and its hash. */
  private slot = 0;
  private hash = 0;

  /** The entry holding s[start, end), or -1 (then `add` inserts it). */
  lookup(s: string, start: number, end: number): number {
    this.lookups++;
    const n = end - start;
    // Hashing every character cost more than the checks it saves: the length and five sampled characters tell
    // typical category values apart, and the comparison below settles the rest.
    let h = n;
    if (n > 0) {
      h = Math.imul(h ^ s.charCodeAt(start), 0x01000193);
      h = Math.imul(h ^ s.charCodeAt(end - 1), 0x01000193);
      h = Math.imul(h ^ s.charCodeAt(start + (n >> 1)), 0x01000193);
      if (n > 3) {
        h = Math.imul(h ^ s.charCodeAt(start + 1), 0x01000193);
        h = Math.imul(h ^ s.charCodeAt(end - 2), 0x01000193);
      }
    }
    h ^= h >>> 15;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const e = slots[p]!;
      if (e === 0) {
        this.slot = p;
        this.hash = h;
        return -1;
      }
      if (this.hashes[e - 1] === h && sameText(this.values[e - 1]!, s, start, n)) return e - 1;
      // Values that share a length and sampled characters probe on; a column full of them is not worth memoizing.
      if (++this.probes > this.lookups + 4096) this.crowded = true;
    }
  }

  /** Inserts the text of the last missed lookup; returns its entry, or -1 when the memo is full. */
  add(text: string): number {
    const e = this.values.length;
    if (e >= TextMemo.CAPACITY) return -1;
    this.values.push(internalize(text));
    this.hashes[e] = this.hash;
    this.slots[this.slot] = e + 1;
    return e;
  }
}

/**
 * Whether s[start, start + n) is `v`. indexOf compares natively (measured 30 ns against 50–70 for a charCodeAt loop
 * and startsWith on 18-character values); it searches on only after a hash collision.
 */
function sameText(v: string, s: string, start: number, n: number): boolean {
  return v.length === n && s.indexOf(v, start) === start;
}

/**
 * V8's copy of `s` as an internalized string (what property keys are): two different internalized strings compare
 * unequal without looking at their characters, which speeds up the profiler's scans of known values.
 */
function internalize(s: string): string {
  const o: Record<string, true> = {};
  o[s] = true;
  return Object.keys(o)[0] ?? s;
}
