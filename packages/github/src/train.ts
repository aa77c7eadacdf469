import * as core from '@actions/core';
import { resolve } from 'node:path';
import { runTraining, UsageError, type RunRecord } from '@mlci/core';
import { writeSummary } from './evaluate.js';
import { boolInput, input, listInput, requiredInput, workspacePath, type StepOutcome } from './runtime.js';

/** Input names, as in actions/train/action.yml. */
export const TrainInputs = {
  command: 'command',
  params: 'params',
  inputs: 'inputs',
  outputs: 'outputs',
  metrics: 'metrics',
  out: 'out',
  force: 'force',
} as const;

export const TrainOutputs = {
  status: 'status',
  runRecord: 'run-record',
  exitCode: 'exit-code',
  durationMs: 'duration-ms',
  metricsJson: 'metrics-json',
} as const;

/**
 * Splits a command line into words like a POSIX shell does for quoting (single quotes, double quotes, backslash),
 * without expansions, globbing or operators: the command runs without a shell.
 */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i] === '\n' ? '' : line[i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`unterminated ${quote === '"' ? 'double' : 'single'} quote in the command`, { where: `with.${TrainInputs.command}`, fix: 'Close the quote' });
  if (inWord) words.push(word);
  return words;
}

function summary(record: RunRecord, status: string, workspace: string, recordPath: string): string {
  const rows: Array<[string, string]> = [
    ['Status', status],
    ['Command', `<code>${escapeHtml(record.command.join(' '))}</code>`],
    ['Exit code', String(record.exit_code)],
    ['Duration', `${(record.duration_ms / 1000).toFixed(1)} s`],
    ['Peak memory', record.peak_memory_bytes === null ? 'unknown' : `${(record.peak_memory_bytes / 1048576).toFixed(1)} MiB`],
    ['Commit', record.git_commit ? `<code>${record.git_commit.slice(0, 12)}</code>` : 'none'],
    ['Run record', `<code>${escapeHtml(workspacePath(recordPath, workspace))}</code>`],
  ];
  const metrics = Object.entries(record.metrics).map(([k, v]) => `| ${escapeHtml(k)} | ${v} |`);
  return [
    '### Training run',
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    ...(metrics.length ? ['', '| Metric | Value |', '| --- | ---: |', ...metrics] : []),
    '',
  ].join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>|`]/g, (c) => (c === '|' ? '\\|' : c === '`' ? "'" : `&#${c.charCodeAt(0)};`));
}

export async function runTrain(): Promise<StepOutcome> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const command = splitCommand(requiredInput(TrainInputs.command, 'the training command, e.g. python train.py'));
  const outcome = await runTraining({
    command,
    cwd: workspace,
    outDir: resolve(workspace, input(TrainInputs.out) || '.mlci/train'),
    params: input(TrainInputs.params) || undefined,
    inputs: listInput(TrainInputs.inputs),
    outputs: listInput(TrainInputs.outputs),
    metrics: input(TrainInputs.metrics) || undefined,
    force: boolInput(TrainInputs.force, false),
    names: { params: `with.${TrainInputs.params}`, inputs: `with.${TrainInputs.inputs}`, outputs: `with.${TrainInputs.outputs}`, metrics: `with.${TrainInputs.metrics}` },
    onOutput: (text) => process.stdout.write(text),
  });
  const r = outcome.record;
  core.setOutput(TrainOutputs.status, outcome.status);
  core.setOutput(TrainOutputs.runRecord, workspacePath(outcome.recordPath, workspace));
  core.setOutput(TrainOutputs.exitCode, String(r.exit_code));
  core.setOutput(TrainOutputs.durationMs, String(r.duration_ms));
  core.setOutput(TrainOutputs.metricsJson, JSON.stringify(r.metrics));
  await writeSummary(summary(r, outcome.status === 'skipped' ? `skipped (unchanged since ${r.finished_at})` : outcome.status, workspace, outcome.recordPath));
  if (outcome.status === 'skipped') {
    core.info(outcome.reason);
    return 'ok';
  }
  if (outcome.status === 'failed') {
    core.setFailed(`training command failed with exit code ${r.exit_code}; last lines: ${outcome.tail.split('\n').slice(-5).join(' / ')}`);
    // The step fails with the command's own exit code (setFailed set 1).
    process.exitCode = r.exit_code;
    return 'ok';
  }
  core.info(`training ran in ${(r.duration_ms / 1000).toFixed(1)} s; run record ${workspacePath(outcome.recordPath, workspace)}`);
  return 'ok';
}
