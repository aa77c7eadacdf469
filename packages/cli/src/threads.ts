/**
 * `mlci validate --workers N`: N byte-range shards validated at once, this thread taking the first (its modules are
 * loaded already) and N − 1 worker threads the rest, then merged in-process into what one thread would give.
 */
import { Worker } from 'node:worker_threads';
import { mergeShards, shardInputs, UsageError, validateShardOf, type ShardState, type ValidateSettings, type ValidationResult } from '@mlci/core';

interface WorkerReply {
  state?: ShardState;
  error?: { name?: string; what: string; where?: string; fix?: string; code?: string; message: string };
}

export async function validateInThreads(settings: ValidateSettings, threads: number): Promise<ValidationResult> {
  const { schema, files } = await shardInputs(settings);
  const url = new URL('./validate-worker.js', import.meta.url);
  const workers: Worker[] = [];
  const others = Array.from({ length: threads - 1 }, (_, i) => {
    const worker = new Worker(url, { workerData: { settings, schema, files, shard: { index: i + 1, count: threads } } });
    workers.push(worker);
    return new Promise<ShardState>((done, fail) => {
      worker.once('message', (m: WorkerReply) => {
        if (m.state) done(m.state);
        else if (m.error?.name === 'UsageError') fail(new UsageError(m.error.what, { where: m.error.where, fix: m.error.fix, code: m.error.code as never }));
        else fail(new Error(m.error?.message ?? 'worker failed'));
      });
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`validation worker ${i + 2} exited with code ${code} before replying`)));
    });
  });
  try {
    const states = await Promise.all([validateShardOf(settings, schema, files, { index: 0, count: threads }), ...others]);
    return mergeShards(states.map((state, i) => ({ state, shown: `thread ${i + 1}` })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
