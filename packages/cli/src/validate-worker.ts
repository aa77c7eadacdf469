/**
 * A worker thread of `mlci validate --workers N`. It loads only the shard validator (not the schema parser or the rest
 * of @mlci/core): ~30 ms of start-up instead of ~200.
 */
import { runShardWorker } from '@mlci/core/shard-run';

await runShardWorker();
