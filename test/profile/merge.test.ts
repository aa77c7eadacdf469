/**
 * Profiles of a file's parts merge into the profile of the whole: split into k random parts, profile each, merge
 * (in random order and grouping), compare with one pass over the whole. Exact statistics must be equal; mean/std/sum
 * within 1e-9 relative (floating-point summation order); sketched statistics: DDSketch and HyperLogLog states merge
 * exactly, so quantiles/histograms/distinct estimates are equal too; Misra–Gries top values stay within their bound.
 */
import { describe, expect, test } from 'vitest';
import { mergeProfiles, type ColumnProfile, type ProfileField, type TableProfile } from '@mlci/core';
import { profileRows, randomSplit, readCsv, rng, seattleWeatherPath, shuffle } from './helpers.js';

function closeRel(a: number | null, b: number | null, tol = 1e-9): void {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(a), Math.abs(b)));
}

/** Merge in a random binary tree: associativity and commutativity both get exercised. */
function mergeRandomly(parts: TableProfile[], random: () => number): TableProfile {
  let pool = shuffle(parts, random);
  while (pool.length > 1) {
    const i = Math.floor(random() * (pool.length - 1));
    const merged = random() < 0.5 ? mergeProfiles(pool[i]!, pool[i + 1]!) : mergeProfiles(pool[i + 1]!, pool[i]!);
    pool = [...pool.slice(0, i), merged, ...pool.slice(i + 2)];
  }
  return pool[0]!;
}

/** A profile without the fields that depend on summation order, and without Misra–Gries output (checked apart). */
function orderFree(c: ColumnProfile): unknown {
  const { ...copy } = c as unknown as Record<string, unknown>;
  for (const k of ['mean', 'std', 'sum']) delete copy[k];
  if (c.kind === 'numeric' || c.kind === 'datetime') {
    const { mean: _m, m2: _m2, sum: _s, sumAbs: _a, ...state } = c.state;
    copy.state = state;
  }
  if (c.kind === 'categorical' && !c.topExact) {
    delete copy.top;
    delete copy.topError;
    copy.state = { ...c.state, sketch: { hll: c.state.sketch!.hll } };
  }
  return copy;
}

function expectSameProfile(merged: TableProfile, whole: TableProfile): void {
  expect(merged.rows).toBe(whole.rows);
  expect(merged.columns.map((c) => c.name)).toEqual(whole.columns.map((c) => c.name));
  whole.columns.forEach((w, i) => {
    const m = merged.columns[i]!;
    expect(orderFree(m), w.name).toEqual(orderFree(w));
    if ((w.kind === 'numeric' || w.kind === 'datetime') && (m.kind === 'numeric' || m.kind === 'datetime')) {
      if (w.kind === 'numeric') {
        closeRel(m.mean as number | null, w.mean as number | null);
        closeRel(m.sum, w.sum);
      }
      closeRel(m.std, w.std);
      closeRel(m.state.mean, w.state.mean);
      closeRel(m.state.m2, w.state.m2);
    }
  });
}

const seattleFields: ProfileField[] = [
  { name: 'date', type: 'date' },
  { name: 'precipitation', type: 'number' },
  { name: 'temp_max', type: 'number' },
  { name: 'temp_min', type: 'number' },
  { name: 'wind', type: 'number' },
  { name: 'weather', type: 'string' },
];

describe('seattle-weather.csv split into random parts', () => {
  const { rows } = readCsv(seattleWeatherPath);
  // exactCap 10,000 keeps every column exact; 50 pushes date and the temperatures into their sketches.
  for (const exactCap of [10_000, 50]) {
    for (const k of [2, 3, 7]) {
      test(`k=${k}, exactCap=${exactCap}`, () => {
        const random = rng(k * 1000 + exactCap);
        const whole = profileRows(seattleFields, rows, exactCap);
        expect(whole.columns.filter((c) => !c.distinctExact).length).toBe(exactCap === 50 ? 5 : 0);
        const parts = randomSplit(rows, k, random).map((part) => profileRows(seattleFields, part, exactCap));
        expectSameProfile(mergeRandomly(parts, random), whole);
      });
    }
  }

  test('the whole file: hand-checkable facts', () => {
    const p = profileRows(seattleFields, rows);
    expect(p.rows).toBe(1461); // 1462 lines minus the header
    const date = p.columns[0]!;
    expect(date.kind === 'datetime' && [date.min, date.max]).toEqual(['2012-01-01', '2015-12-31']);
    const weather = p.columns[5]!;
    expect(weather.distinct).toBe(5); // drizzle, fog, rain, snow, sun
    expect(weather.top[0]).toEqual({ value: 'rain', count: 641 }); // grep -c ',rain$'
  });
});

/** 200k rows with exact, sketched, missing and invalid cells: normal, lognormal, ints, Zipf strings, booleans, times. */
function generated(n: number, seed: number): { fields: ProfileField[]; rows: string[][] } {
  const random = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const fields: ProfileField[] = [
    { name: 'x', type: 'number' },
    { name: 'amount', type: 'number' },
    { name: 'age', type: 'integer' },
    { name: 'city', type: 'string' },
    { name: 'segment', type: 'string' },
    { name: 'flag', type: 'boolean' },
    { name: 'ts', type: 'datetime' },
  ];
  // P(city-k) ≈ 1/k²: a few heavy hitters, then ~18k rows of rare names (beyond the exact cap).
  const zipfCity = () => {
    const k = Math.floor(1 / (1 - random()));
    return k <= 10 ? `city-${k}` : `city-${k}-${Math.floor(random() * 1e6)}`;
  };
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const missing = random() < 0.01;
    rows.push([
      missing ? '' : String(normal() * 10 + 3),
      (Math.exp(normal() + 3) - 5).toFixed(2),
      random() < 0.001 ? 'n/a' : String(18 + Math.floor(random() * 73)),
      zipfCity(),
      ['a', 'b', 'c', 'd', 'e'][Math.floor(random() ** 2 * 5)]!,
      random() < 0.3 ? 'true' : 'false',
      new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 4 * 365 * 86400) * 1000).toISOString(),
    ]);
  }
  return { fields, rows };
}

describe('a generated 200k-row table split into random parts', () => {
  const { fields, rows } = generated(200_000, 7);
  const whole = profileRows(fields, rows);

  test('the generated table exercises both exact and sketched columns', () => {
    const exact = whole.columns.map((c) => c.distinctExact);
    expect(exact).toEqual([false, false, true, false, true, true, false]);
    expect(whole.columns[0]!.missing).toBeGreaterThan(1000);
    expect(whole.columns[2]!.invalid).toBeGreaterThan(100);
  });

  for (const k of [2, 5]) {
    test(`k=${k}`, () => {
      const random = rng(k);
      const parts = randomSplit(rows, k, random).map((part) => profileRows(fields, part));
      const merged = mergeRandomly(parts, random);
      expectSameProfile(merged, whole);
      // Misra–Gries after merging: every reported count is low by at most topError ≤ n/(k+1).
      const truth = new Map<string, number>();
      for (const r of rows) truth.set(r[3]!, (truth.get(r[3]!) ?? 0) + 1);
      const city = merged.columns[3]!;
      expect(city.topExact).toBe(false);
      expect(city.topError!).toBeLessThanOrEqual(200_000 / 1001);
      const trueTop = [...truth.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
      for (const t of city.top) {
        const actual = truth.get(t.value as string)!;
        expect(actual - t.count).toBeGreaterThanOrEqual(0);
        expect(actual - t.count).toBeLessThanOrEqual(city.topError!);
      }
      // The true heaviest values are found (they are far above the error).
      expect(city.top.slice(0, 3).map((t) => t.value)).toEqual(trueTop.slice(0, 3).map((t) => t[0]));
    });
  }
});
