#!/usr/bin/env node
// Sharded vs unsharded validation + profiling on this machine: `mlci validate --workers 1` against `--workers 2`
// (byte-range shards in worker threads, merged in-process), and the cost of `mlci validate merge` on n shard states.
// Each run is a fresh process (its own wall time and peak RSS); the table shows the fastest of --runs.
//
//   npm run build && node bench/shard.mjs [--file bench/data/bench-1m.csv] [--file bench/data/bench-10m.csv] [--runs 3] [--unique]
//
// Prints a Markdown section.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_SCHEMA } from './schema.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { file: { type: 'string', multiple: true }, runs: { type: 'string', default: '3' }, unique: { type: 'boolean', default: false } } });
const files = values.file ?? ['bench/data/bench-1m.csv'];
const runs = Number(values.runs);
const cli = join(root, 'packages/cli/dist/bin.js');
if (!existsSync(cli)) throw new Error('build first: npm run build');

const SCHEMA = {
  ...BENCH_SCHEMA,
  ...(values.unique ? { primaryKey: 'id' } : {}),
};
const tmp = mkdtempSync(join(tmpdir(), 'mlci-bench-shard-'));
const schemaPath = join(tmp, 'schema.json');
writeFileSync(schemaPath, JSON.stringify(SCHEMA));

function run(args) {
  let best;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    const p = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (p.status !== 0 && p.status !== 1) throw new Error(`mlci ${args.join(' ')} failed: ${p.stderr}`);
    const [user, sys, kib] = p.stderr.trim().split('\n').pop().split(' ').map(Number);
    const rss = kib / 1024;
    const cpu = (user + sys) * 1000;
    if (!best || ms < best.ms) best = { ms, rss, cpu };
  }
  return best;
}

const lines = ['## Sharded validation (worker threads, CI matrix merge)', '', `Machine: ${availableParallelism()} cores, Node ${process.version}. Fastest of ${runs} runs, each a fresh process; load average ${loadavg()[0].toFixed(1)} at the start (CPU time shows the work when other jobs share the cores); schema: 10 typed columns with range/pattern checks${values.unique ? ' and primaryKey id' : ''}.`, ''];
lines.push('| file | size | workers 1 (wall / CPU) | workers 2 (wall / CPU) | speed-up | peak RSS 1 / 2 | merge of 2 shards | merge of 4 shards |', '|---|---|---|---|---|---|---|---|');
for (const file of files) {
  const abs = resolve(root, file);
  const size = statSync(abs).size;
  const base = ['validate', abs, '--schema', schemaPath, '--fail-on', 'never'];
  const one = run([...base, '--workers', '1', '--out', join(tmp, 'w1')]);
  const two = run([...base, '--workers', '2', '--out', join(tmp, 'w2')]);
  const merges = [];
  for (const n of [2, 4]) {
    const dirs = [];
    for (let i = 1; i <= n; i++) {
      const dir = join(tmp, `s${n}-${i}`);
      const p = spawnSync(process.execPath, [cli, ...base, '--shard', `${i}/${n}`, '--out', dir], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(p.stderr);
      dirs.push(dir);
    }
    merges.push(run(['validate', 'merge', ...dirs, '--out', join(tmp, `m${n}`), '--fail-on', 'never']));
  }
  lines.push(`| ${relative(root, abs)} | ${(size / 1e6).toFixed(0)} MB | ${(one.ms / 1000).toFixed(2)} s / ${(one.cpu / 1000).toFixed(2)} s | ${(two.ms / 1000).toFixed(2)} s / ${(two.cpu / 1000).toFixed(2)} s | ${(one.ms / two.ms).toFixed(2)}x | ${one.rss.toFixed(0)} / ${two.rss.toFixed(0)} MiB | ${(merges[0].ms / 1000).toFixed(2)} s | ${(merges[1].ms / 1000).toFixed(2)} s |`);
}
lines.push('', `Command: \`node bench/shard.mjs ${files.map((f) => `--file ${f}`).join(' ')} --runs ${runs}${values.unique ? ' --unique' : ''}\``, '');
console.log(lines.join('\n'));
