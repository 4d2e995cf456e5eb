import { createHmac, timingSafeEqual } from 'node:crypto';
import { baseUrlOf, basicAuth, form, httpRequest, jsonOf, noAnswer, outcomeOfStatus, text, type HttpAnswer } from './http';
import type { ContactEffect, InboundResult, OutgoingMessage, ProviderAdapter, ProviderConfig, ProviderEvent, SendOutcome } from './provider';

/**
 * Twilio Programmable Messaging for SMS and WhatsApp: POST /2010-04-01/Accounts/{sid}/Messages.json
 * (form fields, basic auth SID:token); 201 with the message SID. A WhatsApp message outside the
 * 24-hour window must be an approved template: the send step's template name is the Content SID
 * (HX...) and its parameters become ContentVariables. Statuses are polled per message until final
 * (a laptop has no public URL), or arrive as signed status callbacks in web mode.
 */
const PERMANENT: Record<number, { why: string; contact?: ContactEffect }> = {
  21211: { why: 'the number is not valid', contact: 'bad_address' },
  21214: { why: 'the number cannot be reached', contact: 'bad_address' },
  21614: { why: 'the number is not a mobile number', contact: 'bad_address' },
  63024: { why: 'the number is not a WhatsApp user', contact: 'bad_address' },
  21610: { why: 'the customer replied STOP to this sender', contact: 'opt_out' },
  21408: { why: 'sending to this region is not enabled on the Twilio account' },
  21606: { why: 'the From number cannot send this kind of message' },
  21612: { why: 'Twilio cannot route to this number from this sender' },
  20003: { why: 'Twilio refused the credentials' },
  63016: { why: 'outside the 24-hour window: WhatsApp allows only an approved template (set the template Content SID)' },
};

/** Delivery error codes on a failed status that mean the number itself is dead. */
const DEAD_NUMBER_CODES = new Set([30003, 30005, 30006]);

const messagesUrl = (provider: ProviderConfig) =>
  `${baseUrlOf(provider, 'https://api.twilio.com')}/2010-04-01/Accounts/${encodeURIComponent(text(provider, 'accountSid'))}/Messages`;
const auth = (provider: ProviderConfig) => basicAuth(text(provider, 'accountSid'), text(provider, 'authToken'));

function addresses(message: OutgoingMessage, provider: ProviderConfig): { To: string; From?: string; MessagingServiceSid?: string } {
  const from = text(provider, 'from');
  const whatsapp = message.channel === 'whatsapp';
  const to = whatsapp ? `whatsapp:${message.to.phone}` : message.to.phone!;
  if (/^MG[0-9a-f]{32}$/i.test(from)) return { To: to, MessagingServiceSid: from };
  return { To: to, From: whatsapp && !from.startsWith('whatsapp:') ? `whatsapp:${from}` : from };
}

function outcomeOf(answer: HttpAnswer): SendOutcome {
  const json = jsonOf(answer);
  if (answer.status === 201 || answer.status === 200) return { status: 'sent', providerMessageId: typeof json['sid'] === 'string' ? json['sid'] : null };
  const code = Number(json['code']);
  const error = `Twilio ${answer.status} ${Number.isFinite(code) ? code : ''}: ${String(json['message'] ?? answer.text.slice(0, 200))}`;
  const known = PERMANENT[code];
  if (known) return { status: 'failed', error: `${error} (${known.why})`, ...(known.contact ? { contact: known.contact } : {}) };
  if (code === 20429) return outcomeOfStatus({ ...answer, status: 429 }, error);
  return outcomeOfStatus(answer, error);
}

function eventsOfStatus(sid: string, status: string, errorCode: number | null, ts: number, messageId?: number): ProviderEvent[] {
  const base = { providerMessageId: sid, ts, ...(messageId ? { messageId } : {}) };
  if (status === 'delivered') return [{ ...base, type: 'delivered', eventId: `${sid}:delivered` }];
  if (status === 'read') return [{ ...base, type: 'delivered', eventId: `${sid}:delivered` }, { ...base, type: 'opened', eventId: `${sid}:read` }];
  if (status === 'undelivered' || status === 'failed') {
    const type = errorCode !== null && DEAD_NUMBER_CODES.has(errorCode) ? 'bounced' : 'failed';
    return [{ ...base, type, eventId: `${sid}:${status}`, details: { status, errorCode } }];
  }
  return [];
}

/** X-Twilio-Signature: base64 HMAC-SHA1 of the full URL followed by each POST field name and value, sorted by name. */
export function twilioSignature(authToken: string, url: string, fields: URLSearchParams): string {
  const sorted = [...fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', authToken).update(url + sorted.map(([k, v]) => k + v).join('')).digest('base64');
}

export const twilioProvider: ProviderAdapter = {
  kind: 'twilio',
  idempotent: false,
  // One long code sends about one SMS a second; a messaging service or short code more (a setting).
  defaultRatePerSecond: 10,
  async send(message, provider) {
    if (!message.to.phone) return { status: 'failed', error: 'The customer has no phone number.' };
    const { content } = message;
    const template = message.channel === 'whatsapp' && content.templateName !== '';
    const fields = {
      ...addresses(message, provider),
      ...(template
        ? { ContentSid: content.templateName, ContentVariables: JSON.stringify(Object.fromEntries(content.templateParams.map((value, i) => [String(i + 1), value]))) }
        : { Body: content.link && !content.body.includes(content.link) ? `${content.body} ${content.link}` : content.body }),
      StatusCallback: text(provider, 'statusCallbackUrl') || undefined,
    };
    try {
      const answer = await httpRequest(`${messagesUrl(provider)}.json`, {
        method: 'POST',
        headers: { authorization: auth(provider), 'content-type': 'application/x-www-form-urlencoded' },
        body: form(fields),
      });
      return outcomeOf(answer);
    } catch (error) {
      return noAnswer('Twilio', error);
    }
  },
  async poll(provider, request) {
    const events: ProviderEvent[] = [];
    // One GET per message still on its way; at most 100 a poll, oldest first.
    for (const pending of request.pending.slice(0, 100)) {
      const answer = await httpRequest(`${messagesUrl(provider)}/${encodeURIComponent(pending.providerMessageId)}.json`, { method: 'GET', headers: { authorization: auth(provider) } });
      if (answer.status === 404) continue;
      if (answer.status !== 200) throw new Error(`Twilio message status: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      const json = jsonOf(answer);
      const updated = Date.parse(String(json['date_updated'] ?? ''));
      const code = json['error_code'] === null || json['error_code'] === undefined ? null : Number(json['error_code']);
      events.push(...eventsOfStatus(pending.providerMessageId, String(json['status']), code, Number.isNaN(updated) ? request.now : updated, pending.messageId));
    }
    return { events, cursor: null };
  },
  receive(request, provider): InboundResult {
    const fields = new URLSearchParams(request.body);
    const expected = Buffer.from(twilioSignature(text(provider, 'authToken'), request.url, fields));
    const given = Buffer.from(request.headers['x-twilio-signature'] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('The Twilio signature does not match this provider’s auth token and URL.');
    const sid = fields.get('MessageSid') ?? '';
    const code = fields.get('ErrorCode');
    return { events: sid ? eventsOfStatus(sid, fields.get('MessageStatus') ?? '', code ? Number(code) : null, Date.now()) : [] };
  },
};
