import { isRpcResult, type RpcResult } from '../../shared/rpc/envelope';
import { DATA_TOPICS, type EngineEvent } from '../../shared/rpc/events';
import type { Transport, UploadedFile } from './transport';

async function readEnvelope(response: Response): Promise<RpcResult<unknown>> {
  const body: unknown = await response.json().catch(() => null);
  if (isRpcResult(body)) return body as RpcResult<unknown>;
  return {
    ok: false,
    error: { code: 'internal', message: `The engine answered HTTP ${response.status} without a result.` },
  };
}

const unreachable = (error: unknown): RpcResult<never> => ({
  ok: false,
  error: { code: 'io_error', message: `The engine cannot be reached: ${String(error)}` },
});

/** Web mode: one POST per method; events over server-sent events. The token travels as a cookie. */
export function createHttpTransport(baseUrl = ''): Transport {
  const listeners = new Set<(event: EngineEvent) => void>();
  let source: EventSource | null = null;
  const deliver = (event: EngineEvent) => {
    for (const listener of listeners) listener(event);
  };

  function ensureEventStream() {
    if (source) return;
    source = new EventSource(`${baseUrl}/events`);
    source.onmessage = (message) => deliver(JSON.parse(message.data as string) as EngineEvent);
    // Server-sent events are not replayed: whatever changed before the stream was open (a screen's
    // first read races it) or while it was down (EventSource reconnects by itself) was told to
    // nobody. Each time it opens, screens read again as if everything had changed.
    source.onopen = () => {
      for (const topic of DATA_TOPICS) deliver({ type: 'data/changed', topic });
    };
  }

  return {
    kind: 'http',
    async invoke(method, input, jobId) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (jobId) headers['x-job-id'] = jobId;
      try {
        const response = await fetch(`${baseUrl}/rpc/${method}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
        return await readEnvelope(response);
      } catch (error) {
        return unreachable(error);
      }
    },
    async upload(file, fileName) {
      // The file itself is the body: the browser streams it from disk, never as one big string.
      try {
        const response = await fetch(`${baseUrl}/uploads`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(fileName) },
          body: file,
          credentials: 'same-origin',
        });
        return (await readEnvelope(response)) as RpcResult<UploadedFile>;
      } catch (error) {
        return unreachable(error);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      ensureEventStream();
      return () => listeners.delete(listener);
    },
  };
}
