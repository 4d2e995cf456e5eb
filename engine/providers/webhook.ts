import { Pool } from 'undici';
import { RETRYABLE_HTTP_STATUSES, retryAfterMs } from './http-status';
import type { OutgoingMessage, ProviderAdapter, ProviderConfig, SendOutcome } from './provider';

/**
 * A JSON POST to an address the user chose: a flow's webhook step, or a "webhook" channel provider
 * (config.url, config.headers). Every attempt of one message carries the same Idempotency-Key, so a
 * receiver that honours it (as the webhook contract asks) can take a resend after a crash safely.
 * Connections are kept alive in one undici pool per origin: Node's fetch costs 8x the CPU per request.
 */
const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
    pools.set(origin, pool);
  }
  return pool;
}

function bodyFor(message: OutgoingMessage): string {
  if (message.webhook) return message.webhook.body.trim() === '' ? JSON.stringify({ customer: message.to.externalId }) : message.webhook.body;
  return JSON.stringify({
    message_id: message.id,
    channel: message.channel,
    customer: message.to.externalId,
    title: message.content.title,
    subject: message.content.subject,
    body: message.content.body,
    link: message.content.link,
  });
}

export const webhookProvider: ProviderAdapter = {
  kind: 'webhook',
  idempotent: true,
  defaultRatePerSecond: null,
  async send(message: OutgoingMessage, provider: ProviderConfig): Promise<SendOutcome> {
    const target = message.webhook?.url ?? String(provider.config['url'] ?? '');
    let url: URL;
    try {
      url = new URL(target);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      return { status: 'failed', error: `The webhook address "${target}" is not an http(s) URL.` };
    }
    const extraHeaders = (provider.config['headers'] as Record<string, string> | undefined) ?? {};
    try {
      const response = await poolFor(url.origin).request({
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: { ...extraHeaders, 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey, 'user-agent': 'CampaignStudio/1' },
        body: bodyFor(message),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = (await response.body.text()).slice(0, 300);
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return { status: 'sent', providerMessageId: (response.headers['x-request-id'] as string | undefined) ?? null };
      }
      const error = `HTTP ${response.statusCode} from ${url.origin}${text ? `: ${text}` : ''}`;
      if (RETRYABLE_HTTP_STATUSES.has(response.statusCode)) {
        const wait = retryAfterMs(response.headers['retry-after']);
        return wait === undefined ? { status: 'retry', error } : { status: 'retry', error, retryAfterMs: wait };
      }
      return { status: 'failed', error };
    } catch (error) {
      // No answer (refused, reset, timed out): the request may or may not have arrived; the key makes a retry safe.
      return { status: 'retry', error: `No answer from ${url.origin}: ${(error as Error).message}` };
    }
  },
  async close() {
    await Promise.all([...pools.values()].map((pool) => pool.close()));
    pools.clear();
  },
};
