import { parentPort, workerData } from 'node:worker_threads';
import { checkRows, type CheckOptions } from './customer-rows';
import { openPath } from './import-source';
import type { SupportedEncoding } from './text-encoding';

/**
 * The worker half of a customers import: reads and checks rows, posts them in batches, and waits
 * for the import to acknowledge before running more than a few batches ahead (bounded memory).
 */
export interface CustomerRowsWorkerData extends CheckOptions {
  path: string;
  fileName: string;
  encoding: SupportedEncoding | 'auto';
}

export type CustomerRowsWorkerMessage = { type: 'rows'; batch: import('./customer-rows').CheckedRow[]; bytesRead: number } | { type: 'done'; bytesRead: number } | { type: 'failed'; message: string };

const MAX_BATCHES_AHEAD = 4;

const port = parentPort!;
const data = workerData as CustomerRowsWorkerData;
const opened = openPath(data.path, data.fileName, data.encoding);
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', (message: 'ack' | 'stop') => {
  if (message === 'stop') {
    opened.close();
    process.exit(0);
  }
  ahead -= 1;
  if (ahead < MAX_BATCHES_AHEAD && wake) {
    const resume = wake;
    wake = null;
    resume();
  }
});

checkRows(opened, data, (batch) => {
  ahead += 1;
  port.postMessage({ type: 'rows', batch, bytesRead: opened.bytesRead() } satisfies CustomerRowsWorkerMessage);
  if (ahead >= MAX_BATCHES_AHEAD) return new Promise<void>((resolve) => (wake = resolve));
  return undefined;
}).then(
  () => port.postMessage({ type: 'done', bytesRead: opened.bytesRead() } satisfies CustomerRowsWorkerMessage),
  (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies CustomerRowsWorkerMessage),
);
