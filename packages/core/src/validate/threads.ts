/**
 * Validation on several threads of one machine: N byte-range shards validated at once (this thread takes the first,
 * its modules being loaded already; N − 1 worker threads the rest), merged in-process into what one thread gives.
 * The worker entry is a file the caller owns (the CLI's, or an action bundle's) that calls `runShardWorker()`.
 */
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { workerExecArgv } from '../worker-argv.js';
import { resolveDataFiles, type ValidateSettings } from './files.js';
import { validateShardOf, type ShardState } from './shard-run.js';
import { mergeShards, shardInputs } from './shard.js';
import type { ValidationResult } from './types.js';

/**
 * Below this much data one thread is used: starting a worker and merging cost more than a second core saves
 * (BENCHMARKS.md, sharding). Above it, auto also wants a core to be idle: on a box busy with other jobs a second
 * thread only competes with them.
 */
export const THREADS_MIN_BYTES = 64 * 1024 * 1024;

/** A thread count option: `auto` or empty (undefined: chooseThreads decides) or a whole number from 1 to 64. */
export function parseThreadCount(value: string | undefined, where: string): number | undefined {
  const text = (value ?? '').trim();
  if (text === '' || text === 'auto') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`'${text}' is not a number of threads`, { where, fix: 'Use auto, or a whole number from 1 to 64' });
  return n;
}

export interface ThreadChoice {
  threads: number;
  /** Why an explicit request was not honoured, for the log. */
  note?: string | undefined;
}

/**
 * How many threads to validate with. `wanted` is a number or undefined for auto: 2 when the data is splittable, at
 * least THREADS_MIN_BYTES, and the machine has 2+ cores with one idle (1-minute load average ≤ cores − 1). Data that
 * cannot be split (a Data Package; gzip or JSON arrays with fewer files than threads) runs on one thread.
 */
export async function chooseThreads(settings: ValidateSettings, wanted: number | undefined, machine: { cores: number; load1: number; minBytes?: number | undefined }): Promise<ThreadChoice> {
  if (wanted === 1) return { threads: 1 };
  if (settings.schema === undefined || settings.data.length === 0 || settings.data.some((d) => /datapackage\.(json|ya?ml)$/i.test(d))) return { threads: 1 };
  let files: string[];
  try {
    files = await resolveDataFiles(settings.data, settings.cwd);
  } catch {
    return { threads: 1 }; // the run itself reports it
  }
  const n = wanted ?? Math.min(machine.cores, 2);
  if (n < 2) return { threads: 1 };
  if (files.length < n && files.some((f) => /\.(gz|json)$/i.test(f))) {
    return { threads: 1, note: wanted !== undefined ? `${wanted} threads: gzip and JSON array files split only by file and there are fewer files than threads; validating on one thread` : undefined };
  }
  if (wanted !== undefined) return { threads: wanted };
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  return { threads: bytes >= (machine.minBytes ?? THREADS_MIN_BYTES) && machine.load1 <= machine.cores - 1 ? n : 1 };
}

interface WorkerReply {
  state?: ShardState;
  error?: { name?: string; what: string; where?: string; fix?: string; code?: string; message: string };
}

/** Validates `threads` byte-range shards at once; `workerUrl` is an entry file that calls runShardWorker(). */
export async function validateInThreads(settings: ValidateSettings, threads: number, workerUrl: URL): Promise<ValidationResult> {
  const { schema, files } = await shardInputs(settings);
  const workers: Worker[] = [];
  const others = Array.from({ length: threads - 1 }, (_, i) => {
    const worker = new Worker(workerUrl, { workerData: { settings, schema, files, shard: { index: i + 1, count: threads } }, execArgv: workerExecArgv() });
    workers.push(worker);
    return new Promise<ShardState>((done, fail) => {
      worker.once('message', (m: WorkerReply) => {
        if (m.state) done(m.state);
        else if (m.error?.name === 'UsageError') fail(new UsageError(m.error.what, { where: m.error.where, fix: m.error.fix, code: m.error.code as never }));
        else fail(new Error(`validation thread ${i + 2} failed: ${m.error?.message ?? 'no reason given'}`));
      });
      worker.once('error', (err) => fail(new Error(`validation thread ${i + 2} failed: ${err.message}`)));
      worker.once('exit', (code) => fail(new Error(`validation thread ${i + 2} exited with code ${code} before replying`)));
    });
  });
  try {
    const states = await Promise.all([validateShardOf(settings, schema, files, { index: 0, count: threads }), ...others]);
    return mergeShards(states.map((state, i) => ({ state, shown: `thread ${i + 1}` })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
