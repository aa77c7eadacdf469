import { expect } from 'vitest';
import type { ColumnProfile, TableProfile } from '@mlci/core';

/** Profiles equal except for float summation order (mean/std/sum within 1e-9 relative); the sketches merge exactly. */
export function expectSameProfile(a: TableProfile, b: TableProfile): void {
  expect(a.rows).toBe(b.rows);
  const strip = (c: ColumnProfile) => {
    const copy = { ...(c as unknown as Record<string, unknown>) };
    for (const k of ['mean', 'std', 'sum', 'state']) delete copy[k];
    return copy;
  };
  expect(a.columns.map(strip)).toEqual(b.columns.map(strip));
  a.columns.forEach((c, i) => {
    const d = b.columns[i]!;
    for (const k of ['mean', 'std', 'sum'] as const) {
      const x = (c as unknown as Record<string, unknown>)[k], y = (d as unknown as Record<string, unknown>)[k];
      if (typeof x === 'number' && typeof y === 'number') expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
      else expect(x).toEqual(y);
    }
  });
}
