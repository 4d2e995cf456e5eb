import { connect } from 'node:net';
import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { useInProcessWebHost } from '../../tests/helpers/web-host';
import type { Engine } from '../app';
import { startWebHost, type WebHost } from './http-server';

const TOKEN = 'hostile-token-0123456789';

/** Writes `raw` on a fresh connection and reads whatever comes back until the server closes or a pause. */
function raw(host: WebHost, text: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(host.port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, 3_000);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      // One answer is all these tests need; a keep-alive connection would otherwise wait for the timer.
      if (/\r\n\r\n/.test(answer) && /content-length: (\d+)/i.test(answer)) {
        const length = Number(/content-length: (\d+)/i.exec(answer)![1]);
        if (answer.length - answer.indexOf('\r\n\r\n') - 4 >= length) {
          clearTimeout(timer);
          done();
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(text);
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

async function pageStillServed(host: WebHost): Promise<number> {
  const response = await fetch(`${host.url}/`);
  await response.text();
  return response.status;
}

describe('the web host against hostile input', () => {
  const running = useInProcessWebHost(TOKEN, { maxBodyBytes: 64 * 1024, maxUploadBytes: 256 * 1024, maxConnections: 8, maxEventStreams: 2 });
  let engine: Engine;
  let host: WebHost;
  beforeAll(() => {
    ({ engine, host } = running);
  });

  test('the requests that killed the process get an answer, and the host lives on', async () => {
    const attacks = [
      'GET // HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      `GET /rpc/customers/count HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: cs_token=%E0%A4%A\r\n\r\n`,
      `GET /%E0 HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`,
      `GET /%00 HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`,
      'GET //evil.example/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET /hooks/%E0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'BREW / HTTP/1.1\r\n\r\n',
      // Found by the property test below: a HEAD of the event stream got headers that never flushed.
      `HEAD /events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
    ];
    for (const attack of attacks) {
      const status = statusOf(await raw(host, attack.replace(/\r\n\r\n$/, '\r\nConnection: close\r\n\r\n')));
      expect(status, attack).toBeGreaterThanOrEqual(400);
      expect(status, attack).toBeLessThan(500);
      expect(await pageStillServed(host)).toBe(200);
    }
  });

  test('bodies, URLs and headers over their limits get 413, 414 and 431', async () => {
    const big = 'x'.repeat(70 * 1024);
    const rpc = await fetch(`${host.url}/rpc/customers/count`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ big }) });
    expect(rpc.status).toBe(413);
    expect(((await rpc.json()) as { error: { message: string } }).error.message).toContain('65536 bytes');

    const hook = await fetch(`${host.url}/hooks/1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(hook.status).toBe(413);

    const upload = await fetch(`${host.url}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream', 'x-file-name': 'big.csv' },
      body: 'y'.repeat(300 * 1024),
    });
    expect(upload.status).toBe(413);
    // Nothing of the refused upload is left on disk.
    expect(readdirSync(join(running.dir, 'uploads')).filter((name) => !name.startsWith('.'))).toEqual([]);

    // Sent in chunks without a length, the cap still holds while it streams.
    const chunked = await raw(
      host,
      `POST /uploads HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/octet-stream\r\nX-File-Name: c.csv\r\nTransfer-Encoding: chunked\r\n\r\n${`10000\r\n${'z'.repeat(0x10000)}\r\n`.repeat(5)}0\r\n\r\n`,
    );
    expect(statusOf(chunked)).toBe(413);
    expect(readdirSync(join(running.dir, 'uploads')).filter((name) => !name.startsWith('.'))).toEqual([]);

    expect(statusOf(await raw(host, `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`))).toBe(414);
    expect(statusOf(await raw(host, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`))).toBe(431);
    expect(await pageStillServed(host)).toBe(200);
  });

  test('webhooks answer the same for a provider that exists, one that does not and a bad id', async () => {
    const provider = await engine.call('providers/create', { kind: 'twilio', channel: 'sms', name: 'Twilio', config: { accountSid: 'AC123', from: '+15005550006', authToken: 'secret' } });
    const answers = await Promise.all(
      [`/hooks/${provider.id}`, '/hooks/999', '/hooks/abc', '/hooks/0'].map(async (path) => {
        const response = await fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'MessageSid=SM1' });
        return { status: response.status, body: await response.text() };
      }),
    );
    expect(new Set(answers.map((a) => `${a.status} ${a.body}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(401);
  });

  test('connections and event streams past their bounds get 503 and 429', async () => {
    const tickets = async () => {
      const response = await fetch(`${host.url}/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
      return ((await response.json()) as { value: { ticket: string } }).value.ticket;
    };
    const streams = [];
    for (let i = 0; i < 2; i += 1) {
      const ticket = await tickets();
      streams.push(
        await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
          request({ host: '127.0.0.1', port: host.port, path: `/events?ticket=${ticket}` }, resolve)
            .on('error', reject)
            .end(),
        ),
      );
    }
    expect(streams.map((s) => s.statusCode)).toEqual([200, 200]);
    const third = await fetch(`${host.url}/events?ticket=${await tickets()}`);
    expect(third.status).toBe(429);
    for (const stream of streams) stream.destroy();

    // Idle connections fill the bound; the next one's request is answered 503.
    const idle = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<import('node:net').Socket>((resolve) => {
            const socket = connect(host.port, '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await raw(host, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    expect(statusOf(refused)).toBe(503);
    for (const socket of idle) socket.destroy();
    await expect.poll(() => pageStillServed(host)).toBe(200);
  });

  test('a client that stops reading its event stream is dropped, not buffered without end', async () => {
    // The real engine behind a host whose events this test makes: a megabyte of them at once.
    const listeners = new Set<(event: unknown) => void>();
    const loud: Engine = { ...engine, onEvent: (listener) => (listeners.add(listener as (event: unknown) => void), () => listeners.delete(listener as (event: unknown) => void)) };
    const second = await startWebHost({ engine: loud, token: TOKEN, rendererDir: null });
    try {
      const ticket = ((await (await fetch(`${second.url}/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { value: { ticket: string } }).value.ticket;
      const socket = connect(second.port, '127.0.0.1');
      let closed = false;
      let received = 0;
      socket.on('close', () => (closed = true));
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.write(`GET /events?ticket=${ticket} HTTP/1.1\r\nHost: 127.0.0.1:${second.port}\r\n\r\n`);
      await new Promise((resolve) => socket.once('data', resolve));
      socket.pause();
      const event = { type: 'data/changed', topic: 'x'.repeat(4096) };
      const sent = 4000;
      for (let i = 0; i < sent; i += 1) {
        for (const listener of listeners) listener(event);
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      // Reading again, the client finds its stream ended well short of all that was emitted.
      socket.resume();
      await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
      expect(received).toBeLessThan((sent * JSON.stringify(event).length) / 2);
      expect(await pageStillServed(host)).toBe(200);
    } finally {
      await second.close();
    }
  });

  test('random paths, methods, headers, cookies and bodies all get an answer; the page is served after', async () => {
    const token = fc.oneof(fc.constant(TOKEN), fc.string({ maxLength: 40 }));
    const path = fc.oneof(
      fc.constantFrom('/', '//', '/rpc/customers/count', '/rpc/', '/events', '/events/ticket', '/uploads', '/track', '/hooks/1', '/hooks/', '/%E0', '/%', '/index.html', '/../secret.key'),
      fc.string({ maxLength: 60 }).map((s) => `/${encodeURI(s)}`),
      fc.string({ maxLength: 60 }).map((s) => `/${s.replace(/[\s]/g, '')}`),
      fc.stringMatching(/^\/[%A-Za-z0-9/.?=&#-]{0,40}$/),
    );
    const headerValue = fc.string({ maxLength: 80 }).map((s) => s.replace(/[\r\n]/g, ''));
    const requestShape = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE'),
      path,
      host: fc.constantFrom(`127.0.0.1:${host.port}`, 'localhost', 'evil.example', ''),
      auth: fc.option(token.map((t) => `Bearer ${t}`)),
      cookie: fc.option(
        fc.oneof(
          headerValue,
          token.map((t) => `cs_token=${t}`),
          fc.constant('cs_token=%E0%A4%A'),
        ),
      ),
      contentType: fc.option(fc.constantFrom('application/json', 'application/octet-stream', 'text/plain', 'multipart/form-data; boundary=x')),
      extra: fc.option(headerValue),
      body: fc.oneof(
        fc.constant(''),
        fc.json(),
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
      ),
    });
    await fc.assert(
      fc.asyncProperty(requestShape, async (shape) => {
        const lines = [`${shape.method} ${shape.path} HTTP/1.1`];
        if (shape.host) lines.push(`Host: ${shape.host}`);
        if (shape.auth) lines.push(`Authorization: ${shape.auth}`);
        if (shape.cookie) lines.push(`Cookie: ${shape.cookie}`);
        if (shape.contentType) lines.push(`Content-Type: ${shape.contentType}`);
        if (shape.extra) lines.push(`X-Extra: ${shape.extra}`);
        const body = Buffer.from(shape.body, 'latin1');
        lines.push(`Content-Length: ${body.length}`, 'Connection: close');
        const answer = await raw(host, Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
        const status = statusOf(answer);
        // An event stream answers 200 and stays open; every other request gets a whole answer.
        return status >= 200 && status < 600 && status !== 500;
      }),
      { numRuns: 300 },
    );
    expect(await pageStillServed(host)).toBe(200);
    expect((await engine.call('customers/count', {})).count).toBe(0);
  });
});
