import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test, vi } from 'vitest';
import { HTTP_WORKER, REPO_ROOT } from '../../tests/helpers/temp-dir';
import { HttpWorkerTransport, type HttpAnswer } from './http-transport';

/** The HTTP worker (the built dist/http-worker.cjs) against a local server. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s: Server = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => s.close(() => resolve())));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const notUsed = async (): Promise<HttpAnswer> => {
  throw new Error('the fallback was used');
};

test('two hundred requests out at once each get their own answer: status, headers and body', async () => {
  const url = await server((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => res.writeHead(req.url === '/missing' ? 404 : 200, { 'x-echo': String(req.headers['idempotency-key']) }).end(`${req.method} ${req.url} ${body}`));
  });
  const transport = new HttpWorkerTransport(HTTP_WORKER, notUsed);
  cleanups.push(() => transport.close());
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) => transport.request(new URL(`${url}/hook/${i}?q=1`), { method: 'POST', headers: { 'idempotency-key': `k${i}` }, body: `{"n":${i}}` })),
  );
  answers.forEach((answer, i) => {
    expect(answer).toMatchObject({ status: 200, text: `POST /hook/${i}?q=1 {"n":${i}}` });
    expect(answer.headers['x-echo']).toBe(`k${i}`);
  });
  expect(await transport.request(new URL(`${url}/missing`), { method: 'GET' })).toMatchObject({ status: 404, text: 'GET /missing ' });
});

test('no answer (nothing listens) is an error for the caller, and the worker goes on serving', async () => {
  const url = await server((_req, res) => res.end('fine'));
  const closed = await server(() => undefined);
  await cleanups.pop()!();
  const transport = new HttpWorkerTransport(HTTP_WORKER, notUsed);
  cleanups.push(() => transport.close());
  await expect(transport.request(new URL(`${closed}/x`), { method: 'GET' })).rejects.toThrow(/ECONNREFUSED|connect/);
  expect((await transport.request(new URL(`${url}/y`), { method: 'GET' })).text).toBe('fine');
});

test('closing lets a request that is out finish with its answer', async () => {
  const url = await server((_req, res) => setTimeout(() => res.end('late but here'), 150));
  const transport = new HttpWorkerTransport(HTTP_WORKER, notUsed);
  const out = transport.request(new URL(`${url}/slow`), { method: 'GET' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await transport.close();
  expect((await out).text).toBe('late but here');
});

test('a process whose last request is out when it closes waits for the answer and the worker to end, then carries on', async () => {
  const url = await server((_req, res) => setTimeout(() => res.end('late but here'), 150));
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/http-close-child.ts', `${url}/slow`], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect({ code, output }).toEqual({ code: 0, output: 'answer: late but here\nclosed\n' });
});

test('a worker that cannot start sent nothing: its requests, and every later one, go through the fallback on this thread', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  cleanups.push(() => error.mockRestore());
  const fallback = vi.fn(async (url: URL): Promise<HttpAnswer> => ({ status: 200, headers: {}, text: `here: ${url.pathname}` }));
  const transport = new HttpWorkerTransport('/nowhere/http-worker.cjs', fallback);
  cleanups.push(() => transport.close());
  expect(await Promise.all([transport.request(new URL('http://127.0.0.1:9/a'), { method: 'GET' }), transport.request(new URL('http://127.0.0.1:9/b'), { method: 'GET' })])).toEqual([
    { status: 200, headers: {}, text: 'here: /a' },
    { status: 200, headers: {}, text: 'here: /b' },
  ]);
  expect((await transport.request(new URL('http://127.0.0.1:9/c'), { method: 'GET' })).text).toBe('here: /c');
  expect(fallback).toHaveBeenCalledTimes(3);
  expect(error.mock.calls[0]![0]).toContain('the HTTP worker could not start');
});
