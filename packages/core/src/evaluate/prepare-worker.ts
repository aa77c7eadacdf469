/**
 * Entry of evaluate's parse thread (a worker_threads Worker started by parse-thread.ts); bundled actions ship their
 * own entry that calls the same runParseThread().
 */
import { runParseThread } from './prepare-thread.js';

await runParseThread();
