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
  /** Where the last missed lookup would insert, and its hash. */
  private slot = 0;
  private hash = 0;

  /** The entry holding s[start, end), or -1 (then `add` inserts it). */
  lookup(s: string, start: number, end: number): number {
    // FNV-1a over UTF-16 code units.
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    const slots = this.slots;
    const mask = slots.length - 1;
    const n = end - start;
    for (let p = (h ^ (h >>> 15)) & mask; ; p = (p + 1) & mask) {
      const e = slots[p]!;
      if (e === 0) {
        this.slot = p;
        this.hash = h;
        return -1;
      }
      const v = this.values[e - 1]!;
      if (this.hashes[e - 1] === h && v.length === n && s.startsWith(v, start)) return e - 1;
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
 * V8's copy of `s` as an internalized string (what property keys are): two different internalized strings compare
 * unequal without looking at their characters, which speeds up the profiler's scans of known values.
 */
function internalize(s: string): string {
  const o: Record<string, true> = {};
  o[s] = true;
  return Object.keys(o)[0] ?? s;
}
