/**
 * The body of evaluate's parse thread (a worker_threads Worker started by parse-thread.ts): opens the data, posts its
 * header, waits for the plan, then parses and prepares batch after batch while the calling thread runs the model.
 * It keeps at most the credit the caller gave ahead of it, so memory stays a few batches deep.
 */
import { parentPort, workerData } from 'node:worker_threads';
// open.js rather than the readers' index: fewer modules to load before the first batch.
import { openTable } from '../readers/open.js';
import type { ReadOptions } from '../readers/types.js';
import { errorData, Preparer, transferList, type PreparePlan } from './prepare.js';
import type { ToParseThread } from './parse-thread.js';

export async function runParseThread(): Promise<void> {
  const port = parentPort!;
  const { data, read } = workerData as { data: string; read: ReadOptions };
  let credit = 0;
  let wake: (() => void) | null = null;
  let givePlan: (plan: PreparePlan) => void = () => undefined;
  const planned = new Promise<PreparePlan>((resolve) => (givePlan = resolve));
  port.on('message', (m: ToParseThread) => {
    if (m.type === 'plan') {
      credit += m.credit;
      givePlan(m.plan);
    } else {
      credit += m.n;
      wake?.();
    }
  });

  try {
    const table = await openTable(data, read);
    port.postMessage({ type: 'header', header: table.header, path: table.path });
    const preparer = new Preparer(await planned);
    for await (const batch of table.batches) {
      const prepared = preparer.prepare(batch);
      if (!prepared) continue;
      while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      port.postMessage({ type: 'batch', batch: prepared }, transferList(prepared));
    }
    port.postMessage({ type: 'end' });
  } catch (err) {
    port.postMessage({ type: 'error', error: errorData(err) });
  }
  port.close();
}
