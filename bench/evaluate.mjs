#!/usr/bin/env node
// End-to-end `mlci evaluate` on a 1M-row file next to its two unavoidable parts, measured in the same run:
// parsing alone (openTable + every feature cell to float32, the work evaluate does before the model) and
// session.run alone on prebuilt tensors. Goal: end-to-end ≤ 1.3 × (parse + session.run).
//
//   npm run build && node bench/evaluate.mjs [--rows 1000000] [--runs 3] [--bootstrap 1000]
//
// The model is examples/penguins' logistic regression (trained here when absent); the data is generated with
// per-species feature distributions like the penguins' (seeded), so the labels are realistic. Prints a Markdown section.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, bootstrap: { type: 'string', default: '1000' } } });
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const BOOTSTRAP = Number(values.bootstrap);
const BATCH = 4096;
const FEATURES = ['beak_depth_mm', 'flipper_length_mm', 'body_mass_g'];

const core = await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href);
const ort = (await import('onnxruntime-node')).default;

const model = join(root, 'examples/penguins/model/model.onnx');
if (!existsSync(model)) {
  const r = spawnSync(process.execPath, [join(root, 'examples/penguins/train.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('training the example model failed');
}

// Per-species mean and sd of each feature (from the penguins training data), for a realistic 1M-row test file.
const data = join(root, 'bench/data', `penguins-${ROWS}.csv`);
if (!existsSync(data)) {
  const train = readFileSync(join(root, 'examples/penguins/data/train.csv'), 'utf8').trim().split('\n');
  const header = train[0].split(',');
  const rows = train.slice(1).map((l) => l.split(','));
  const species = [...new Set(rows.map((r) => r[1]))].sort();
  const stats = species.map((s) =>
    FEATURES.map((f) => {
      const v = rows.filter((r) => r[1] === s).map((r) => Number(r[header.indexOf(f)]));
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)];
    }),
  );
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  mkdirSync(dirname(data), { recursive: true });
  const out = createWriteStream(data);
  out.write(`id,species,island,${FEATURES.join(',')}\n`);
  const islands = ['Biscoe', 'Dream', 'Torgersen'];
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const s = Math.floor(rand() * species.length);
    const x = stats[s].map(([m, sd], j) => (m + sd * gauss()).toFixed(j === 0 ? 1 : 0));
    chunk += `${i + 1},${species[s]},${islands[i % 3]},${x.join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU time of this process (all threads, including onnxruntime's) in ms: steadier than wall time on a busy machine. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function parseAlone() {
  const c0 = cpu();
  const t0 = performance.now();
  const table = await core.openTable(data, { batchRows: BATCH });
  const cols = FEATURES.map((f) => table.header.indexOf(f));
  const tensors = [];
  for await (const batch of table.batches) {
    const x = new Float32Array(batch.rows.length * cols.length);
    for (let r = 0; r < batch.rows.length; r++) for (let j = 0; j < cols.length; j++) x[r * cols.length + j] = +batch.rows[r][cols[j]];
    tensors.push(x);
  }
  return { ms: performance.now() - t0, cpu: cpu() - c0, tensors };
}

async function runAlone(tensors) {
  // The session options evaluate uses (no spinning pool threads), so both sides run the model alike.
  const session = await ort.InferenceSession.create(readFileSync(model), { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } });
  const c0 = cpu();
  const t0 = performance.now();
  for (const x of tensors) await session.run({ float_input: new ort.Tensor('float32', x, [x.length / FEATURES.length, FEATURES.length]) }, ['label', 'probabilities']);
  const ms = performance.now() - t0;
  const used = cpu() - c0;
  await session.release();
  return { ms, cpu: used };
}

async function endToEnd(bootstrap, parseThread) {
  const outDir = join(root, 'bench/data/evaluate-out');
  rmSync(outDir, { recursive: true, force: true });
  const c0 = cpu();
  const t0 = performance.now();
  const r = await core.evaluateModel({ model, data, target: 'species', features: FEATURES, sliceBy: ['island'], outDir, runtime: ort, bootstrap: { resamples: bootstrap }, parseThread });
  return { ms: performance.now() - t0, cpu: cpu() - c0, scanMs: r.timing.wallMs, rows: r.metrics.rows, accuracy: r.metrics.accuracy, resamples: r.bootstrap.resamples };
}

const parse = [];
const run = [];
const e2e = [];
const scanned = [];
const e2eBoot = [];
const here = [];
const cpuOf = { parse: [], run: [], e2e: [], boot: [], here: [] };
let rows = 0;
let resamples = 0;
let accuracy = 0;
let peak = 0;
for (let i = 0; i < RUNS; i++) {
  const p = await parseAlone();
  parse.push(p.ms);
  cpuOf.parse.push(p.cpu);
  const ra = await runAlone(p.tensors);
  run.push(ra.ms);
  cpuOf.run.push(ra.cpu);
  p.tensors.length = 0;
  global.gc?.();
  // Default: the parse thread (a worker) parses while this thread runs the model.
  const e = await endToEnd(0, undefined);
  e2e.push(e.ms);
  scanned.push(e.scanMs);
  cpuOf.e2e.push(e.cpu);
  rows = e.rows;
  const h = await endToEnd(0, false);
  here.push(h.ms);
  cpuOf.here.push(h.cpu);
  accuracy = e.accuracy;
  if (BOOTSTRAP > 0) {
    const b = await endToEnd(BOOTSTRAP, undefined);
    e2eBoot.push(b.ms);
    cpuOf.boot.push(b.cpu);
    resamples = b.resamples;
  }
  peak = Math.max(peak, process.memoryUsage().rss);
}
const ratios = e2e.map((e, i) => e / (parse[i] + run[i]));
const P = median(parse);
const R = median(run);
const E = median(e2e);
const [cP, cR, cE] = [median(cpuOf.parse), median(cpuOf.run), median(cpuOf.e2e)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const lines = [
  '## evaluate',
  '',
  `\`mlci evaluate\` (core \`evaluateModel\`) on ${rows.toLocaleString('en-US')} rows × ${FEATURES.length} features (\`${relative(root, data)}\`), the penguins logistic regression (ONNX LinearClassifier), batches of ${BATCH}, slices by island; median of ${RUNS} runs in one process.`,
  '',
  '| Measurement | Wall time | CPU time (all threads) | Rows/s (wall) |',
  '| --- | ---: | ---: | ---: |',
  `| parse alone (openTable + cells → float32) | ${s(P)} | ${s(cP)} | ${Math.round(rows / (P / 1000)).toLocaleString('en-US')} |`,
  `| session.run alone (prebuilt tensors) | ${s(R)} | ${s(cR)} | ${Math.round(rows / (R / 1000)).toLocaleString('en-US')} |`,
  `| parse + session.run | ${s(P + R)} | ${s(cP + cR)} | |`,
  `| end-to-end, no bootstrap (metrics, slices, outcomes.csv; parse thread) | ${s(E)} | ${s(cE)} | ${Math.round(rows / (E / 1000)).toLocaleString('en-US')} |`,
  `| … of which the scan (parse, session.run, decode, outcomes.csv) | ${s(median(scanned))} | | |`,
  `| end-to-end, no bootstrap, parsing on the calling thread (\`parseThread: false\`) | ${s(median(here))} | ${s(median(cpuOf.here))} | |`,
  ...(e2eBoot.length ? [`| end-to-end, bootstrap (${BOOTSTRAP} asked, ${resamples} drawn: budget of 2.5e8 row draws) | ${s(median(e2eBoot))} | ${s(median(cpuOf.boot))} | |`] : []),
  '',
  `End-to-end / (parse + session.run): **${(E / (P + R)).toFixed(2)}×** wall, **${(cE / (cP + cR)).toFixed(2)}×** CPU, without bootstrap (goal ≤ 1.3×)` +
    (e2eBoot.length ? `; ${(median(e2eBoot) / (P + R)).toFixed(2)}× wall with bootstrap.` : '.'),
  `Run by run (each end to end against the parse and session.run measured just before it): ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')} wall; ≤ 1.3× in ${ratios.filter((r) => r <= 1.3).length} of ${ratios.length}.`,
  'All figures are in one process: no process start-up (the CLI adds ~0.5 s of Node and module loading). onnxruntime-node runs `session.run` synchronously on the JS thread, so evaluate parses in a worker thread (files ≥ 4 MiB, 2+ cores) while the model runs: the wall-time gain comes from that overlap, and CPU time is the sum of both threads.',
  `Load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores (wall times stretch when other work shares them).`,
  `Accuracy on the generated file: ${accuracy.toFixed(4)}. Peak RSS of the benchmark process: ${Math.round(peak / 2 ** 20)} MiB.`,
  '',
  `Command: \`npm run build && node bench/evaluate.mjs --rows ${ROWS} --runs ${RUNS} --bootstrap ${BOOTSTRAP}\``,
];
console.log(lines.join('\n'));
