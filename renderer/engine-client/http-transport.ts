import { isRpcResult, type RpcResult } from '../../shared/rpc/envelope';
import { DATA_TOPICS, type EngineEvent } from '../../shared/rpc/events';
import type { Transport, UploadedFile } from './transport';
import { i18n } from '../i18n';

async function readEnvelope(response: Response): Promise<RpcResult<unknown>> {
  const body: unknown = await response.json().catch(() => null);
  if (isRpcResult(body)) return body as RpcResult<unknown>;
  return {
    ok: false,
    error: { code: 'internal', message: i18n.t('engine.noResult', { status: response.status }) },
  };
}

const unreachable = (error: unknown): RpcResult<never> => ({
  ok: false,
  error: { code: 'io_error', message: i18n.t('engine.unreachable', { error: String(error) }) },
});

const TOKEN_KEY = 'campaign-studio:token';

/**
 * The token from the printed URL's fragment (#token=...), kept in this tab's session storage (its
 * own origin, so its own port) and dropped from the address bar. A fragment is never sent to a
 * server, and no cookie holds the token: another server on this machine cannot receive it.
 */
function takeToken(): string {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  // An address printed by an older version carried it in the query: taken too, and dropped the same way.
  const query = new URLSearchParams(window.location.search);
  const fromUrl = fragment.get('token') ?? query.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    fragment.delete('token');
    query.delete('token');
    const rest = fragment.toString();
    const search = query.toString();
    window.history.replaceState(null, '', window.location.pathname + (search ? `?${search}` : '') + (rest ? `#${rest}` : ''));
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * Web mode: one POST per method with the token as a bearer header; events over server-sent events,
 * opened with a one-time ticket (EventSource cannot send a header).
 */
export function createHttpTransport(baseUrl = ''): Transport {
  const token = takeToken();
  const authorization = { authorization: `Bearer ${token}` };
  const listeners = new Set<(event: EngineEvent) => void>();
  let source: EventSource | null = null;
  let opening = false;
  let reopenDelayMs = 500;
  const deliver = (event: EngineEvent) => {
    for (const listener of listeners) listener(event);
  };

  async function ticket(): Promise<string | null> {
    try {
      const response = await fetch(`${baseUrl}/events/ticket`, { method: 'POST', headers: authorization });
      const envelope = await readEnvelope(response);
      return envelope.ok ? (envelope.value as { ticket: string }).ticket : null;
    } catch {
      return null;
    }
  }

  function reopenLater() {
    source = null;
    opening = false;
    const delay = reopenDelayMs;
    reopenDelayMs = Math.min(reopenDelayMs * 2, 15_000);
    setTimeout(ensureEventStream, delay);
  }

  function ensureEventStream() {
    if (source || opening) return;
    // Two subscribers arriving while the ticket is fetched open one stream.
    opening = true;
    void ticket().then((granted) => {
      if (granted === null) return reopenLater();
      const opened = new EventSource(`${baseUrl}/events?ticket=${encodeURIComponent(granted)}`);
      source = opened;
      opening = false;
      opened.onmessage = (message) => deliver(JSON.parse(message.data as string) as EngineEvent);
      // Server-sent events are not replayed: whatever changed before the stream was open (a screen's
      // first read races it) or while it was down was told to nobody. Each time it opens, screens
      // read again as if everything had changed.
      opened.onopen = () => {
        reopenDelayMs = 500;
        for (const topic of DATA_TOPICS) deliver({ type: 'data/changed', topic });
      };
      // A ticket is good once: rather than let EventSource retry with a spent one, open anew.
      opened.onerror = () => {
        opened.close();
        reopenLater();
      };
    });
  }

  return {
    kind: 'http',
    async invoke(method, input, jobId) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...authorization };
      if (jobId) headers['x-job-id'] = jobId;
      try {
        const response = await fetch(`${baseUrl}/rpc/${method}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
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
          headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(fileName), ...authorization },
          body: file,
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
