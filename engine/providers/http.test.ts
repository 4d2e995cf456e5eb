import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, vi } from 'vitest';
import { closeHttpPools, httpRequest, requestsFromThisThread, useHttpWorker } from './http';

test('requests paced to a rate limit are made on this thread; the others go to the HTTP worker', async () => {
  const server = createServer((req, res) => res.end(`ok ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  // A worker that cannot start says so the first time it is asked for a request (and then falls back).
  useHttpWorker('/nowhere/http-worker.cjs');
  try {
    expect((await requestsFromThisThread(() => httpRequest(`${url}/paced`, { method: 'GET' }))).text).toBe('ok /paced');
    expect(error).not.toHaveBeenCalled();
    expect((await httpRequest(`${url}/other`, { method: 'GET' })).text).toBe('ok /other');
    expect(error.mock.calls[0]![0]).toContain('the HTTP worker could not start');
  } finally {
    await closeHttpPools();
    error.mockRestore();
    server.close();
  }
});
