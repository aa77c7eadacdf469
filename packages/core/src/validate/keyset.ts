/**
 * The keys seen by `unique`, `primaryKey` and `uniqueKeys`, with the line of each key's first row.
 *
 * A Map of a million strings costs ~100 bytes a key and keeps the garbage collector busy re-marking it for the rest of
 * the pass (measured: 3–4x the time of the whole validation on a 1M-row file). Keys are stored instead as a 64-bit hash
 * (two 32-bit lanes, cyrb53's mixing) plus the line: 12-byte slots in one typed array with open addressing, kept at
 * most half full (24–48 bytes a key), no garbage. Two different keys collide with probability ~n²/2⁶⁵ (≈3·10⁻⁸ for a
 * million distinct keys), in which case the later one would be reported as a duplicate.
 */
export class KeySet {
  /** Slot i holds [hash lo, hash hi, line] at 3i: one cache line per probe instead of three. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size * 3);
    this.mask = size - 1;
  }

  /** The hash of the key last passed to addOrGet (two 32-bit lanes): what byte-range shards hand to their merge. */
  lastLo = 0;
  lastHi = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `key` first seen at `line` (≥ 1); returns 0 when it is new, else the line where it was first seen. */
  addOrGet(key: string, line: number): number {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    // A key's length is part of its identity: fold it in so a prefix cannot mix with its extension.
    h2 ^= key.length;
    this.lastLo = h1 | 0;
    this.lastHi = h2 | 0;
    return this.probe(h1 | 0, h2 | 0, line);
  }

  /** addOrGet for a key given by its hash (see lastLo/lastHi). */
  addHashOrGet(lo: number, hi: number, line: number): number {
    return this.probe(lo | 0, hi | 0, line);
  }

  private probe(h1: number, h2: number, line: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = (h1 ^ (h2 >>> 7)) & mask;
    for (;;) {
      const at = slot * 3;
      const seen = slots[at + 2]!;
      if (seen === 0) {
        slots[at] = h1;
        slots[at + 1] = h2;
        slots[at + 2] = line;
        if (++this.count * 2 > mask) this.grow();
        return 0;
      }
      if (slots[at] === h1 && slots[at + 1] === h2) return seen;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size * 3);
    this.mask = size - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.probe(old[at]!, old[at + 1]!, old[at + 2]!);
  }
}
