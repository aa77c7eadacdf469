#!/usr/bin/env node
// Builds data/train.csv and data/test.csv from the Palmer penguins in vega-datasets (CC0 1.0).
// Rows without measurements (2 of 344) are dropped; missing `sex` is kept as an empty cell (it is not a feature).
// Split: per species, a seeded shuffle (mulberry32, seed 20240607) puts 25% of the rows in the test set.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
// The package's exports do not list its data files: look for its folder in node_modules up the tree.
const raw = JSON.parse(readFileSync(findUp('node_modules/vega-datasets/data/penguins.json'), 'utf8'));

function findUp(rel) {
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
    if (dirname(dir) === dir) throw new Error(`${rel} not found: run npm install at the repository root`);
  }
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const header = ['id', 'species', 'island', 'beak_length_mm', 'beak_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex'];
const rows = raw
  .map((r, i) => [String(i + 1), r.Species, r.Island, r['Beak Length (mm)'], r['Beak Depth (mm)'], r['Flipper Length (mm)'], r['Body Mass (g)'], r.Sex ?? ''])
  .filter((r) => r.slice(3, 7).every((v) => typeof v === 'number'))
  .map((r) => r.map((v) => (v === '.' ? '' : String(v))));

const rand = mulberry32(20240607);
const train = [];
const test = [];
for (const species of [...new Set(rows.map((r) => r[1]))].sort()) {
  const group = rows.filter((r) => r[1] === species);
  for (let i = group.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [group[i], group[j]] = [group[j], group[i]];
  }
  const nTest = Math.round(group.length * 0.25);
  test.push(...group.slice(0, nTest));
  train.push(...group.slice(nTest));
}
const byId = (a, b) => Number(a[0]) - Number(b[0]);
const csv = (data) => [header, ...data.sort(byId)].map((r) => r.join(',')).join('\n') + '\n';
mkdirSync(`${here}data`, { recursive: true });
writeFileSync(`${here}data/train.csv`, csv(train));
writeFileSync(`${here}data/test.csv`, csv(test));
console.log(`wrote ${train.length} training rows and ${test.length} test rows`);
