import { availableParallelism, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import {
  directoryBaseline,
  loadConfig,
  renderPipelineConsoleLine,
  runPipeline,
  STAGES,
  UsageError,
  type StageName,
} from '@mlci/core';
import { defineCommand, ExitCode, listOption } from '../command.js';
import { VERSION } from '../version.js';
import { loadOnnxRuntime } from './evaluate.js';

export function parseStages(values: string[]): StageName[] {
  for (const v of values) {
    if (!(STAGES as readonly string[]).includes(v)) throw new UsageError(`'${v}' is not a stage`, { where: '--stage', fix: `Use one or more of: ${STAGES.join(', ')}` });
  }
  return values as StageName[];
}

export const runCommand = defineCommand({
  name: ['run'],
  summary: 'Run the whole pipeline mlci.yml describes (validate, drift, train, evaluate, compare, report, gate); print the report.',
  usage: '[--config mlci.yml] [--stage <name>…] [--environment <name>] [--baseline <dir>] [--out <dir>] [--force]',
  help: [
    ['--config <file>', 'Pipeline config (default mlci.yml). Paths in it are relative to its folder.'],
    ['--stage <name>', `Run only these stages (repeat or comma-separate: ${STAGES.join(', ')}); the others read what an earlier run left in --out.`],
    ['--environment <name>', 'Run the gate for this environment (overrides gate.environment).'],
    ['--baseline <dir>', "Folder with the main branch's files: the artifact/ folder of an earlier run (default: no baseline)."],
    ['--out <dir>', 'Where every stage writes (default .mlci next to the config); <out>/artifact is the next baseline.'],
    ['--force', 'Train even when inputs, parameters and command are unchanged.'],
    ['--quiet', 'Print the stage lines only, not the report.'],
  ],
  options: {
    config: { type: 'string', short: 'c' },
    stage: { type: 'string', multiple: true },
    environment: { type: 'string', short: 'e' },
    baseline: { type: 'string' },
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const configPath = resolve(io.cwd, values.config ?? 'mlci.yml');
    if (!values.config && !existsSync(configPath)) {
      throw new UsageError('no mlci.yml here', { where: io.cwd, fix: 'Run `mlci init --data <file>` to write one, or pass --config <file>' });
    }
    const config = await loadConfig(configPath);
    const baseDir = dirname(configPath);
    const configName = relative(io.cwd, configPath) || 'mlci.yml';
    const outDir = values.out ? resolve(io.cwd, values.out) : resolve(baseDir, '.mlci');
    const baseline = values.baseline ? resolve(io.cwd, values.baseline) : undefined;
    if (baseline && !existsSync(baseline)) throw new UsageError(`baseline folder not found: ${values.baseline}`, { where: '--baseline', fix: 'Pass the artifact/ folder an earlier `mlci run` wrote (e.g. on main)' });
    const result = await runPipeline({
      config,
      baseDir,
      outDir,
      configName,
      only: parseStages(listOption(values.stage)),
      environment: values.environment,
      commit: io.env.GITHUB_SHA || io.env.CI_COMMIT_SHA || undefined,
      generator: `mlci ${VERSION}`,
      env: io.env,
      forceTrain: values.force === true,
      validationThreads: { workerUrl: new URL('../validate-worker.js', import.meta.url), cores: availableParallelism(), load1: loadavg()[0]! },
      ports: {
        baseline: baseline ? directoryBaseline(baseline, values.baseline) : undefined,
        onnxRuntime: loadOnnxRuntime,
        deploymentsUnavailable: 'mlci run has no deployment history (use the root action or mlci gate --repo)',
      },
      onOutput: (text, stream) => (stream === 'stdout' ? io.stdout(text) : io.stderr(text)),
      onEvent: (e) => {
        if (e.phase === 'end' && e.result) io.stdout(renderPipelineConsoleLine(e.result) + '\n');
      },
    });
    const shown = relative(io.cwd, outDir) || '.';
    if (result.report && !values.quiet) io.stdout(`\n${result.report.markdown.trimEnd()}\n\n`);
    const failed = result.stages.filter((r) => r.status === 'failed').map((r) => r.stage);
    io.stdout(
      `${failed.length ? `failed: ${failed.join(', ')}` : 'passed'} in ${(result.durationMs / 1000).toFixed(1)} s; outputs in ${shown}/, next baseline in ${relative(io.cwd, result.artifactDir)}/\n`,
    );
    return result.passed ? ExitCode.Ok : ExitCode.CheckFailed;
  },
});
