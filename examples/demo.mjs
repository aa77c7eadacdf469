#!/usr/bin/env node
// `npm run demo`: mlci's main jobs on the shipped examples, printed as a user sees them.
// Works in a temp copy of examples/, so the repository stays clean. Needs `npm run build` (the npm script does it).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const work = mkdtempSync(join(tmpdir(), 'mlci-demo-'));
cpSync(join(root, 'examples'), join(work, 'examples'), { recursive: true, filter: (src) => !src.endsWith('demo.mjs') });

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
const started = Date.now();

function step(title, explanation) {
  console.log(`\n${bold(`━━ ${title}`)}`);
  if (explanation) console.log(dim(explanation));
}

/** Runs `mlci …` in the demo folder, echoes the command and its output, returns the exit code. */
function mlci(args, { show = true } = {}) {
  console.log(bold(`$ mlci ${args.join(' ')}`));
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8' });
  if (show) process.stdout.write(r.stdout + r.stderr);
  console.log(dim(`(exit ${r.status})`));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJson = (path) => JSON.parse(readFileSync(join(work, path), 'utf8'));

// ── 1. Data: schema, validation, profile ─────────────────────────────────────────────────────────────────────────
step('1. Infer a starting schema from real data', 'Seattle weather (NOAA, 1,461 days), from the vega-datasets package.');
const inferred = mlci(['schema', 'infer', 'examples/weather/data/seattle-weather.csv'], { show: false });
console.log(inferred.stdout.split('\n').slice(0, 24).join('\n') + dim('\n  … (the full schema is printed on stdout)'));

step('2. Validate the clean file against the hand-written schema', 'examples/weather/schema.json adds ranges, an enum and a primary key.');
const clean = mlci(['validate', 'examples/weather/data/seattle-weather.csv', '--schema', 'examples/weather/schema.json', '--out', '.mlci/clean']);

step('3. Validate a feed with real-looking defects', 'Each finding points at the physical line of the file; exit code 1 fails the CI job.');
const feed = mlci(['validate', 'examples/weather/data/seattle-weather-feed.csv', '--schema', 'examples/weather/schema.json', '--out', '.mlci/feed']);

step('4. The profile (profile.json): what drift detection compares', 'Per column: count, missing, distinct, range, mean, quantiles, histogram, top values; mergeable across shards.');
const profile = readJson('.mlci/clean/profile.json');
const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : (v ?? '—'));
for (const c of profile.columns) {
  const stats = c.min !== undefined
    ? `min ${fmt(c.min)}  median ${fmt(c.quantiles?.['0.5'])}  max ${fmt(c.max)}  mean ${fmt(c.mean)}`
    : `top ${(c.top ?? []).slice(0, 3).map((t) => `${t.value}×${t.count}`).join(' ')}`;
  console.log(`  ${c.name.padEnd(14)} ${c.kind.padEnd(12)} count ${c.count}  missing ${c.missing}  distinct ${c.distinct}  ${stats}`);
}

const ok = clean.code === 0 && feed.code === 1;
console.log(`\n${bold(ok ? 'Demo finished' : 'Demo finished with unexpected exit codes')} in ${((Date.now() - started) / 1000).toFixed(1)} s. Files are in ${work}`);
process.exitCode = ok ? 0 : 1;
