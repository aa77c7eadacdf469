/** The pipeline action's validation worker thread, bundled to dist/validate-worker/index.js: validates one byte-range shard. */
import { runShardWorker } from '@mlci/core/shard-run';

await runShardWorker();
