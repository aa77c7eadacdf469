import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, runComparison, UsageError, writeComparison, type Comparison, type MlciConfig } from '@mlci/core';
import { defineCommand, ExitCode, listOption, type Io } from '../command.js';

/** Loads --config, or mlci.yml in the working directory when present; an explicit missing file is an error. */
export async function loadOptionalConfig(path: string | undefined, io: Io): Promise<MlciConfig | undefined> {
  if (path) return loadConfig(resolve(io.cwd, path));
  const fallback = resolve(io.cwd, 'mlci.yml');
  return existsSync(fallback) ? loadConfig(fallback) : undefined;
}

function summaryLine(c: Comparison): string {
  const s = c.summary;
  const parts = [`${s.improved} improved`, `${s.regressed} regressed`, `${s.unchanged} unchanged`];
  if (s.changed) parts.push(`${s.changed} changed`);
  if (s.new) parts.push(`${s.new} new`);
  if (s.removed) parts.push(`${s.removed} removed`);
  return parts.join(', ');
}

function fmt(v: number | null): string {
  return v === null ? '—' : String(Number(v.toPrecision(6)));
}

export const compareCommand = defineCommand({
  name: ['compare'],
  summary: 'Compare metrics with a baseline (main) under the rules in mlci.yml; writes comparison.json.',
  usage: '--current <files> [--baseline <files>] [--config mlci.yml] [--out <dir>]',
  help: [
    ['--current <files>', 'Current metrics files (JSON/YAML, DVC-style or mlci metrics.json). Repeat or comma-separate. Required.'],
    ['--baseline <files>', 'Baseline metrics files (e.g. from main). Omit when there is no baseline yet.'],
    ['--config <file>', 'Config with metrics rules. Default: mlci.yml when present.'],
    ['--out <dir>', 'Where comparison.json is written. Default .mlci/compare.'],
    ['--current-outcomes <file>', 'Per-row outcomes (y_true, y_pred, id) of the current model. Default: "outcomes" in metrics.json.'],
    ['--baseline-outcomes <file>', 'Per-row outcomes of the baseline model.'],
    ['--commit <sha>', 'Commit of the current metrics, recorded in comparison.json. Default $GITHUB_SHA or $CI_COMMIT_SHA.'],
    ['--json', 'Print comparison.json to stdout instead of the summary.'],
  ],
  options: {
    current: { type: 'string', multiple: true },
    baseline: { type: 'string', multiple: true },
    config: { type: 'string' },
    out: { type: 'string' },
    'current-outcomes': { type: 'string' },
    'baseline-outcomes': { type: 'string' },
    commit: { type: 'string' },
    json: { type: 'boolean' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const current = listOption(values.current).map((f) => resolve(io.cwd, f));
    if (current.length === 0) {
      throw new UsageError('missing required option --current', { where: 'mlci compare', fix: 'Pass the current metrics file, e.g. --current metrics.json' });
    }
    const baseline = listOption(values.baseline).map((f) => resolve(io.cwd, f));
    const config = await loadOptionalConfig(values.config, io);
    const path = (p: string | undefined) => (p ? resolve(io.cwd, p) : undefined);
    const comparison = await runComparison({
      current,
      baseline,
      baselineSource: baseline.length ? { kind: 'file', description: listOption(values.baseline).join(', ') } : { kind: 'none', description: 'no --baseline given' },
      rules: config?.metrics,
      settings: config?.compare,
      currentOutcomes: path(values['current-outcomes']),
      baselineOutcomes: path(values['baseline-outcomes']),
      commit: values.commit ?? (io.env.GITHUB_SHA || io.env.CI_COMMIT_SHA || undefined),
    });
    const out = resolve(io.cwd, values.out ?? '.mlci/compare');
    const file = await writeComparison(out, comparison);
    if (values.json) {
      io.stdout(JSON.stringify(comparison, null, 2) + '\n');
    } else {
      const width = Math.max(6, ...comparison.rows.map((r) => r.metric.length));
      io.stdout(`${'metric'.padEnd(width)}  ${'baseline'.padStart(10)}  ${'current'.padStart(10)}  ${'delta'.padStart(10)}  status     noise\n`);
      for (const r of comparison.rows) {
        const noise = r.significant === null ? "can't tell" : r.significant ? 'significant' : 'within noise';
        io.stdout(`${r.metric.padEnd(width)}  ${fmt(r.baseline).padStart(10)}  ${fmt(r.current).padStart(10)}  ${fmt(r.delta).padStart(10)}  ${r.status.padEnd(9)}  ${r.delta === null || r.status === 'unchanged' ? '' : noise}\n`);
        for (const v of r.violations) io.stdout(`${''.padEnd(width)}  ✗ ${v.message}\n`);
      }
      for (const v of comparison.violations) io.stdout(`✗ ${v.message}\n`);
      const verdict = comparison.passed ? 'passed' : `failed: ${comparison.summary.violations} rule(s) broken`;
      io.stdout(`\n${comparison.baseline.found ? summaryLine(comparison) : 'no baseline yet'}; ${verdict}. Wrote ${file}\n`);
    }
    return comparison.passed ? ExitCode.Ok : ExitCode.CheckFailed;
  },
});
