import { isRpcResult, type RpcResult } from '../../shared/rpc/envelope';
import type { EngineEvent } from '../../shared/rpc/events';
import type { Transport } from './transport';

/** Web mode: one POST per method; events over server-sent events. The token travels as a cookie. */
export function createHttpTransport(baseUrl = ''): Transport {
  const listeners = new Set<(event: EngineEvent) => void>();
  let source: EventSource | null = null;

  function ensureEventStream() {
    if (source) return;
    source = new EventSource(`${baseUrl}/events`);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data as string) as EngineEvent;
      for (const listener of listeners) listener(event);
    };
  }

  return {
    kind: 'http',
    async invoke(method, input, jobId) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (jobId) headers['x-job-id'] = jobId;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/rpc/${method}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch (error) {
        return { ok: false, error: { code: 'io_error', message: `The engine cannot be reached: ${String(error)}` } };
      }
      const body: unknown = await response.json().catch(() => null);
      if (isRpcResult(body)) return body as RpcResult<unknown>;
      return {
        ok: false,
        error: { code: 'internal', message: `The engine answered HTTP ${response.status} without a result.` },
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      ensureEventStream();
      return () => listeners.delete(listener);
    },
  };
}
