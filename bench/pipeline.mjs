#!/usr/bin/env node
// Pipeline benchmark: `mlci run` on examples/penguins as a real process, twice like the demo — once as main
// (no baseline; writes .mlci/artifact) and once as a change that degrades the model (compared with that artifact),
// each 3 times on a fresh copy; plus the same with training unchanged (skipped), to show the pipeline's own cost.
// Prints a Markdown section.
//
//   npm run build && node bench/pipeline.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = readFileSync(join(root, 'test/pipeline/fixture.ts'), 'utf8');
const config = fixture.split('PENGUINS_MLCI_YML = `')[1].split('`;')[0];
const schema = Function(`return (${fixture.split('PENGUINS_SCHEMA = ')[1].split(';\n')[0]})`)();

const base = mkdtempSync(join(tmpdir(), 'mlci-bench-pipeline-'));
function project(name, degrade) {
  const dir = join(base, name);
  for (const f of ['data', 'train.mjs', 'params.yaml']) cpSync(join(root, 'examples/penguins', f), join(dir, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'data/schema.json'), JSON.stringify(schema));
  writeFileSync(join(dir, 'mlci.yml'), config);
  if (degrade) writeFileSync(join(dir, 'params.yaml'), readFileSync(join(dir, 'params.yaml'), 'utf8').replace(/epochs: \d+/, 'epochs: 2').replace(/learning_rate: [\d.]+/, 'learning_rate: 0.001'));
  return dir;
}

function run(dir, args) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'packages/cli/dist/bin.js'), 'run', '--quiet', ...args], { cwd: dir, encoding: 'utf8' });
  const ms = performance.now() - t;
  const rssKb = Number(r.stderr.trim().split('\n').pop());
  const stages = Object.fromEntries([...r.stdout.matchAll(/^(PASS|FAIL|SKIP) (\w+) .*?(?:\((\d+(?:\.\d+)?) (ms|s)\))?$/gm)].map((m) => [m[2], m[3] ? Number(m[3]) * (m[4] === 's' ? 1000 : 1) : 0]));
  return { code: r.status, ms, rssMb: rssKb / 1024, stages };
}

const rows = [];
for (let i = 0; i < 3; i++) {
  const main = project(`main-${i}`, false);
  const pr = project(`pr-${i}`, true);
  rows.push({ case: 'main (no baseline)', ...run(main, []) });
  rows.push({ case: 'change (vs main)', ...run(pr, ['--baseline', join(main, '.mlci/artifact')]) });
  rows.push({ case: 'change again (train skipped)', ...run(pr, ['--baseline', join(main, '.mlci/artifact')]) });
}
rmSync(base, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cases = [...new Set(rows.map((r) => r.case))];
const out = [
  '## Pipeline (`mlci run`)',
  '',
  `examples/penguins (342 rows, 256 train / 86 test), every stage configured; median of 3 fresh copies, ${cpus().length} CPUs, Node ${process.version}.`,
  '',
  '| Case | Exit | Wall (median) | Peak RSS | validate | drift | train | evaluate | compare | report | gate |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const c of cases) {
  const rs = rows.filter((r) => r.case === c);
  const stage = (s) => `${median(rs.map((r) => r.stages[s] ?? 0))} ms`;
  out.push(`| ${c} | ${rs[0].code} | ${(median(rs.map((r) => r.ms)) / 1000).toFixed(2)} s | ${median(rs.map((r) => r.rssMb)).toFixed(0)} MB | ${['validate', 'drift', 'train', 'evaluate', 'compare', 'report', 'gate'].map(stage).join(' | ')} |`);
}
out.push('', 'Stage times are those `mlci run` prints; the wall time includes Node start-up and loading onnxruntime-node.', '', 'Command: `npm run build && node bench/pipeline.mjs`', '');
console.log(out.join('\n'));
