#!/usr/bin/env node
// Monitor benchmark: the scheduled check's work without the network. A 1M-row × 10-column production file
// (bench/generate-data.mjs, seed 43) against a training profile.json (seed 42): profile every row, or a seeded
// reservoir sample of 100k / 10k rows; then drift and the issue body. Each case runs in its own process so peak
// RSS is that case's alone. Prints a Markdown section.
//
//   npm run build && node bench/monitor.mjs [--rows 1000000]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, child: { type: 'string' }, reference: { type: 'string' }, data: { type: 'string' } } });
const core = await import(`${root}packages/core/dist/index.js`);

if (values.child !== undefined) {
  // One case: load sides (profile.json reference, data current), drift, render; report time and peak RSS as JSON.
  const sampleRows = values.child === 'all' ? undefined : Number(values.child);
  const t = performance.now();
  const sides = await core.loadMonitorSides({ reference: [values.reference], data: [values.data], cwd: root, sampleRows, seed: 0 });
  const tProfile = performance.now() - t;
  const drift = core.driftFromProfiles(sides.reference, sides.current.profile, {});
  const body = core.renderMonitorIssueBody(drift, { v: 1, drifted: drift.drifted, columns: core.driftedColumnNames(drift), dispatched: false }, {
    model: 'bench', checkedAt: new Date().toISOString(), sample: 'bench', data: [values.data], reference: values.reference, dispatch: { kind: 'not-configured' },
  });
  const ms = performance.now() - t;
  process.stdout.write(JSON.stringify({ ms, profileMs: tProfile, rssMb: process.resourceUsage().maxRSS / 1024, rowsSeen: sides.current.rowsSeen, rowsProfiled: sides.current.rowsProfiled, drifted: drift.drifted, driftedColumns: drift.driftedColumns, tested: drift.testedColumns, bodyChars: body.length }));
  process.exit(0);
}

const rows = Number(values.rows);
function dataFile(seed) {
  const name = `${root}bench/data/drift-${seed}-${rows}.csv`;
  if (!existsSync(name)) {
    const r = spawnSync(process.execPath, [`${root}bench/generate-data.mjs`, '--rows', String(rows), '--seed', String(seed), '--out', name], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('generating data failed');
  }
  return name;
}
const refData = dataFile(42);
const prodData = dataFile(43);
const mb = statSync(prodData).size / 1e6;
const tmp = mkdtempSync(join(tmpdir(), 'mlci-bench-monitor-'));
const refProfile = join(tmp, 'profile.json');
const { profile } = await core.profileFiles([refData]);
writeFileSync(refProfile, JSON.stringify(profile));

function run(sample) {
  let best;
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', sample, '--reference', refProfile, '--data', prodData, '--rows', String(rows)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`case ${sample} failed: ${r.stderr}`);
    const x = JSON.parse(r.stdout);
    if (!best || x.ms < best.ms) best = x;
  }
  return best;
}

const cases = [
  ['every row (streamed)', 'all'],
  ['reservoir sample 100,000 rows', '100000'],
  ['reservoir sample 10,000 rows', '10000'],
];
const lines = [
  '## Monitor (actions/monitor without the network)',
  '',
  `Production file: ${rows.toLocaleString('en-US')} rows × 10 columns, ${mb.toFixed(0)} MB CSV (bench/generate-data.mjs seed 43); reference: the training profile.json of seed 42's file. Each case in its own process, best of 3; time covers reading + profiling the production side, drift and rendering the issue body.`,
  '',
  '| Production side | Rows profiled | Time | Rows read/s | Peak RSS | Drifted columns |',
  '|---|--:|--:|--:|--:|--:|',
];
for (const [label, sample] of cases) {
  const r = run(sample);
  lines.push(`| ${label} | ${r.rowsProfiled.toLocaleString('en-US')} | ${(r.ms / 1000).toFixed(2)} s | ${Math.round(r.rowsSeen / (r.profileMs / 1000)).toLocaleString('en-US')} | ${r.rssMb.toFixed(0)} MB | ${r.driftedColumns} of ${r.tested} |`);
}
lines.push('', `Command: \`npm run build && node bench/monitor.mjs --rows ${rows}\` (${process.version}, ${process.platform}/${process.arch}).`, '');
process.stdout.write(lines.join('\n'));
