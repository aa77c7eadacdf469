#!/usr/bin/env node
// `npm run bench`: runs every area benchmark (bench/<area>.mjs prints a Markdown section) on this machine and
// writes BENCHMARKS.md. Figures are ratios against baselines measured in the same run: absolute times are noisy.
// Usage: node bench/run.mjs [area…] [--no-write]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const AREAS = ['readers', 'validate', 'shard', 'drift', 'evaluate', 'report', 'gate', 'pipeline', 'monitor', 'monitor-gitlab', 'gitlab'];
const args = process.argv.slice(2);
const write = !args.includes('--no-write');
const picked = args.filter((a) => !a.startsWith('--'));
const areas = (picked.length ? picked : AREAS).filter((a) => existsSync(`${root}bench/${a}.mjs`));

const sections = [];
for (const area of areas) {
  console.error(`bench: ${area} …`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--expose-gc', `${root}bench/${area}.mjs`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    console.error(`bench: ${area} failed with exit code ${r.status}`);
    process.exitCode = 1;
    continue;
  }
  sections.push({ area, markdown: r.stdout.trim(), seconds: (Date.now() - started) / 1000 });
  console.error(`bench: ${area} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const header = [
  '# Benchmarks',
  '',
  `Latest figures from \`npm run bench\` (${new Date().toISOString().slice(0, 10)}), on ${cpus().length} cores` +
    ` (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  'Absolute times on this shared machine are noisy: each section compares against baselines measured in the same run.',
  'Each section names the command that produced it; `node bench/<area>.mjs` runs one area alone.',
  '',
].join('\n');

const body = sections.map((s) => s.markdown).join('\n\n');
console.log(body);
if (write && sections.length) {
  // Keep sections of areas not run this time, so `npm run bench readers` updates only that part.
  const previous = existsSync(`${root}BENCHMARKS.md`) ? readFileSync(`${root}BENCHMARKS.md`, 'utf8') : '';
  const kept = AREAS.filter((a) => !sections.some((s) => s.area === a))
    .map((a) => previous.match(new RegExp(`<!-- bench:${a} -->[\\s\\S]*?<!-- /bench:${a} -->`))?.[0])
    .filter(Boolean);
  const fresh = sections.map((s) => `<!-- bench:${s.area} -->\n${s.markdown}\n<!-- /bench:${s.area} -->`);
  const ordered = AREAS.map((a) => fresh.find((f) => f.startsWith(`<!-- bench:${a} -->`)) ?? kept.find((k) => k.startsWith(`<!-- bench:${a} -->`))).filter(Boolean);
  writeFileSync(`${root}BENCHMARKS.md`, `${header}\n${ordered.join('\n\n')}\n`);
  console.error('bench: wrote BENCHMARKS.md');
}
