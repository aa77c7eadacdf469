import { createProfiler, sampleOf, type Sample, type TableProfile } from '@mlci/core';

/** Profiles one column of values the way validation feeds them (numbers or strings). */
export function profileOf(values: Array<number | string | null>, numeric: boolean, exactCap?: number): TableProfile {
  const p = createProfiler([{ name: 'x', type: numeric ? 'number' : 'string' }], { exactCap });
  const c = p.column(0);
  for (const v of values) {
    if (v === null) c.addMissing();
    else if (numeric) c.addNumber(v as number);
    else c.addString(String(v));
  }
  return p.finish();
}

export function sampleFrom(values: Array<number | string | null>, numeric: boolean, exactCap?: number): Sample {
  return sampleOf(profileOf(values, numeric, exactCap).columns[0]!);
}

export function repeat<T>(value: T, n: number): T[] {
  return Array.from({ length: n }, () => value);
}
