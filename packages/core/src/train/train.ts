/**
 * `mlci train`: runs the user's own training command (any language, no shell), streams its output, and records
 * run.json. When the command, parameters and input hashes are unchanged since a successful recorded run and every
 * recorded output is present with its hash, the run is skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.js';
import { hashPaths, portablePath } from './hash.js';
import { TreeMemorySampler } from './memory.js';
import { canonical, flattenNumbers, isRecord, readStructured, type RunRecord } from './record.js';

export interface TrainSettings {
  /** Program and arguments, run without a shell (pass `sh -c '…'` for shell syntax). */
  command: string[];
  cwd: string;
  /** Where run.json goes. */
  outDir: string;
  /** Parameters file; default `params.yaml`, `params.yml` or `params.json` in cwd when present. */
  params?: string | undefined;
  inputs?: string[] | undefined;
  outputs?: string[] | undefined;
  /** Metrics file the training writes (JSON or YAML). */
  metrics?: string | undefined;
  /** Run even when nothing changed. */
  force?: boolean | undefined;
  env?: Record<string, string | undefined> | undefined;
  /** Receives the command's output as it comes. */
  onOutput?: ((text: string, stream: 'stdout' | 'stderr') => void) | undefined;
  /** Option names for messages. */
  names?: Partial<Record<'params' | 'inputs' | 'outputs' | 'metrics', string>> | undefined;
  memoryPollMs?: number | undefined;
}

export type TrainOutcome =
  | { status: 'ran'; record: RunRecord; recordPath: string }
  | { status: 'skipped'; record: RunRecord; recordPath: string; reason: string }
  | { status: 'failed'; record: RunRecord; recordPath: string; tail: string };

/** Lines of output kept for the failure message. */
export const TAIL_LINES = 20;

function gitCommit(cwd: string): string | null {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim() || null : null;
}

function defaultParams(cwd: string): string | undefined {
  return ['params.yaml', 'params.yml', 'params.json'].find((f) => existsSync(join(cwd, f)));
}

async function readPrevious(path: string): Promise<RunRecord | undefined> {
  try {
    const doc = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return isRecord(doc) && doc.version === 1 ? (doc as unknown as RunRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the previous run cannot be reused, or undefined when it can. */
async function staleReason(prev: RunRecord, current: { command: string[]; params: unknown; inputs: Record<string, string> }, cwd: string): Promise<string | undefined> {
  if (prev.exit_code !== 0) return 'the recorded run failed';
  if (canonical(prev.command) !== canonical(current.command)) return 'the command changed';
  if (canonical(prev.params ?? null) !== canonical(current.params ?? null)) return 'the parameters changed';
  if (canonical(prev.inputs) !== canonical(current.inputs)) return 'the inputs changed';
  const outputs = Object.keys(prev.outputs ?? {});
  if (outputs.length === 0) return 'no outputs were recorded';
  const now = await hashPaths(cwd, outputs);
  if (now.missing.length > 0) return `output ${now.missing[0]} is missing`;
  if (canonical(now.hashes) !== canonical(prev.outputs)) return 'the outputs changed since the recorded run';
  return undefined;
}

export async function runTraining(settings: TrainSettings): Promise<TrainOutcome> {
  const names = { params: '--params', inputs: '--inputs', outputs: '--outputs', metrics: '--metrics', ...settings.names };
  const { cwd } = settings;
  if (settings.command.length === 0) {
    throw new UsageError('no training command given', { where: 'mlci train', fix: "Put the command after '--', e.g. mlci train -- python train.py" });
  }
  const paramsFile = settings.params ?? defaultParams(cwd);
  const params = paramsFile ? await readStructured(resolve(cwd, paramsFile), 'parameters file', names.params) : null;
  const inputs = await hashPaths(cwd, settings.inputs ?? []);
  if (inputs.missing.length > 0) {
    throw new UsageError(`input ${inputs.missing.join(', ')} does not exist`, { where: names.inputs, fix: 'List files or folders the training reads', code: 'file-not-found' });
  }
  const recordPath = join(settings.outDir, 'run.json');
  const previous = await readPrevious(recordPath);
  if (previous && !settings.force) {
    const reason = await staleReason(previous, { command: settings.command, params, inputs: inputs.hashes }, cwd);
    if (reason === undefined) {
      return { status: 'skipped', record: previous, recordPath, reason: `skipped: inputs, parameters and command unchanged since ${previous.finished_at}` };
    }
  }

  const startedAt = new Date();
  const t0 = performance.now();
  const child = spawn(settings.command[0]!, settings.command.slice(1), {
    cwd,
    env: settings.env ? Object.fromEntries(Object.entries(settings.env).filter((e): e is [string, string] => e[1] !== undefined)) : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sampler = child.pid ? new TreeMemorySampler(child.pid, settings.memoryPollMs) : undefined;
  sampler?.start();
  let tail = '';
  const keep = (text: string) => {
    tail = (tail + text).slice(-16384);
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (t: string) => {
    keep(t);
    settings.onOutput?.(t, 'stdout');
  });
  child.stderr.on('data', (t: string) => {
    keep(t);
    settings.onOutput?.(t, 'stderr');
  });
  const exitCode = await new Promise<number>((resolveExit, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        new UsageError(`cannot run '${settings.command[0]}': ${err.code ?? err.message}`, {
          where: 'mlci train',
          fix: err.code === 'ENOENT' ? 'Check the command is installed and on PATH (no shell is used: wrap shell syntax in sh -c)' : 'Check the command can be executed',
          code: 'command-failed',
        }),
      );
    });
    child.on('close', (code, signal) => {
      // A signal-terminated process exits 128 + signal number, as shells report it.
      const signo = signal ? signalNumber(signal) : 0;
      resolveExit(code ?? 128 + signo);
    });
  }).finally(() => sampler?.stop());
  const durationMs = performance.now() - t0;

  const outputs = await hashPaths(cwd, settings.outputs ?? []);
  let metrics: Record<string, number> = {};
  const metricsFile = settings.metrics ? portablePath(cwd, settings.metrics) : null;
  if (exitCode === 0 && settings.metrics) {
    metrics = flattenNumbers(await readStructured(resolve(cwd, settings.metrics), 'metrics file', names.metrics));
  }
  const record: RunRecord = {
    version: 1,
    command: settings.command,
    exit_code: exitCode,
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    duration_ms: Math.round(durationMs),
    peak_memory_bytes: sampler?.peakBytes ?? null,
    peak_memory_method: sampler?.supported ? 'sum of VmRSS over the process tree, sampled from /proc' : null,
    git_commit: gitCommit(cwd),
    params_file: paramsFile ? portablePath(cwd, paramsFile) : null,
    params,
    inputs: inputs.hashes,
    outputs: outputs.hashes,
    metrics_file: metricsFile,
    metrics,
  };
  await mkdir(settings.outDir, { recursive: true });
  await writeFile(recordPath, JSON.stringify(record, null, 2) + '\n');
  if (exitCode !== 0) {
    return { status: 'failed', record, recordPath, tail: tail.split(/\r?\n/).filter((l) => l.trim() !== '').slice(-TAIL_LINES).join('\n') };
  }
  if (outputs.missing.length > 0) {
    throw new UsageError(`the training command did not write ${outputs.missing.join(', ')}`, { where: names.outputs, fix: 'List the files the training writes, or fix the training script', code: 'output-missing' });
  }
  return { status: 'ran', record, recordPath };
}

function signalNumber(signal: NodeJS.Signals): number {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };
  return table[signal] ?? 1;
}
