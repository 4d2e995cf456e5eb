import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { OutgoingMessage, ProviderConfig } from '../../engine/providers/provider';
import { closeAdapters } from '../../engine/providers/registry';

/**
 * A provider's API played by a local HTTP server: it records every request exactly as it arrived
 * (method, path and query, headers, raw body) and answers with the responses a test scripts, in
 * order (then 200 with an empty JSON object), the way the provider's documentation shows them.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedAnswer {
  /** Read the whole request, then close the connection without a word: the answer is lost. */
  drop?: true;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface StandIn {
  url: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order. */
  answer(...answers: ScriptedAnswer[]): void;
  /** Answers chosen per request (checked before the queue). */
  route(choose: (request: RecordedRequest) => ScriptedAnswer | undefined): void;
  last(): RecordedRequest;
  /** Forgets the requests, the queued answers and the router. */
  reset(): void;
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedAnswer[] = [];
  let router: (request: RecordedRequest) => ScriptedAnswer | undefined = () => undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const scripted = router(recorded) ?? queue.shift() ?? { status: 200, body: {} };
      if (scripted.drop) return void req.socket.destroy();
      const body = typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body ?? {});
      res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer: (...answers) => queue.push(...answers),
    route: (choose) => (router = choose),
    last: () => {
      const request = requests.at(-1);
      if (!request) throw new Error('the stand-in received no request');
      return request;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      router = () => undefined;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function sampleMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    id: 41,
    idempotencyKey: 'c3:41',
    channel: 'email',
    to: { externalId: 'C-41', email: 'amina@example.dz', phone: '+213551234567', pushToken: 'tok-41' },
    content: { title: 'Salam Amina', subject: 'Your cart', body: 'Your cart is waiting', html: '<p>Your cart is waiting</p>', link: 'https://shop.example/cart', templateName: '', templateParams: [] },
    conversionEvent: 'purchase',
    marketing: true,
    unsubscribeUrl: 'https://shop.example/unsubscribe?m=c3%3A41',
    ...overrides,
  };
}

export function providerConfig(kind: string, channel: string, config: Record<string, unknown>): ProviderConfig {
  return { id: 5, name: `${kind} test`, kind, channel, config };
}

/** A stand-in for a describe block or file: started before, reset before each test (requests, answers, router), closed (with the adapters' pools) after. */
export function useStandIn(): () => StandIn {
  let api: StandIn;
  beforeAll(async () => {
    api = await startStandIn();
  });
  beforeEach(() => {
    api.reset();
  });
  afterAll(async () => {
    await closeAdapters();
    await api.close();
  });
  return () => api;
}
