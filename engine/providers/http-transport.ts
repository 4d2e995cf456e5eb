import { Worker } from 'node:worker_threads';

/** An answer as the providers read it. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpRequestInit {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** A request handed to the HTTP worker (http-worker.ts). */
export interface HttpWorkerRequest {
  id: number;
  origin: string;
  method: HttpRequestInit['method'];
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export type HttpWorkerAnswer = ({ id: number; error?: undefined } & HttpAnswer) | { id: number; error: string; mayHaveLeft: boolean };

/**
 * No answer came. `mayHaveLeft` is false only when the request provably never reached the server
 * (no connection, DNS, TLS, a refused connect: it failed before a byte of it was written); then
 * sending it again cannot deliver it twice. Otherwise the server may have acted on it.
 */
export class NoAnswerError extends Error {
  constructor(
    message: string,
    readonly mayHaveLeft: boolean,
  ) {
    super(message);
    this.name = 'NoAnswerError';
  }
}

interface Waiting {
  request: HttpWorkerRequest;
  resolve: (answer: HttpAnswer) => void;
  reject: (error: Error) => void;
}

/**
 * Sends requests through the HTTP worker thread: the requests of one turn of the event loop go in
 * one message, their answers come back batched. The worker keeps the process alive only while
 * requests are out. If it cannot start (its script missing or unloadable), nothing was sent: the
 * requests waiting for it go through `fallback` on this thread, and so does every later one.
 */
export class HttpWorkerTransport {
  private worker: Worker | null = null;
  private started = false;
  private broken = false;
  /** Set by close(): the worker stays referenced until it has ended. */
  private closing = false;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private outgoing: HttpWorkerRequest[] = [];

  constructor(
    private readonly script: string,
    private readonly fallback: (url: URL, init: HttpRequestInit) => Promise<HttpAnswer>,
  ) {}

  request(url: URL, init: HttpRequestInit): Promise<HttpAnswer> {
    if (this.broken) return this.fallback(url, init);
    const worker = this.worker ?? this.start();
    const request: HttpWorkerRequest = {
      id: this.nextId++,
      origin: url.origin,
      method: init.method,
      path: `${url.pathname}${url.search}`,
      headers: init.headers ?? {},
      ...(init.body !== undefined ? { body: init.body } : {}),
    };
    if (this.outgoing.length === 0) queueMicrotask(() => this.flush());
    this.outgoing.push(request);
    if (this.waiting.size === 0) worker.ref();
    return new Promise<HttpAnswer>((resolve, reject) => this.waiting.set(request.id, { request, resolve, reject }));
  }

  /** Lets the worker finish what it holds, closes its connections and ends it. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    this.closing = true;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held until it has ended: an unreferenced worker would let the process exit before what follows the close runs.
    worker.ref();
    worker.postMessage('close');
    await exited;
    this.failAll(new NoAnswerError('the engine closed while the request was out', true));
  }

  private flush(): void {
    const batch = this.outgoing;
    this.outgoing = [];
    if (batch.length > 0) this.worker?.postMessage(batch);
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    this.worker = worker;
    this.started = false;
    worker.unref();
    worker.on('message', (batch: HttpWorkerAnswer[] | 'ready') => {
      if (batch === 'ready') {
        this.started = true;
        return;
      }
      for (const answer of batch) {
        const waiting = this.waiting.get(answer.id);
        if (!waiting) continue;
        this.waiting.delete(answer.id);
        if (answer.error !== undefined) waiting.reject(new NoAnswerError(answer.error, answer.mayHaveLeft));
        else waiting.resolve({ status: answer.status, headers: answer.headers, text: answer.text });
      }
      if (this.waiting.size === 0 && !this.closing) worker.unref();
    });
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (!this.started) {
        // Its script never ran (it says "ready" first): nothing was sent. Everything goes on this thread from now on.
        console.error(`[engine] the HTTP worker could not start (${error.message}); requests go on the engine's thread`);
        this.broken = true;
        const pending = [...this.waiting.values()];
        this.waiting.clear();
        this.outgoing = [];
        for (const { request, resolve, reject } of pending) {
          this.fallback(new URL(`${request.origin}${request.path}`), request).then(resolve, reject);
        }
        return;
      }
      // Requests it held may or may not have reached their server: their fate is unknown.
      this.failAll(new NoAnswerError(`the HTTP worker stopped: ${error.message}`, true));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new NoAnswerError('the HTTP worker stopped', true));
    });
    return worker;
  }

  private failAll(error: Error): void {
    const pending = [...this.waiting.values()];
    this.waiting.clear();
    for (const { reject } of pending) reject(error);
  }
}
