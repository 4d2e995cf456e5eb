import { Pool } from 'undici';
import type { HttpAnswer, HttpRequestInit } from './http-transport';

/**
 * Keep-alive undici pools, one per origin (Node's fetch costs several times the CPU per request),
 * and the one way requests go through them: on the engine's thread or in the HTTP worker.
 */
export class HttpPools {
  private readonly pools = new Map<string, Pool>();

  /** One request; throws only when no answer came (refused, reset, timed out). */
  async request(origin: string, path: string, init: HttpRequestInit): Promise<HttpAnswer> {
    const response = await this.poolFor(origin).request({
      method: init.method,
      path,
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  }

  /** Closes every pool once its requests out have their answers. */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}
