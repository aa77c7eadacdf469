#!/usr/bin/env node
// Throughput of the streaming table readers against a raw byte scan, csv-parse and uDSV.
//
//   npm run build && node bench/readers.mjs [--file bench/data/bench-1m.csv] [--runs 3] [--gzip] [--formats] [--only mlci] [--skip-pandas]
//   --formats: also time openTable on the same rows as an every-field-quoted CSV, JSON Lines and a JSON array.
//   (a ~1 GB file for the memory figure: node bench/generate-data.mjs --rows 10000000, then --file bench/data/bench-10m.csv --only mlci)
//
// Each measurement runs in a fresh process (so peak RSS is its own) that reads the whole file and touches every
// cell; the table shows the median time over the runs. Without --file, a 1M-row file is generated first.
// Prints a Markdown section.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const CHUNK = 1 << 20;

const readers = {
  async 'raw byte scan (count newlines)'(file) {
    let rows = 0;
    let last = 10;
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
      if (chunk.length > 0) last = chunk[chunk.length - 1];
    }
    // Lines minus the header, counting a last line without a newline.
    return { rows: rows - 1 + (last === 10 ? 0 : 1), chars: 0 };
  },
  async 'csv-parse (stream)'(file) {
    const { parse } = await import('csv-parse');
    let rows = 0;
    let chars = 0;
    for await (const row of createReadStream(file, { highWaterMark: CHUNK }).pipe(parse({ from_line: 2 }))) {
      rows++;
      for (let i = 0; i < row.length; i++) chars += row[i].length;
    }
    return { rows, chars };
  },
  async 'uDSV (stream, string arrays)'(file) {
    const { inferSchema, initParser } = (await import('udsv')).default ?? (await import('udsv'));
    let parser = null;
    let rows = 0;
    let chars = 0;
    const onRow = (row) => {
      rows++;
      for (let i = 0; i < row.length; i++) chars += row[i].length;
    };
    const stream = createReadStream(file, { highWaterMark: CHUNK });
    stream.setEncoding('utf8');
    for await (const text of stream) {
      parser ??= initParser(inferSchema(text));
      parser.chunk(text, parser.stringArrs, onRow);
    }
    parser?.end();
    return { rows, chars };
  },
  async 'mlci openTable'(file) {
    const { openTable } = await import(pathToFileURL(`${root}/packages/core/dist/readers/index.js`).href);
    const table = await openTable(file);
    let rows = 0;
    let chars = 0;
    for await (const batch of table.batches) {
      rows += batch.rows.length;
      for (const row of batch.rows) for (let i = 0; i < row.length; i++) chars += row[i].length;
    }
    return { rows, chars };
  },
};

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    runs: { type: 'string', default: '3' },
    gzip: { type: 'boolean', default: false },
    formats: { type: 'boolean', default: false },
    only: { type: 'string' },
    'skip-pandas': { type: 'boolean', default: false },
    worker: { type: 'string' },
  },
});

if (values.worker) {
  const read = readers[values.worker];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await read(values.file);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ ...result, ms, cpuMs: (used.user + used.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

let file = values.file ? resolve(values.file) : `${root}/bench/data/bench-1m.csv`;
if (!existsSync(file)) {
  const r = spawnSync(process.execPath, [`${root}/bench/generate-data.mjs`, '--rows', '1000000', '--out', file], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!existsSync(`${root}/packages/core/dist/readers/index.js`)) {
  console.error('packages/core/dist is missing: run npm run build first');
  process.exit(2);
}
const runs = Math.max(1, Number(values.runs));
const size = statSync(file).size;

function measure(name, path) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', name, '--file', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    results.push(JSON.parse(r.stdout));
    if (results.at(-1).ms > 15_000) break; // slow readers: one run says enough
  }
  const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor((results.length - 1) / 2)];
  return { ...results[0], ms: median('ms'), cpuMs: median('cpuMs'), maxRssKb: Math.max(...results.map((r) => r.maxRssKb)), runs: results.length };
}

// pandas.read_csv (C engine) for reference, timed inside Python (no interpreter start or import), when available.
function measurePandas(path) {
  const code = `
import json, resource, sys, time
import pandas as pd
t = time.perf_counter(); c = time.process_time()
df = pd.read_csv(sys.argv[1])
ms = (time.perf_counter() - t) * 1000; cpu = (time.process_time() - c) * 1000
print(json.dumps({"rows": len(df), "chars": 0, "ms": ms, "cpuMs": cpu, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
`;
  const results = [];
  for (let run = 0; run < runs; run++) {
    const r = spawnSync('/usr/bin/python3', ['-c', code, path], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    results.push(JSON.parse(r.stdout));
  }
  const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor((results.length - 1) / 2)];
  return { ...results[0], ms: median('ms'), cpuMs: median('cpuMs'), maxRssKb: Math.max(...results.map((r) => r.maxRssKb)) };
}

const results = [];
for (const name of Object.keys(readers)) {
  if (values.only === undefined || name.includes(values.only)) results.push({ name, ...measure(name, file) });
}
const pandas = !values['skip-pandas'] && values.only === undefined && existsSync('/usr/bin/python3') ? measurePandas(file) : undefined;
if (pandas) results.push({ name: 'pandas.read_csv (C engine, into a DataFrame; reference)', ...pandas });
if (values.gzip) {
  const gz = `${file}.gz`;
  if (!existsSync(gz)) await pipeline(createReadStream(file), createGzip(), createWriteStream(gz));
  results.push({ name: 'mlci openTable (.csv.gz, gunzip on the fly)', ...measure('mlci openTable', gz) });
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const udsv = results.find((r) => r.name.startsWith('uDSV'));
// The same rows in the other layouts, derived once from the plain CSV (which has no quotes, so split is exact).
async function derive(kind) {
  const out = file.replace(/\.csv$/, kind === 'quoted' ? '-quoted.csv' : kind === 'jsonl' ? '.jsonl' : '.json');
  if (existsSync(out)) return out;
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const sink = createWriteStream(out);
  let header;
  let first = true;
  let text = kind === 'json' ? '[' : '';
  for await (const line of lines) {
    if (line === '') continue;
    const cells = line.split(',');
    if (header === undefined) {
      header = cells;
      if (kind === 'quoted') text += cells.map((c) => `"${c}"`).join(',') + '\n';
      continue;
    }
    if (kind === 'quoted') text += cells.map((c) => `"${c}"`).join(',') + '\n';
    else {
      const object = JSON.stringify(Object.fromEntries(header.map((h, i) => [h, /^-?\d+(\.\d+)?$/.test(cells[i]) ? Number(cells[i]) : cells[i] === 'true' || cells[i] === 'false' ? cells[i] === 'true' : cells[i]])));
      text += kind === 'json' ? `${first ? '' : ','}\n${object}` : `${object}\n`;
    }
    first = false;
    if (text.length > 1 << 20) {
      if (!sink.write(text)) await new Promise((r) => sink.once('drain', r));
      text = '';
    }
  }
  sink.end(kind === 'json' ? `${text}\n]\n` : text);
  await new Promise((r) => sink.once('finish', r));
  return out;
}

const formatResults = [];
if (values.formats) {
  for (const kind of ['quoted', 'jsonl', 'json']) {
    const path = await derive(kind);
    formatResults.push({ name: { quoted: 'CSV, every field quoted', jsonl: 'JSON Lines', json: 'JSON array of objects' }[kind], path, size: statSync(path).size, ...measure('mlci openTable', path) });
  }
}

const rowsExpected = results[0].rows;
const lines = [];
lines.push('## Readers: CSV parsing throughput');
lines.push('');
lines.push(
  `File: \`${relative(root, file)}\`, ${fmt(rowsExpected)} rows × 10 columns, ${fmt(size / 1e6, 1)} MB. ` +
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}). ` +
    `Each reader reads the whole file and touches every cell, in a fresh process; median time of up to ${runs} runs, CPU = user+system of all threads (GC, gunzip), highest peak RSS. MB = 10^6 bytes of the uncompressed file. Load average at start: ${loadavg()[0].toFixed(1)}.`,
);
lines.push('');
lines.push('| Reader | Time (s) | MB/s | rows/s | vs uDSV | CPU (s) | Peak RSS (MB) | Rows |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const seconds = r.ms / 1000;
  lines.push(
    `| ${r.name} | ${fmt(seconds, 2)} | ${fmt(size / 1e6 / seconds, 0)} | ${fmt(r.rows / seconds, 0)} | ${udsv ? `${fmt(r.ms / udsv.ms, 2)}×` : ''} | ${fmt(r.cpuMs / 1000, 2)} | ${fmt(r.maxRssKb / 1024, 0)} | ${fmt(r.rows)} |`,
  );
}
lines.push('');
lines.push(`Command: \`node bench/readers.mjs${values.file ? ` --file ${relative(root, file)}` : ''} --runs ${runs}${values.gzip ? ' --gzip' : ''}${values.formats ? ' --formats' : ''}${values.only ? ` --only '${values.only}'` : ''}\` (after \`npm run build\`).`);
if (formatResults.length > 0) {
  lines.push('', '### mlci openTable on the same rows in other layouts', '');
  lines.push('| Layout | File | Size (MB) | Time (s) | MB/s | rows/s | CPU (s) | Peak RSS (MB) | Rows |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of formatResults) {
    const seconds = r.ms / 1000;
    lines.push(
      `| ${r.name} | \`${relative(root, r.path)}\` | ${fmt(r.size / 1e6, 1)} | ${fmt(seconds, 2)} | ${fmt(r.size / 1e6 / seconds, 0)} | ${fmt(r.rows / seconds, 0)} | ${fmt(r.cpuMs / 1000, 2)} | ${fmt(r.maxRssKb / 1024, 0)} | ${fmt(r.rows)} |`,
    );
  }
}
const mismatched = [...results, ...formatResults].filter((r) => r.rows !== rowsExpected);
if (mismatched.length > 0) lines.push('', `**Row counts differ:** ${mismatched.map((r) => `${r.name}: ${r.rows}`).join(', ')} (expected ${rowsExpected}).`);
console.log(lines.join('\n'));
