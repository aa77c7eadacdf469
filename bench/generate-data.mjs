#!/usr/bin/env node
// Writes a deterministic (seeded) CSV for benchmarks: N rows x 10 columns, ~100 bytes a row (~100 MB for 1M rows).
// Columns: id (u0000000001…), age (int), income (float), score (float), category (string, small vocabulary), city (string),
// signup_date (YYYY-MM-DD), active (boolean), visits (int), segment (string).
//
//   node bench/generate-data.mjs [--rows 1000000] [--out bench/data/bench-1m.csv] [--seed 42] [--quoted 0.0]
//
// --quoted: share of rows whose city holds a comma and so is quoted (exercises the quoted-field path).
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    seed: { type: 'string', default: '42' },
    quoted: { type: 'string', default: '0' },
  },
});
const rows = Number(values.rows);
const seed = Number(values.seed);
const quotedShare = Number(values.quoted);
if (!Number.isInteger(rows) || rows < 0) throw new Error(`--rows must be a non-negative integer, got ${values.rows}`);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = resolve(values.out ?? `${root}/bench/data/bench-${rows >= 1e6 && rows % 1e6 === 0 ? `${rows / 1e6}m` : rows}.csv`);
mkdirSync(dirname(out), { recursive: true });

// mulberry32: small, fast, good enough for test data, identical on every platform.
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(seed);
const pick = (list) => list[Math.floor(random() * list.length)];

const categories = ['electronics/phones', 'electronics/laptops', 'books/fiction', 'books/science', 'home/garden', 'home/kitchen', 'toys/games', 'sports/outdoor'];
const cities = ['Lisbon', 'Porto', 'Berlin', 'Munich', 'Paris', 'Lyon', 'Madrid', 'Seville', 'Rome', 'Milan', 'Vienna', 'Prague'];
const regions = ['PT', 'DE', 'FR', 'ES', 'IT', 'AT', 'CZ'];
const segments = ['new-customer', 'returning-customer', 'loyal-customer', 'churn-risk', 'vip-customer'];
const pad = (n) => (n < 10 ? `0${n}` : `${n}`);

const stream = createWriteStream(out, { highWaterMark: 1 << 20 });
stream.write('id,age,income,score,category,city,signup_date,active,visits,segment\n');
let text = '';
for (let i = 1; i <= rows; i++) {
  const age = 18 + Math.floor(random() * 60);
  const income = (20000 + random() * 130000).toFixed(2);
  const score = (random() * 2 - 1).toFixed(8);
  const city = random() < quotedShare ? `"${pick(cities)}, ${pick(regions)}"` : pick(cities);
  const date = `20${pad(10 + Math.floor(random() * 15))}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;
  const active = random() < 0.7 ? 'true' : 'false';
  const visits = Math.floor(-Math.log(1 - random()) * 20);
  text += `u${String(i).padStart(10, '0')},${age},${income},${score},${pick(categories)},${city},${date},${active},${visits},${pick(segments)}\n`;
  if (text.length > 1 << 20) {
    if (!stream.write(text)) await once(stream, 'drain');
    text = '';
  }
}
stream.end(text);
await once(stream, 'finish');
console.log(out);
