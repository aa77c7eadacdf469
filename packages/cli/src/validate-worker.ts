/**
 * A worker thread of `mlci validate --workers N`: validates one byte-range shard and posts its state back. It loads
 * only the shard validator (not the schema parser or the rest of @mlci/core): ~30 ms of start-up instead of ~200.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { validateShardOf, type ShardSpec } from '@mlci/core/shard-run';
import type { TableSchema, ValidateSettings } from '@mlci/core';

const { settings, schema, files, shard } = workerData as { settings: ValidateSettings; schema: TableSchema; files: string[]; shard: ShardSpec };
try {
  parentPort!.postMessage({ state: await validateShardOf(settings, schema, files, shard) });
} catch (err) {
  const e = err as { name?: string; what?: string; message?: string; where?: string; fix?: string; code?: string };
  parentPort!.postMessage({ error: { name: e.name, what: e.what ?? e.message, where: e.where, fix: e.fix, code: e.code, message: e.message } });
}
