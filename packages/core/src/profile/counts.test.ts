import { expect, test } from 'vitest';
import fc from 'fast-check';
import { NumberCounts, StringCounts } from './counts.js';

test('NumberCounts counts like a Map, through growth', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 2000 }), (xs) => {
      const table = new NumberCounts(4);
      const map = new Map<number, number>();
      for (const x0 of xs) {
        const x = x0 + 0;
        table.add(x, 1);
        map.set(x, (map.get(x) ?? 0) + 1);
      }
      const expected = [...map.entries()].sort((a, b) => a[0] - b[0]);
      const got = table.sorted();
      expect(table.size).toBe(map.size);
      expect(got.values).toEqual(expected.map((e) => e[0]));
      expect(got.counts).toEqual(expected.map((e) => e[1]));
    }),
  );
});

test('StringCounts counts like a Map and sorts by code unit', () => {
  const s = new StringCounts();
  for (const v of ['b', 'a', 'b', 'é', 'B', ...Array.from({ length: 200 }, (_, i) => `k${i % 90}`)]) s.add(v, 1);
  const { values, counts } = s.sorted();
  expect(values.slice(0, 3)).toEqual(['B', 'a', 'b']);
  expect(values[values.length - 1]).toBe('é');
  expect(counts[2]).toBe(2);
  expect(s.size).toBe(4 + 90);
  expect(s.get('k5')).toBe(3); // 5, 95, 185
});

test('StringCounts counts like a Map before and after it outgrows the scanned keys', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 500 }), fc.integer({ min: 1, max: 3 }), (ids, weight) => {
      const s = new StringCounts();
      const map = new Map<string, number>();
      // Fresh strings each time, as the parser hands them over.
      for (const id of ids) {
        const v = ['v', id].join('');
        s.add(v, weight);
        map.set(v, (map.get(v) ?? 0) + weight);
      }
      expect(s.size).toBe(map.size);
      for (const [v, c] of map) expect(s.get(v)).toBe(c);
      const { values, counts } = s.sorted();
      expect(Object.fromEntries(values.map((v, i) => [v, counts[i]]))).toEqual(Object.fromEntries(map));
    }),
  );
});
