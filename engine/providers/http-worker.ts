import { parentPort } from 'node:worker_threads';
import { HttpPools } from './http-pools';
import { NoAnswerError, type HttpWorkerAnswer, type HttpWorkerRequest } from './http-transport';

/**
 * Providers' HTTP requests, made on a thread of their own (bundled to dist/http-worker.cjs): the
 * engine's thread keeps to the database and the rules while the requests and their answers are
 * parsed here. Requests come in batches, answers go back in batches, one message each way per turn
 * of the event loop, so thousands of sends a second cost a few messages between the threads.
 */
const pools = new HttpPools();
let answers: HttpWorkerAnswer[] = [];
let sending = false;

function sendAnswers(): void {
  sending = false;
  const batch = answers;
  answers = [];
  if (batch.length > 0) parentPort!.postMessage(batch);
}

function answer(value: HttpWorkerAnswer): void {
  answers.push(value);
  if (sending) return;
  sending = true;
  setImmediate(sendAnswers);
}

async function perform({ id, origin, path, ...init }: HttpWorkerRequest): Promise<void> {
  try {
    answer({ id, ...(await pools.request(origin, path, init)) });
  } catch (error) {
    answer({ id, error: (error as Error).message, mayHaveLeft: !(error instanceof NoAnswerError) || error.mayHaveLeft });
  }
}

parentPort!.on('message', (batch: HttpWorkerRequest[] | 'close') => {
  if (batch === 'close') {
    // Requests out are let finish (a message left in doubt is worse than a slower close).
    void pools.close().finally(() =>
      setImmediate(() => {
        sendAnswers();
        process.exit(0);
      }),
    );
    return;
  }
  for (const request of batch) void perform(request);
});
// Before this, nothing can have been sent: the engine tells a worker that never started from one that failed mid-way.
parentPort!.postMessage('ready');
