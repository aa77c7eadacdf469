/**
 * evaluate's parse thread: the data is read, parsed and prepared (prepare.ts) in a worker thread while this thread
 * runs the model and writes outcomes, so the two overlap on two cores. Batches arrive in file order as transferred
 * typed arrays; the caller grants credit batch by batch, so at most CREDIT batches wait in memory.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadOptions } from '../readers/types.js';
import { errorFrom, type ErrorData, type PreparedBatch, type PreparePlan } from './prepare.js';
import { workerExecArgv } from '../worker-argv.js';

export type ToParseThread = { type: 'plan'; plan: PreparePlan; credit: number } | { type: 'credit'; n: number };
export type FromParseThread =
  | { type: 'header'; header: string[]; path: string }
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'end' }
  | { type: 'error'; error: ErrorData };

/** Batches parsed ahead of the model. */
const CREDIT = 3;
/** The parse thread's young generation (V8's semi-spaces), in MiB. */
const YOUNG_GENERATION_MB = 64;

/**
 * The worker module next to this one. Built from a variable so bundlers leave it alone: a bundle has no such file,
 * and evaluate then parses on its own thread.
 */
const WORKER_FILE = './prepare-worker.js';
export function defaultParseThreadModule(): URL | null {
  const url = new URL(WORKER_FILE, import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

type Event = FromParseThread | { type: 'crash'; message: string };

export class ParseThread {
  private readonly worker: Worker;
  private readonly queue: Event[] = [];
  private waiting: ((e: Event) => void) | null = null;
  private done = false;

  constructor(module: URL, data: string, read: ReadOptions) {
    // A young generation larger than a worker's default: parsing makes many short-lived strings, and with the default
    // this thread spent ~0.3 s of every 1M rows in scavenges (~0.15 s with this).
    this.worker = new Worker(module, { workerData: { data, read }, execArgv: workerExecArgv(), resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    this.worker.on('message', (m: FromParseThread) => this.push(m));
    this.worker.on('error', (err) => this.push({ type: 'crash', message: err.message }));
    this.worker.on('exit', (code) => this.push({ type: 'crash', message: `it exited with code ${code}` }));
  }

  private push(e: Event): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(e);
    } else this.queue.push(e);
  }

  private next(): Promise<Event> {
    const e = this.queue.shift();
    return e ? Promise.resolve(e) : new Promise((resolve) => (this.waiting = resolve));
  }

  private fail(e: Event): never {
    if (e.type === 'error') throw errorFrom(e.error);
    const what = e.type === 'crash' ? e.message : `unexpected message '${e.type}'`;
    throw new Error(`evaluate: the parse thread failed: ${what}`);
  }

  /** The data's header and path as the reader reports them; throws the reader's error (a missing file, …). */
  async header(): Promise<{ header: string[]; path: string }> {
    const e = await this.next();
    if (e.type !== 'header') this.fail(e);
    return e;
  }

  /** Prepared batches in file order; the parse thread's errors are thrown where they occur in the file. */
  async *batches(plan: PreparePlan): AsyncGenerator<PreparedBatch> {
    this.worker.postMessage({ type: 'plan', plan, credit: CREDIT } satisfies ToParseThread);
    for (;;) {
      const e = await this.next();
      if (e.type === 'end') {
        this.done = true;
        return;
      }
      if (e.type !== 'batch') this.fail(e);
      this.worker.postMessage({ type: 'credit', n: 1 } satisfies ToParseThread);
      yield e.batch;
    }
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    if (!this.done) await this.worker.terminate();
  }
}
