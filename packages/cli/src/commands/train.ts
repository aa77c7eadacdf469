import { resolve } from 'node:path';
import { runTraining } from '@mlci/core';
import { defineCommand, ExitCode, listOption } from '../command.js';

function formatBytes(n: number | null): string {
  if (n === null) return 'unknown';
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(2)} GiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}

export const trainCommand = defineCommand({
  name: ['train'],
  summary: 'Run your training command, stream its output and record run.json (params, hashes, metrics, memory); skip when nothing changed.',
  usage: '[--params <file>] [--inputs <paths…>] [--outputs <paths…>] [--metrics <file>] [--out <dir>] [--force] -- <command…>',
  help: [
    ['--params <file>', 'Parameters file (default params.yaml, params.yml or params.json when present).'],
    ['--inputs <paths>', 'Files or folders the training reads (comma-separated or repeated); hashed with sha256.'],
    ['--outputs <paths>', 'Files or folders the training writes; hashed after the run.'],
    ['--metrics <file>', 'Metrics file the training writes (JSON or YAML); nested keys are flattened with dots.'],
    ['--out <dir>', 'Where run.json goes (default mlci-train).'],
    ['--force', 'Run even when inputs, parameters and command are unchanged.'],
  ],
  options: {
    params: { type: 'string' },
    inputs: { type: 'string', multiple: true },
    outputs: { type: 'string', multiple: true },
    metrics: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  allowPositionals: false,
  passThrough: true,
  async run({ values, rest }, io) {
    const outcome = await runTraining({
      command: rest,
      cwd: io.cwd,
      outDir: resolve(io.cwd, values.out ?? 'mlci-train'),
      params: values.params,
      inputs: listOption(values.inputs),
      outputs: listOption(values.outputs),
      metrics: values.metrics,
      force: values.force === true,
      env: io.env,
      onOutput: (text, stream) => (stream === 'stdout' ? io.stdout(text) : io.stderr(text)),
    });
    const r = outcome.record;
    if (outcome.status === 'skipped') {
      io.stdout(`mlci train: ${outcome.reason} (${outcome.recordPath})\n`);
      return ExitCode.Ok;
    }
    if (outcome.status === 'failed') {
      const tail = outcome.tail ? `; last lines:\n${outcome.tail}` : '';
      io.stderr(`mlci: error: training command failed with exit code ${r.exit_code} after ${(r.duration_ms / 1000).toFixed(1)} s${tail}\n`);
      // The step fails with the command's own exit code.
      return r.exit_code as ExitCode;
    }
    const metrics = Object.entries(r.metrics).slice(0, 8).map(([k, v]) => `${k} ${v}`).join(', ');
    io.stdout(
      `mlci train: ran in ${(r.duration_ms / 1000).toFixed(1)} s, peak memory ${formatBytes(r.peak_memory_bytes)}, ${Object.keys(r.outputs).length} output file(s)${metrics ? `; ${metrics}` : ''}; recorded ${outcome.recordPath}\n`,
    );
    return ExitCode.Ok;
  },
});
