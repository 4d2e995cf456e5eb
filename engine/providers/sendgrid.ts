import { createVerify } from 'node:crypto';
import { emailParts } from './email-parts';
import { baseUrlOf, httpRequest, jsonOf, noAnswer, numericHeader, outcomeOfStatus, parseSender, text } from './http';
import type { InboundResult, ProviderAdapter, ProviderEvent } from './provider';

/**
 * SendGrid v3 Mail Send: POST /v3/mail/send with a bearer API key; 202 Accepted and the message id
 * in X-Message-Id. Our message id rides along as a custom arg, so the event webhook's events find
 * their message. SendGrid has no idempotency key. Marketing mail can use an unsubscribe group
 * (SendGrid's hosted unsubscribe page).
 */
const EVENT_TYPES: Record<string, ProviderEvent['type']> = {
  delivered: 'delivered',
  open: 'opened',
  click: 'clicked',
  bounce: 'bounced',
  dropped: 'failed',
  unsubscribe: 'unsubscribed',
  group_unsubscribe: 'unsubscribed',
  spamreport: 'unsubscribed',
};

/** The signed event webhook: ECDSA (P-256, SHA-256) over timestamp + raw body, with the key SendGrid shows. */
function verifySignature(publicKey: string, signature: string, timestamp: string, body: string): boolean {
  const pem = publicKey.includes('BEGIN PUBLIC KEY') ? publicKey : `-----BEGIN PUBLIC KEY-----\n${publicKey.trim()}\n-----END PUBLIC KEY-----`;
  try {
    return createVerify('sha256')
      .update(timestamp + body)
      .verify(pem, signature, 'base64');
  } catch {
    return false;
  }
}

export const sendGridProvider: ProviderAdapter = {
  kind: 'sendgrid',
  idempotent: false,
  defaultRatePerSecond: null,
  async send(message, provider) {
    const parts = emailParts(message);
    if ('error' in parts) return { status: 'failed', error: parts.error };
    const groupId = Number(text(provider, 'unsubscribeGroupId'));
    const body = {
      personalizations: [{ to: [{ email: parts.to }], custom_args: { cs_message_id: String(message.id) } }],
      from: parseSender(text(provider, 'from')),
      subject: parts.subject,
      // text/plain must come before text/html.
      content: [{ type: 'text/plain', value: parts.text || ' ' }, ...(parts.html ? [{ type: 'text/html', value: parts.html }] : [])],
      ...(Object.keys(parts.headers).length > 0 ? { headers: parts.headers } : {}),
      ...(message.marketing && groupId > 0 ? { asm: { group_id: groupId } } : {}),
    };
    try {
      const answer = await httpRequest(`${baseUrlOf(provider, 'https://api.sendgrid.com')}/v3/mail/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${text(provider, 'apiKey')}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (answer.status === 202 || answer.status === 200) {
        const id = answer.headers['x-message-id'];
        return { status: 'sent', providerMessageId: typeof id === 'string' ? id : null };
      }
      const errors = (jsonOf(answer)['errors'] as { message?: string; field?: string | null }[] | undefined) ?? [];
      const detail = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ') || answer.text.slice(0, 200);
      // SendGrid says when its rate limit resets as epoch seconds (X-RateLimit-Reset).
      const reset = numericHeader(answer, 'x-ratelimit-reset');
      return outcomeOfStatus(answer, `SendGrid ${answer.status}: ${detail}`, reset === undefined ? undefined : Math.max(0, reset * 1000 - Date.now()));
    } catch (error) {
      return noAnswer('SendGrid', error);
    }
  },
  receive(request, provider): InboundResult {
    const publicKey = text(provider, 'webhookPublicKey');
    if (!publicKey) throw new Error('Set the event webhook verification key on this provider before accepting its webhook.');
    const signature = request.headers['x-twilio-email-event-webhook-signature'] ?? '';
    const timestamp = request.headers['x-twilio-email-event-webhook-timestamp'] ?? '';
    if (!verifySignature(publicKey, signature, timestamp, request.body)) throw new Error('The SendGrid signature does not match this provider’s verification key.');
    const items = JSON.parse(request.body) as Record<string, unknown>[];
    const events: ProviderEvent[] = [];
    for (const item of Array.isArray(items) ? items : []) {
      const type = EVENT_TYPES[String(item['event'])];
      const messageId = Number(item['cs_message_id']);
      if (!type) continue;
      const sgId = typeof item['sg_message_id'] === 'string' ? item['sg_message_id'].split('.')[0]! : undefined;
      events.push({
        ...(Number.isInteger(messageId) && messageId > 0 ? { messageId } : {}),
        ...(sgId ? { providerMessageId: sgId } : {}),
        type: type === 'bounced' && item['type'] === 'blocked' ? 'failed' : type,
        ts: Number(item['timestamp']) * 1000,
        eventId: String(item['sg_event_id'] ?? `${sgId}:${item['event']}:${item['timestamp']}`),
        ...(item['reason'] ? { details: { reason: item['reason'] } } : {}),
      });
    }
    return { events };
  },
};
