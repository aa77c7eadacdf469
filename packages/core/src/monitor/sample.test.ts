import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileFiles } from '../profile/table.js';
import type { TableSchema } from '../schema/types.js';
import { mulberry32 } from '../random.js';
import { profileSample, Reservoir } from './sample.js';

function sample(n: number, k: number, seed: number): number[] {
  const r = new Reservoir<number>(k, mulberry32(seed));
  for (let i = 0; i < n; i++) r.offer(() => i);
  return r.items;
}

describe('Reservoir (Algorithm L)', () => {
  it('keeps every item, in order, when there are no more than k', () => {
    expect(sample(3, 5, 1)).toEqual([0, 1, 2]);
    expect(sample(5, 5, 1)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps exactly k distinct items, the same ones for the same seed', () => {
    const a = sample(10_000, 50, 7);
    expect(a).toHaveLength(50);
    expect(new Set(a).size).toBe(50);
    expect(sample(10_000, 50, 7)).toEqual(a);
    expect(sample(10_000, 50, 8)).not.toEqual(a);
  });

  it('draws uniformly: each of 20 items is kept k/n of the time over 20,000 seeds (chi-square)', () => {
    const n = 20;
    const k = 5;
    const trials = 20_000;
    const kept = new Array<number>(n).fill(0);
    for (let seed = 0; seed < trials; seed++) for (const i of sample(n, k, seed)) kept[i]!++;
    const expected = (trials * k) / n;
    const chi2 = kept.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    // scipy.stats.chi2.ppf(0.999, 19) = 43.820: a fair sampler exceeds it one time in a thousand.
    expect(chi2).toBeLessThan(43.82);
  });

  it('draws uniformly deep into a long stream, where Algorithm L skips ahead (deciles of 10,000 items, k = 20)', () => {
    const n = 10_000;
    const k = 20;
    const trials = 2_000;
    const deciles = new Array<number>(10).fill(0);
    for (let seed = 0; seed < trials; seed++) for (const i of sample(n, k, seed)) deciles[Math.floor(i / 1000)]!++;
    const expected = (trials * k) / 10;
    const chi2 = deciles.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    // scipy.stats.chi2.ppf(0.999, 9) = 27.877.
    expect(chi2).toBeLessThan(27.877);
  });
});

describe('profileSample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlci-sample-'));
  const a = join(dir, 'a.csv');
  const b = join(dir, 'b.csv');
  // b has the columns in another order and lacks `note`: matched by name, absent cells count as missing.
  writeFileSync(a, 'x,kind,note\n' + Array.from({ length: 300 }, (_, i) => `${i},${i % 3 === 0 ? 'a' : 'b'},n${i % 7}`).join('\n') + '\n');
  writeFileSync(b, 'kind,x\n' + Array.from({ length: 200 }, (_, i) => `c,${1000 + i}`).join('\n') + '\n');
  // The same 500 rows as one file, for a single-pass reference (profileFiles merges per file, which rounds differently).
  const both = join(dir, 'both.csv');
  writeFileSync(both, 'x,kind,note\n' + Array.from({ length: 300 }, (_, i) => `${i},${i % 3 === 0 ? 'a' : 'b'},n${i % 7}`).concat(Array.from({ length: 200 }, (_, i) => `${1000 + i},c,`)).join('\n') + '\n');
  const schema: TableSchema = { fields: [{ name: 'x', type: 'integer' }, { name: 'kind', type: 'string' }, { name: 'note', type: 'string' }] };

  it('without a sample size profiles every row exactly as profileFiles does', async () => {
    const all = await profileSample([a, b], { schema });
    const reference = await profileFiles([both], { schema });
    expect(all).toMatchObject({ rowsSeen: 500, rowsProfiled: 500, method: 'all' });
    expect(all.profile.columns).toEqual(reference.profile.columns);
    expect(all.profile.rows).toBe(500);
    // Rows of b lack `note`: 200 missing, counted by hand.
    expect(all.profile.columns[2]!.missing).toBe(200);
  });

  it('with a sample size profiles that many rows, drawn across both files, reproducibly', async () => {
    const s = await profileSample([a, b], { schema, rows: 100, seed: 3 });
    expect(s).toMatchObject({ rowsSeen: 500, rowsProfiled: 100, method: 'reservoir', seed: 3 });
    expect(s.profile.rows).toBe(100);
    const kind = s.profile.columns[1]!;
    expect(kind.count + kind.missing).toBe(100);
    // 200 of 500 rows come from b (kind c): a uniform sample of 100 holds about 40 (binomial sd ≈ 4.9 before the
    // finite-population correction); 20..60 is a > 4 sd band.
    const c = kind.top.find((v) => v.value === 'c')?.count ?? 0;
    expect(c).toBeGreaterThan(20);
    expect(c).toBeLessThan(60);
    expect((await profileSample([a, b], { schema, rows: 100, seed: 3 })).profile).toEqual(s.profile);
    expect((await profileSample([a, b], { schema, rows: 100, seed: 4 })).profile).not.toEqual(s.profile);
  });

  it('a sample size at least the row count profiles every row', async () => {
    const s = await profileSample([a, b], { schema, rows: 500 });
    expect(s.method).toBe('all');
    expect(s.profile.columns).toEqual((await profileFiles([both], { schema })).profile.columns);
  });

  it('refuses a sample size that is not a positive whole number', async () => {
    await expect(profileSample([a], { schema, rows: 0 })).rejects.toThrow('sample-rows: sample size 0 is not a positive whole number');
  });
});
