/** A worker thread of `mlci validate --workers N`: validates one byte-range shard and posts its state back. */
import { parentPort, workerData } from 'node:worker_threads';
import { validateShard, type ShardSpec, type ValidateSettings } from '@mlci/core';

const { settings, shard } = workerData as { settings: ValidateSettings; shard: ShardSpec };
try {
  parentPort!.postMessage({ state: await validateShard(settings, shard) });
} catch (err) {
  const e = err as { name?: string; what?: string; message?: string; where?: string; fix?: string; code?: string };
  parentPort!.postMessage({ error: { name: e.name, what: e.what ?? e.message, where: e.where, fix: e.fix, code: e.code, message: e.message } });
}
