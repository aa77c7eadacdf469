/** Exact profile statistics against pandas (Debian python3, pandas 1.5.3) and hand-computed values. */
import { describe, expect, test } from 'vitest';
import { createProfiler, type NumericColumnProfile } from '@mlci/core';
import { referencePython, runPythonJson } from '../helpers/python.js';
import { profileRows, readCsv, seattleWeatherPath } from './helpers.js';

const python = referencePython();

describe('exact statistics', () => {
  test('by hand: [1, 2, 3, 4, 4] plus NaN, ±Infinity, missing and invalid cells', () => {
    const p = createProfiler([{ name: 'x', type: 'number' }]);
    const c = p.column(0);
    for (const x of [4, 1, 2, 4, 3, Number.NaN, Infinity, -Infinity, -0]) c.addNumber(x);
    c.addMissing();
    c.addInvalid();
    const x = p.finish().columns[0] as NumericColumnProfile;
    // values 4,1,2,4,3,0 → n=6, mean 14/6, sample variance Σ(x−m)²/(n−1) = (6·(4²+1+4+16+9) − 14²)/(6·5) = 80/30
    expect(x.count).toBe(9);
    expect([x.nan, x.infinite, x.missing, x.invalid]).toEqual([1, 2, 1, 1]);
    expect(x.mean).toBeCloseTo(14 / 6, 14);
    expect(x.std).toBeCloseTo(Math.sqrt(80 / 30), 14);
    expect([x.min, x.max, x.sum]).toEqual([0, 4, 14]);
    // sorted 0,1,2,3,4,4; numpy linear: q=0.25 → pos 1.25 → 1.25; q=0.5 → pos 2.5 → 2.5; q=0.99 → pos 4.95 → 4
    expect(x.quantiles['0.25']).toBeCloseTo(1.25, 14);
    expect(x.quantiles['0.5']).toBeCloseTo(2.5, 14);
    expect(x.quantiles['0.99']).toBe(4);
    expect(x.distinct).toBe(5 + 3); // 0,1,2,3,4 + NaN, +Inf, −Inf
    expect(x.top[0]).toEqual({ value: 4, count: 2 });
    expect(x.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(x.histogram!.counts[19]).toBe(2); // the last bin is closed: both 4s
  });

  test('constant column: one histogram bin, no std for a single value', () => {
    const p = createProfiler([{ name: 'x', type: 'integer' }]);
    p.column(0).addNumber(7);
    const x = p.finish().columns[0] as NumericColumnProfile;
    expect(x.std).toBeNull();
    expect(x.histogram).toEqual({ edges: [7, 7], counts: [1], exact: true });
  });

  test('datetime columns render ISO text; time as time of day', () => {
    const p = createProfiler([{ name: 'at', type: 'datetime' }, { name: 't', type: 'time' }]);
    p.column(0).addNumber(Date.UTC(2024, 1, 29, 12, 30));
    p.column(0).addNumber(Date.UTC(2024, 2, 1));
    p.column(1).addNumber((13 * 3600 + 5) * 1000);
    const [at, t] = p.finish().columns as NumericColumnProfile[];
    expect([at!.min, at!.max]).toEqual(['2024-02-29T12:30:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(at!.mean).toBe('2024-02-29T18:15:00.000Z');
    expect(t!.min).toBe('13:00:05.000');
  });

  test.skipIf(!python)('seattle-weather.csv against pandas describe() and quantile()', () => {
    const fields = ['precipitation', 'temp_max', 'temp_min', 'wind'].map((name) => ({ name, type: 'number' }));
    const { header, rows } = readCsv(seattleWeatherPath);
    const idx = fields.map((f) => header.indexOf(f.name));
    const profile = profileRows(fields, rows.map((r) => idx.map((i) => r[i]!)));
    const ref = runPythonJson<Record<string, Record<string, number>>>(
      python!,
      `
import json, pandas as pd
df = pd.read_csv(${JSON.stringify(seattleWeatherPath)})
out = {}
for c in ['precipitation', 'temp_max', 'temp_min', 'wind']:
    s = df[c]
    out[c] = {'mean': s.mean(), 'std': s.std(), 'min': s.min(), 'max': s.max(), 'distinct': int(s.nunique()),
              **{str(q): s.quantile(q) for q in [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]}}
print(json.dumps(out))`,
    );
    for (const col of profile.columns as NumericColumnProfile[]) {
      const r = ref[col.name]!;
      expect(col.mean as number).toBeCloseTo(r.mean!, 10);
      expect(col.std!).toBeCloseTo(r.std!, 10);
      expect([col.min, col.max, col.distinct]).toEqual([r.min, r.max, r.distinct]);
      for (const q of ['0.01', '0.05', '0.25', '0.5', '0.75', '0.95', '0.99']) expect(col.quantiles[q] as number).toBeCloseTo(r[q]!, 10);
    }
  });
});
