import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { createProfiler, type ProfileField, type TableProfile } from '@mlci/core';

import { repoRoot } from '../helpers/cli.js';

export const seattleWeatherPath = `${repoRoot}node_modules/vega-datasets/data/seattle-weather.csv`;

/** Seeded PRNG (core's mulberry32) so splits and generated data are reproducible. */
export { mulberry32 as rng } from '@mlci/core';

export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const records = parse(readFileSync(path, 'utf8'), { relax_column_count: true }) as string[][];
  return { header: records[0]!, rows: records.slice(1) };
}

/** Casts cells the way validation does before feeding the profiler ('' is missing). */
export function profileRows(fields: ProfileField[], rows: string[][], exactCap?: number): TableProfile {
  const p = createProfiler(fields, { exactCap });
  for (const row of rows) {
    fields.forEach((f, i) => {
      const cell = row[i] ?? '';
      const col = p.column(i);
      if (cell === '') return col.addMissing();
      switch (f.type) {
        case 'number':
        case 'integer': {
          const x = Number(cell);
          return Number.isNaN(x) && cell !== 'NaN' ? col.addInvalid() : col.addNumber(x);
        }
        case 'date':
        case 'datetime': {
          const t = Date.parse(cell);
          return Number.isNaN(t) ? col.addInvalid() : col.addNumber(t);
        }
        case 'boolean':
          return cell === 'true' ? col.addBoolean(true) : cell === 'false' ? col.addBoolean(false) : col.addInvalid();
        default:
          return col.addString(cell);
      }
    });
  }
  return p.finish();
}

/** Splits rows into k random non-empty parts (each row to a random part). */
export function randomSplit<T>(rows: T[], k: number, random: () => number): T[][] {
  const parts: T[][] = Array.from({ length: k }, () => []);
  rows.forEach((r, i) => parts[i < k ? i : Math.floor(random() * k)]!.push(r));
  return parts;
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
