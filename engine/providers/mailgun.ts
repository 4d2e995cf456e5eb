import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailParts } from './email-parts';
import { baseUrlOf, basicAuth, form, httpRequest, jsonOf, noAnswer, outcomeOfStatus, text } from './http';
import type { InboundResult, ProviderAdapter, ProviderConfig, ProviderEvent } from './provider';

/**
 * Mailgun: POST /v3/{domain}/messages (form fields, basic auth api:KEY). Our message id rides as
 * the user variable cs_message_id, which every event repeats; the Events API is polled (a laptop
 * has no public URL for webhooks) and webhooks are accepted in web mode, signed with HMAC-SHA256.
 */
function eventOf(item: Record<string, unknown>): ProviderEvent | null {
  const kind = String(item['event']);
  const severity = item['severity'];
  const type: ProviderEvent['type'] | null =
    kind === 'delivered' ? 'delivered'
    : kind === 'opened' ? 'opened'
    : kind === 'clicked' ? 'clicked'
    : kind === 'unsubscribed' || kind === 'complained' ? 'unsubscribed'
    : kind === 'failed' && severity === 'permanent' ? 'bounced'
    : null;
  if (!type) return null;
  const variables = (item['user-variables'] ?? {}) as Record<string, unknown>;
  const headers = ((item['message'] as { headers?: Record<string, unknown> } | undefined)?.headers ?? {}) as Record<string, unknown>;
  const messageId = Number(variables['cs_message_id']);
  const providerMessageId = typeof headers['message-id'] === 'string' ? headers['message-id'] : undefined;
  return {
    ...(Number.isInteger(messageId) && messageId > 0 ? { messageId } : {}),
    ...(providerMessageId ? { providerMessageId } : {}),
    type,
    ts: Math.round(Number(item['timestamp']) * 1000),
    eventId: String(item['id'] ?? `${providerMessageId}:${kind}:${item['timestamp']}`),
    ...(item['reason'] || item['delivery-status'] ? { details: { reason: item['reason'] ?? null, status: item['delivery-status'] ?? null } } : {}),
  };
}

const apiBase = (provider: ProviderConfig) => baseUrlOf(provider, 'https://api.mailgun.net');

export const mailgunProvider: ProviderAdapter = {
  kind: 'mailgun',
  idempotent: false,
  defaultRatePerSecond: null,
  async send(message, provider) {
    const parts = emailParts(message);
    if ('error' in parts) return { status: 'failed', error: parts.error };
    const headers = Object.fromEntries(Object.entries(parts.headers).map(([name, value]) => [`h:${name}`, value]));
    try {
      const answer = await httpRequest(`${apiBase(provider)}/v3/${encodeURIComponent(text(provider, 'domain'))}/messages`, {
        method: 'POST',
        headers: { authorization: basicAuth('api', text(provider, 'apiKey')), 'content-type': 'application/x-www-form-urlencoded' },
        body: form({
          from: text(provider, 'from'),
          to: parts.to,
          subject: parts.subject,
          text: parts.text,
          html: parts.html ?? undefined,
          ...headers,
          'v:cs_message_id': String(message.id),
        }),
      });
      const json = jsonOf(answer);
      if (answer.status === 200) {
        const id = typeof json['id'] === 'string' ? json['id'].replace(/^<|>$/g, '') : null;
        return { status: 'sent', providerMessageId: id };
      }
      return outcomeOfStatus(answer, `Mailgun ${answer.status}: ${String(json['message'] ?? answer.text.slice(0, 200))}`);
    } catch (error) {
      return noAnswer('Mailgun', error);
    }
  },
  async poll(provider, request) {
    // The cursor is the next page Mailgun gave; at first, events of the last two days.
    // The API key goes only to the configured host, whatever address a page says comes next.
    const cursor = request.cursor && new URL(request.cursor).origin === new URL(apiBase(provider)).origin ? request.cursor : null;
    const url = cursor ?? `${apiBase(provider)}/v3/${encodeURIComponent(text(provider, 'domain'))}/events?${new URLSearchParams({ begin: String(Math.floor((request.now - 2 * 86_400_000) / 1000)), ascending: 'yes', limit: '300' })}`;
    const answer = await httpRequest(url, { method: 'GET', headers: { authorization: basicAuth('api', text(provider, 'apiKey')) } });
    if (answer.status !== 200) throw new Error(`Mailgun events: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
    const json = jsonOf(answer);
    const items = (json['items'] as Record<string, unknown>[] | undefined) ?? [];
    const events = items.map(eventOf).filter((e): e is ProviderEvent => e !== null);
    const next = (json['paging'] as { next?: string } | undefined)?.next;
    // An empty page's "next" is where new events will appear: keep it for the next poll.
    return { events, cursor: typeof next === 'string' ? next : cursor };
  },
  receive(request, provider): InboundResult {
    const key = text(provider, 'webhookSigningKey');
    if (!key) throw new Error('Set the webhook signing key on this provider before accepting its webhooks.');
    const payload = JSON.parse(request.body) as { signature?: { timestamp?: string; token?: string; signature?: string }; 'event-data'?: Record<string, unknown> };
    const { timestamp = '', token = '', signature = '' } = payload.signature ?? {};
    const expected = createHmac('sha256', key).update(timestamp + token).digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('The Mailgun signature does not match this provider’s signing key.');
    const event = payload['event-data'] ? eventOf(payload['event-data']) : null;
    return { events: event ? [event] : [] };
  },
};
