import { createHmac, timingSafeEqual } from 'node:crypto';
import { baseUrlOf, digitsOnly, httpRequest, jsonOf, noAnswer, outcomeOfStatus, text } from './http';
import { retryAfterMs } from './http-status';
import type { ContactEffect, InboundResult, OutgoingMessage, ProviderAdapter, ProviderConfig, ProviderEvent, SendOutcome } from './provider';

/**
 * Meta's WhatsApp Cloud API: POST /{version}/{phone number id}/messages with a bearer token. A send
 * step with a template name sends that approved template (its parameters fill the body); without
 * one, free text, which WhatsApp accepts only within 24 hours of the customer's last message
 * (error 131047 otherwise). Statuses come as webhooks (signed X-Hub-Signature-256) in web mode.
 */
const PERMANENT: Record<number, { why: string; contact?: ContactEffect }> = {
  131047: { why: 'more than 24 hours since the customer last wrote: free text is only allowed inside the 24-hour window; send an approved template' },
  131026: { why: 'the message could not be delivered to this number', contact: 'bad_address' },
  131050: { why: 'the customer has stopped marketing messages from this business on WhatsApp', contact: 'opt_out' },
  131030: { why: 'the number is not in the test number’s allowed list' },
  131051: { why: 'message type not supported' },
  132000: { why: 'the template’s parameter count does not match' },
  132001: { why: 'the template does not exist in this language' },
  132005: { why: 'the translated template text is too long' },
  132012: { why: 'the template’s parameters are not in the expected format' },
  133010: { why: 'the sending phone number is not registered' },
  190: { why: 'the access token has expired or is not valid' },
  100: { why: 'a parameter is not valid' },
};
/** Throughput and pair-rate limits, and Meta's own transient errors. */
const RETRYABLE = new Set([4, 80007, 130429, 131048, 131056, 1, 2, 131000, 131016]);

export function whatsAppBody(message: OutgoingMessage, provider: ProviderConfig): Record<string, unknown> {
  const { content } = message;
  const to = digitsOnly(message.to.phone ?? '');
  if (content.templateName) {
    return {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: {
        name: content.templateName,
        language: { code: text(provider, 'templateLanguage') || 'en_US' },
        ...(content.templateParams.length > 0 ? { components: [{ type: 'body', parameters: content.templateParams.map((value) => ({ type: 'text', text: value })) }] } : {}),
      },
    };
  }
  const body = content.link && !content.body.includes(content.link) ? `${content.body}\n${content.link}` : content.body;
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: content.link !== '', body } };
}

function outcomeOf(status: number, json: Record<string, unknown>, raw: string, headers: Record<string, string | string[] | undefined>): SendOutcome {
  if (status === 200) {
    const id = (json['messages'] as { id?: string }[] | undefined)?.[0]?.id;
    return { status: 'sent', providerMessageId: id ?? null };
  }
  const error = (json['error'] ?? {}) as { code?: number; message?: string; error_data?: { details?: string } };
  const code = Number(error.code);
  const text = `WhatsApp ${status} (#${Number.isFinite(code) ? code : '?'}): ${error.error_data?.details ?? error.message ?? raw.slice(0, 200)}`;
  const known = PERMANENT[code];
  if (known) return { status: 'failed', error: `${text} (${known.why})`, ...(known.contact ? { contact: known.contact } : {}) };
  if (RETRYABLE.has(code)) {
    // Rate limits (130429 and friends) may say how long to wait.
    const wait = retryAfterMs(headers['retry-after']);
    return wait === undefined ? { status: 'retry', error: text } : { status: 'retry', error: text, retryAfterMs: wait };
  }
  return outcomeOfStatus({ status, headers, text: raw }, text);
}

/**
 * A failed status from a webhook carries the same error codes as a refused send, and they mean the
 * same for the contact: 131026 (not a reachable WhatsApp number) bounces, 131050 (the customer
 * stopped marketing messages) unsubscribes; others (131047, the window closed) fail the message only.
 */
function failureEvent(id: string, ts: number, errors: unknown): ProviderEvent {
  const code = Number((Array.isArray(errors) ? (errors[0] as { code?: unknown } | undefined)?.code : undefined) ?? NaN);
  const effect = PERMANENT[code]?.contact;
  const type: ProviderEvent['type'] = effect === 'bad_address' ? 'bounced' : effect === 'opt_out' ? 'unsubscribed' : 'failed';
  return { providerMessageId: id, type, ts, eventId: `${id}:failed`, details: { errors: errors ?? null, ...(PERMANENT[code] ? { why: PERMANENT[code].why } : {}) } };
}

export const whatsAppCloudProvider: ProviderAdapter = {
  kind: 'whatsapp_cloud',
  idempotent: false,
  // Cloud API numbers start at 80 messages a second.
  defaultRatePerSecond: 80,
  async send(message, provider) {
    if (!message.to.phone) return { status: 'failed', error: 'The customer has no phone number.' };
    const version = text(provider, 'apiVersion') || 'v21.0';
    try {
      const answer = await httpRequest(`${baseUrlOf(provider, 'https://graph.facebook.com')}/${version}/${encodeURIComponent(text(provider, 'phoneNumberId'))}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${text(provider, 'accessToken')}`, 'content-type': 'application/json' },
        body: JSON.stringify(whatsAppBody(message, provider)),
      });
      return outcomeOf(answer.status, jsonOf(answer), answer.text, answer.headers);
    } catch (error) {
      return noAnswer('WhatsApp Cloud API', error);
    }
  },
  receive(request, provider): InboundResult {
    if (request.method === 'GET') {
      // The subscription handshake: echo the challenge when the verify token matches.
      const query = new URL(request.url).searchParams;
      if (query.get('hub.mode') !== 'subscribe' || !text(provider, 'verifyToken') || query.get('hub.verify_token') !== text(provider, 'verifyToken')) {
        throw new Error('The WhatsApp verify token does not match this provider’s.');
      }
      return { events: [], reply: { status: 200, body: query.get('hub.challenge') ?? '', contentType: 'text/plain' } };
    }
    const secret = text(provider, 'appSecret');
    if (!secret) throw new Error('Set the app secret on this provider before accepting its webhooks.');
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`);
    const given = Buffer.from(request.headers['x-hub-signature-256'] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('The WhatsApp signature does not match this provider’s app secret.');
    const payload = JSON.parse(request.body) as { entry?: { changes?: { value?: { statuses?: Record<string, unknown>[] } }[] }[] };
    const events: ProviderEvent[] = [];
    for (const entry of payload.entry ?? []) {
      for (const change of entry.changes ?? []) {
        for (const status of change.value?.statuses ?? []) {
          const id = String(status['id']);
          const ts = Number(status['timestamp']) * 1000;
          const kind = String(status['status']);
          if (kind === 'delivered') events.push({ providerMessageId: id, type: 'delivered', ts, eventId: `${id}:delivered` });
          if (kind === 'read') events.push({ providerMessageId: id, type: 'opened', ts, eventId: `${id}:read` });
          if (kind === 'failed') events.push(failureEvent(id, ts, status['errors']));
        }
      }
    }
    return { events };
  },
};
