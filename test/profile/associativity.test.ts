/**
 * Sharding relies on merge order not mattering: (a+b)+c = a+(b+c) = c+(a+b) for everything merged exactly
 * (counts, min/max, exact values, DDSketch and HyperLogLog states), across the exact → sketch switch.
 */
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { createProfiler, mergeProfiles, type ColumnProfile, type TableProfile } from '@mlci/core';

const fields = [
  { name: 'x', type: 'number' },
  { name: 's', type: 'string' },
  { name: 'b', type: 'boolean' },
];

type Cell = number | string | boolean | null;

function profile(rows: Cell[][]): TableProfile {
  const p = createProfiler(fields, { exactCap: 8 });
  for (const r of rows) {
    const [x, s, b] = r;
    if (x === null) p.column(0).addMissing();
    else p.column(0).addNumber(x as number);
    if (s === null) p.column(1).addMissing();
    else p.column(1).addString(s as string);
    if (b === null) p.column(2).addMissing();
    else p.column(2).addBoolean(b as boolean);
  }
  return p.finish();
}

/** Drops what depends on summation order (checked to 1e-9 elsewhere) and Misra–Gries output (bounded, not exact). */
function exactPart(c: ColumnProfile): unknown {
  const copy = JSON.parse(JSON.stringify(c)) as Record<string, any>;
  delete copy.mean;
  delete copy.std;
  delete copy.sum;
  if (copy.state && 'm2' in copy.state) for (const k of ['mean', 'm2', 'sum', 'sumAbs']) delete copy.state[k];
  if (c.kind === 'categorical' && !c.topExact) {
    delete copy.top;
    delete copy.topError;
    delete copy.state.sketch.mg;
  }
  return copy;
}

const row = fc.tuple(
  fc.oneof(fc.constant(null), fc.integer({ min: -20, max: 20 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  fc.oneof(fc.constant(null), fc.string({ maxLength: 3 })),
  fc.oneof(fc.constant(null), fc.boolean()),
);

test('merging is associative and commutative on everything merged exactly', () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 40 }), fc.array(row, { maxLength: 40 }), fc.array(row, { maxLength: 40 }), (a, b, c) => {
      const [pa, pb, pc] = [profile(a), profile(b), profile(c)];
      const left = mergeProfiles(mergeProfiles(pa, pb), pc);
      const right = mergeProfiles(pa, mergeProfiles(pb, pc));
      const rotated = mergeProfiles(pc, mergeProfiles(pb, pa));
      const whole = profile([...a, ...b, ...c]);
      for (const merged of [left, right, rotated]) {
        expect(merged.rows).toBe(whole.rows);
        expect(merged.columns.map(exactPart)).toEqual(whole.columns.map(exactPart));
      }
    }),
    { numRuns: 300 },
  );
});
