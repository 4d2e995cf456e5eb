import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailParts } from './email-parts';
import { baseUrlOf, basicAuth, form, httpRequest, jsonOf, noAnswer, outcomeOfStatus, text } from './http';
import type { InboundResult, ProviderAdapter, ProviderConfig, ProviderEvent, ReconcileRequest, ReconcileVerdict } from './provider';

/**
 * Mailgun: POST /v3/{domain}/messages (form fields, basic auth api:KEY). Our message id rides as
 * the user variable cs_message_id, which every event repeats; the Logs API (POST /v1/analytics/logs,
 * which replaced the deprecated Events API) is polled (a laptop has no public URL for webhooks) and
 * webhooks are accepted in web mode, signed with HMAC-SHA256.
 */
const POLLED_EVENTS = ['delivered', 'failed', 'opened', 'clicked', 'unsubscribed', 'complained'];
/** Mailgun shows an accepted message in its logs within minutes; past this, one not there never arrived. */
const LOGGED_WITHIN_MS = 10 * 60_000;
const PAGES_PER_CALL = 5;

/** The Logs API gives user variables as a JSON string, webhooks as an object. */
function userVariables(item: Record<string, unknown>): Record<string, unknown> {
  const raw = item['user-variables'];
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return (raw ?? {}) as Record<string, unknown>;
}

/** Seconds (webhooks, events) or an ISO "@timestamp" (logs), as milliseconds. */
function timeOf(item: Record<string, unknown>): number {
  if (item['timestamp'] !== undefined) return Math.round(Number(item['timestamp']) * 1000);
  return Date.parse(String(item['@timestamp'] ?? ''));
}

function eventOf(item: Record<string, unknown>): ProviderEvent | null {
  const kind = String(item['event']);
  const severity = item['severity'];
  const type: ProviderEvent['type'] | null =
    kind === 'delivered'
      ? 'delivered'
      : kind === 'opened'
        ? 'opened'
        : kind === 'clicked'
          ? 'clicked'
          : kind === 'unsubscribed' || kind === 'complained'
            ? 'unsubscribed'
            : kind === 'failed' && severity === 'permanent'
              ? 'bounced'
              : null;
  if (!type) return null;
  const variables = userVariables(item);
  const headers = ((item['message'] as { headers?: Record<string, unknown> } | undefined)?.headers ?? {}) as Record<string, unknown>;
  const messageId = Number(variables['cs_message_id']);
  const providerMessageId = typeof headers['message-id'] === 'string' ? headers['message-id'] : undefined;
  return {
    ...(Number.isInteger(messageId) && messageId > 0 ? { messageId } : {}),
    ...(providerMessageId ? { providerMessageId } : {}),
    type,
    ts: timeOf(item),
    eventId: String(item['id'] ?? `${providerMessageId}:${kind}:${timeOf(item)}`),
    ...(item['reason'] || item['delivery-status'] ? { details: { reason: item['reason'] ?? null, status: item['delivery-status'] ?? null } } : {}),
  };
}

const apiBase = (provider: ProviderConfig) => baseUrlOf(provider, 'https://api.mailgun.net');
/** RFC 2822 dates, as the Logs API wants them ("Tue, 03 Mar 2026 10:00:00 -0000"). */
const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace(/GMT$/, '-0000');

/**
 * One query of the Logs API for this provider's domain, following its pages (at most a few per call).
 * Returns the items, oldest first.
 */
async function logs(provider: ProviderConfig, query: { from: number; to: number; events: string[] }): Promise<Record<string, unknown>[]> {
  const domain = text(provider, 'domain');
  const items: Record<string, unknown>[] = [];
  let token: string | undefined;
  for (let page = 0; page < PAGES_PER_CALL; page++) {
    const answer = await httpRequest(`${apiBase(provider)}/v1/analytics/logs`, {
      method: 'POST',
      headers: { authorization: basicAuth('api', text(provider, 'apiKey')), 'content-type': 'application/json' },
      body: JSON.stringify({
        start: rfc2822(query.from),
        end: rfc2822(query.to),
        events: query.events,
        filter: { AND: [{ attribute: 'domain', comparator: '=', values: [{ label: domain, value: domain }] }] },
        include_totals: false,
        pagination: { sort: 'timestamp:asc', limit: 300, ...(token ? { token } : {}) },
      }),
    });
    if (answer.status !== 200) throw new Error(`Mailgun logs: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
    const json = jsonOf(answer);
    const pageItems = (json['items'] as Record<string, unknown>[] | undefined) ?? [];
    items.push(...pageItems);
    const next = (json['pagination'] as { next?: unknown } | undefined)?.next;
    if (typeof next !== 'string' || next === '' || pageItems.length === 0) break;
    token = next;
  }
  return items;
}

/** Whether Mailgun logged our message as accepted: its logs around the first attempt, matched by cs_message_id. */
async function reconcileWithMailgun(request: ReconcileRequest, provider: ProviderConfig): Promise<ReconcileVerdict> {
  const items = await logs(provider, { from: request.firstAttemptAt - 60_000, to: request.now, events: ['accepted'] });
  const found = items.find((item) => String(userVariables(item)['cs_message_id']) === String(request.messageId));
  if (found) {
    const id = ((found['message'] as { headers?: Record<string, unknown> } | undefined)?.headers ?? {})['message-id'];
    return { verdict: 'sent', providerMessageId: typeof id === 'string' ? id : null };
  }
  return request.now - request.firstAttemptAt >= LOGGED_WITHIN_MS ? { verdict: 'not_sent' } : { verdict: 'unknown' };
}

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
  reconcile: reconcileWithMailgun,
  async poll(provider, request) {
    // The cursor is the time of the last event read; at first, two days back. A minute of overlap
    // catches events logged late; events seen twice count once (their ids).
    const since = request.cursor !== null && /^\d+$/.test(request.cursor) ? Number(request.cursor) - 60_000 : request.now - 2 * 86_400_000;
    const items = await logs(provider, { from: Math.max(since, request.now - 2 * 86_400_000), to: request.now, events: POLLED_EVENTS });
    const events = items.map(eventOf).filter((e): e is ProviderEvent => e !== null);
    const latest = items.reduce((max, item) => Math.max(max, timeOf(item) || 0), since + 60_000);
    return { events, cursor: String(latest) };
  },
  receive(request, provider): InboundResult {
    const key = text(provider, 'webhookSigningKey');
    if (!key) throw new Error('Set the webhook signing key on this provider before accepting its webhooks.');
    const payload = JSON.parse(request.body) as { signature?: { timestamp?: string; token?: string; signature?: string }; 'event-data'?: Record<string, unknown> };
    const { timestamp = '', token = '', signature = '' } = payload.signature ?? {};
    const expected = createHmac('sha256', key)
      .update(timestamp + token)
      .digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('The Mailgun signature does not match this provider’s signing key.');
    const event = payload['event-data'] ? eventOf(payload['event-data']) : null;
    return { events: event ? [event] : [] };
  },
};
