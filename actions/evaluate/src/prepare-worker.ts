/** The evaluate action's evaluate parse thread, bundled to dist/prepare-worker/index.js. */
import { runParseThread } from '@mlci/core/evaluate-thread';

await runParseThread();
