import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DDSketch, DDSKETCH_ALPHA } from './ddsketch.js';
import { HyperLogLog, HLL_RELATIVE_ERROR, hashNumber, hashString } from './hll.js';
import { MisraGries, select } from './misra-gries.js';
import { orderStatistic } from './columns.js';

describe('DDSketch', () => {
  // Magnitudes 1e-5…1e12 (and zero) span fewer than 2048 buckets, so nothing collapses.
  const value = fc.oneof(fc.constant(0), fc.double({ min: 1e-5, max: 1e12, noNaN: true }), fc.double({ min: -1e12, max: -1e-5, noNaN: true }));

  test('every order statistic is within α (relative) of the true one', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), (xs) => {
        const s = new DDSketch();
        for (const x of xs) s.add(x);
        const sorted = [...xs].sort((a, b) => a - b);
        const w = s.weighted();
        for (let k = 0; k < sorted.length; k++) {
          const truth = sorted[k]!;
          const got = orderStatistic(w, k);
          // α exactly at bucket edges, plus floating-point rounding of γ^i.
          expect(Math.abs(got - truth)).toBeLessThanOrEqual(DDSKETCH_ALPHA * Math.abs(truth) * (1 + 1e-9));
        }
      }),
      { numRuns: 200 },
    );
  });

  test('merging is exact: the merged state equals the state of the concatenation', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true })), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true })), (a, b) => {
        const sa = new DDSketch();
        const sb = new DDSketch();
        const whole = new DDSketch();
        for (const x of a) sa.add(x), whole.add(x);
        for (const x of b) sb.add(x), whole.add(x);
        sa.merge(sb);
        expect(sa.toState()).toEqual(whole.toState());
        expect(DDSketch.fromState(whole.toState()).toState()).toEqual(whole.toState());
      }),
    );
  });

  test('a range wider than 2048 buckets collapses its lowest magnitudes, keeping the high ones accurate', () => {
    const s = new DDSketch();
    for (let e = -200; e <= 200; e++) s.add(10 ** e);
    const w = s.weighted();
    expect(w.counts.reduce((a, b) => a + b, 0)).toBe(401);
    const top = orderStatistic(w, 400);
    expect(Math.abs(top - 1e200) / 1e200).toBeLessThanOrEqual(DDSKETCH_ALPHA);
    expect(w.values.length).toBeLessThanOrEqual(2048);
  });
});

describe('HyperLogLog', () => {
  // Estimates should fall within 3 standard errors (3 × 1.04/√4096 ≈ 4.9%) essentially always.
  for (const n of [100, 5_000, 10_001, 13_000, 50_000, 1_000_000]) {
    test(`numbers: ${n} distinct within 3σ`, () => {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        h.addHash(hashNumber(i * 0.37 + 1));
        h.addHash(hashNumber(i * 0.37 + 1)); // duplicates do not count
      }
      expect(Math.abs(h.estimate() - n) / n).toBeLessThanOrEqual(3 * HLL_RELATIVE_ERROR);
    });
  }

  test('strings, and merge = union', () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 60_000; i++) a.addHash(hashString(`user-${i}`));
    for (let i = 30_000; i < 90_000; i++) b.addHash(hashString(`user-${i}`));
    a.merge(b);
    expect(Math.abs(a.estimate() - 90_000) / 90_000).toBeLessThanOrEqual(3 * HLL_RELATIVE_ERROR);
    expect(HyperLogLog.fromBase64(a.toBase64()).estimate()).toBe(a.estimate());
  });

  test('-0 and 0 are one value', () => {
    expect(hashNumber(-0)).toBe(hashNumber(0));
  });
});

describe('Misra–Gries', () => {
  test('counts are low by at most error ≤ n/(k+1), also after merges', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 300 }), { minLength: 1, maxLength: 5 }), (parts) => {
        const k = 8;
        const sketches = parts.map((p) => {
          const mg = new MisraGries(k);
          for (const v of p) mg.add(String(v));
          return mg;
        });
        const merged = sketches.reduce((a, b) => (a.merge(b), a));
        const truth = new Map<string, number>();
        for (const v of parts.flat()) truth.set(String(v), (truth.get(String(v)) ?? 0) + 1);
        const n = parts.flat().length;
        expect(merged.n).toBe(n);
        expect(merged.error).toBeLessThanOrEqual(n / (k + 1));
        for (const [v, c] of truth) {
          const est = merged.get(v) ?? 0;
          expect(c - est).toBeGreaterThanOrEqual(0);
          expect(c - est).toBeLessThanOrEqual(merged.error);
        }
      }),
    );
  });

  // The textbook algorithm over a Map: the hashed table must keep exactly these counters.
  class MapMisraGries {
    counters = new Map<string, number>();
    n = 0;
    error = 0;
    constructor(readonly k: number) {}
    add(v: string, c = 1): void {
      this.n += c;
      this.counters.set(v, (this.counters.get(v) ?? 0) + c);
      if (this.counters.size >= 2 * this.k) this.shrink();
    }
    merge(o: MapMisraGries): void {
      this.n += o.n;
      this.error += o.error;
      for (const [v, c] of o.counters) this.counters.set(v, (this.counters.get(v) ?? 0) + c);
      if (this.counters.size > this.k) this.shrink();
    }
    shrink(): void {
      const cut = [...this.counters.values()].sort((a, b) => a - b)[this.counters.size - 1 - this.k]!;
      this.error += cut;
      for (const [v, c] of this.counters) {
        if (c <= cut) this.counters.delete(v);
        else this.counters.set(v, c - cut);
      }
    }
  }

  test('keeps the same counters as the textbook Map version, also when hashes collide', () => {
    const hashes: Array<[string, (s: string) => number]> = [
      ['real hash', hashString],
      ['colliding hash', (s) => s.length % 3],
    ];
    for (const [, hash] of hashes) {
      fc.assert(
        fc.property(fc.array(fc.array(fc.string({ maxLength: 3 }), { maxLength: 200 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 6 }), (parts, k) => {
          const fast = parts.map((p) => {
            const mg = new MisraGries(k, hash);
            for (const v of p) mg.add(v);
            return mg;
          });
          const slow = parts.map((p) => {
            const mg = new MapMisraGries(k);
            for (const v of p) mg.add(v);
            return mg;
          });
          const a = fast.reduce((x, y) => (x.merge(y), x));
          const b = slow.reduce((x, y) => (x.merge(y), x));
          const values = [...b.counters.keys()].sort();
          expect(a.toState()).toEqual({ k, n: b.n, error: b.error, values, counts: values.map((v) => b.counters.get(v)) });
          for (const v of values) expect(a.get(v)).toBe(b.counters.get(v));
          const round = MisraGries.fromState(a.toState());
          expect(round.toState()).toEqual(a.toState());
        }),
      );
    }
  });
});

describe('select (Misra–Gries shrink)', () => {
  test('returns what sorting would put at the index, for any array (repeats included) and index', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 300 }), fc.nat(), (xs, at) => {
        const nth = at % xs.length;
        const sorted = Float64Array.from(xs).sort();
        expect(select(Float64Array.from(xs), xs.length, nth)).toBe(sorted[nth]);
      }),
      { numRuns: 500 },
    );
  });
});
