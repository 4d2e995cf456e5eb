import { request } from 'node:http';
import { beforeAll, describe, expect, test } from 'vitest';
import { useInProcessWebHost } from '../../tests/helpers/web-host';
import type { WebHost } from './http-server';

const TOKEN = 'test-token-0123456789';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the Host header and the body can be anything a hostile client sends. */
function send(host: WebHost, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const rpc = (host: WebHost, method: string, body: unknown, headers: Record<string, string> = {}) =>
  send(host, `/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });

describe('web host', () => {
  const running = useInProcessWebHost(TOKEN);
  let host: WebHost;
  beforeAll(() => {
    host = running.host;
  });

  test('binds 127.0.0.1 by default', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('refuses a request without a token, with a wrong token, and with a token in the wrong place', async () => {
    const attempts: Record<string, string>[] = [
      { 'content-type': 'application/json' },
      { 'content-type': 'application/json', authorization: 'Bearer wrong-token-0123456789' },
      { 'content-type': 'application/json', authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of attempts) {
      const reply = await send(host, '/rpc/customers/count', { method: 'POST', headers, body: '{}' });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect((await send(host, '/events')).status).toBe(401);
    expect((await send(host, '/uploads', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'x' })).status).toBe(401);
  });

  test('answers with the token as a bearer header; the page is served without it and no cookie ever carries it', async () => {
    const reply = await rpc(host, 'customers/count', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { count: 0 } });

    // The printed URL holds the token in its fragment, which a browser never sends.
    expect(host.openUrl).toBe(`${host.url}/#token=${TOKEN}`);
    const page = await send(host, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Campaign Studio');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // The old way (the token in the query, traded for a cookie) sets no cookie any more.
    const legacy = await send(host, `/?token=${TOKEN}`);
    expect(legacy.headers['set-cookie']).toBeUndefined();
    const withCookie = await send(host, '/rpc/customers/count', { method: 'POST', headers: { 'content-type': 'application/json', cookie: `cs_token=${TOKEN}` }, body: '{}' });
    expect(withCookie.status).toBe(401);
  });

  test('the event stream opens with a one-time ticket bought with the token', async () => {
    expect((await send(host, '/events/ticket', { method: 'POST' })).status).toBe(401);
    const bought = await send(host, '/events/ticket', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    const { ticket } = (JSON.parse(bought.body) as { value: { ticket: string } }).value;
    const opened = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      request({ host: '127.0.0.1', port: host.port, path: `/events?ticket=${ticket}` }, resolve)
        .on('error', reject)
        .end();
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toContain('text/event-stream');
    opened.destroy();
    expect((await send(host, `/events?ticket=${ticket}`)).status).toBe(401);
    expect((await send(host, '/events?ticket=made-up')).status).toBe(401);
  });

  test('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const reply = await send(host, '/rpc/customers/count', {
      method: 'POST',
      headers: { host: 'evil.example:80', 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(reply.status).toBe(403);
  });

  test('malformed requests get a clear error and change nothing', async () => {
    const notJson = await send(host, '/rpc/customers/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"source": {"kind": "sample"',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toContain('not valid JSON');

    const formPost = await send(host, '/rpc/customers/import', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${TOKEN}` },
      body: 'source=sample',
    });
    expect(formPost.status).toBe(415);

    const unknown = await rpc(host, 'customers/drop', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('unknown_method');

    const badField = await rpc(host, 'customers/get', { externalId: '' });
    expect(badField.status).toBe(400);
    expect(JSON.parse(badField.body).error.details.issues[0].field).toBe('externalId');

    const fromPath = await rpc(host, 'customers/import', { source: { kind: 'file', path: '/etc/passwd' } });
    expect(fromPath.status).toBe(400);

    expect(JSON.parse((await rpc(host, 'customers/count', {})).body).value.count).toBe(0);
  });

  test('streams an upload to the engine and imports it by id', async () => {
    const csv = 'external_id,first_name,city\nU-1,Nour,Sétif\nU-2,Lina,Oran\n';
    const uploaded = await send(host, '/uploads', {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent('clients été.csv'),
        authorization: `Bearer ${TOKEN}`,
      },
      body: csv,
    });
    expect(uploaded.status).toBe(200);
    const { value } = JSON.parse(uploaded.body) as { value: { uploadId: string; fileName: string; bytes: number } };
    expect(value).toMatchObject({ fileName: 'clients été.csv', bytes: Buffer.byteLength(csv) });
    const imported = await rpc(host, 'customers/import', { source: { kind: 'upload', uploadId: value.uploadId } });
    expect(JSON.parse(imported.body)).toMatchObject({ ok: true, value: { fileName: 'clients été.csv', imported: 2 } });

    const asJson = await send(host, '/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(asJson.status).toBe(415);
    const unauthenticated = await send(host, '/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: csv,
    });
    expect(unauthenticated.status).toBe(401);
  });

  test('streams job progress as server-sent events to a client that carries the job id', async () => {
    const events: string[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/events', headers: { authorization: `Bearer ${TOKEN}` } }, resolve);
      req.on('error', reject);
      req.end();
    });
    stream.on('data', (chunk: Buffer) => events.push(chunk.toString()));
    const reply = await rpc(host, 'customers/import', { source: { kind: 'sample' } }, { 'x-job-id': 'job-42' });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { imported: 48 } });
    const received = () =>
      events
        .join('')
        .split('\n\n')
        .filter((frame) => frame.startsWith('data: '))
        .map((frame) => JSON.parse(frame.slice('data: '.length)) as { type: string; jobId?: string; rowsDone?: number });
    await expect.poll(received).toContainEqual({ type: 'data/changed', topic: 'customers' });
    const progress = received().filter((e) => e.type === 'job/progress');
    expect(progress.every((e) => e.jobId === 'job-42')).toBe(true);
    expect(progress.at(-1)?.rowsDone).toBe(48);
    stream.destroy();
  });

  test('POST /track takes a tracking key (bearer or Basic, as SDKs send it), never the admin token; a revoked key is refused', async () => {
    await rpc(host, 'customers/import', { source: { kind: 'text', fileName: 't.csv', text: 'external_id\nT-1\n' } });
    const made = JSON.parse((await rpc(host, 'tracking/create-key', { name: 'Site' })).body).value as { id: number; key: string; prefix: string };
    expect(made.key.startsWith(made.prefix)).toBe(true);
    const track = (authorization: string) =>
      send(host, '/track', { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ customerId: 'T-1', event: 'app_open' }) });
    expect((await track(`Bearer ${made.key}`)).status).toBe(200);
    expect((await track(`Basic ${Buffer.from(`${made.key}:`).toString('base64')}`)).status).toBe(200);
    expect((await track(`Bearer ${TOKEN}`)).status).toBe(401);
    // The key opens nothing else.
    expect((await rpc(host, 'customers/list', {}, { authorization: `Bearer ${made.key}` })).status).toBe(401);
    const listed = JSON.parse((await rpc(host, 'tracking/keys', {})).body).value.keys as { key?: string; lastUsedAt: string | null }[];
    expect(listed[0]!.key).toBeUndefined();
    expect(listed[0]!.lastUsedAt).not.toBeNull();
    await rpc(host, 'tracking/revoke-key', { id: made.id });
    const revoked = await track(`Bearer ${made.key}`);
    expect(revoked.status).toBe(401);
    expect(JSON.parse(revoked.body).error.message).toContain('revoked');
  });
});
