import { createHmac, timingSafeEqual } from 'node:crypto';
import { baseUrlOf, basicAuth, form, httpRequest, jsonOf, noAnswer, outcomeOfStatus, text, type HttpAnswer } from './http';
import type { ContactEffect, InboundResult, OutgoingMessage, ProviderAdapter, ProviderConfig, ProviderEvent, ReconcileRequest, ReconcileVerdict, RenderedContent, SendOutcome } from './provider';

/** Twilio lists a message as soon as it accepted the request; past this, one that is not listed never was. */
const LISTED_WITHIN_MS = 2 * 60_000;

/**
 * Whether Twilio has a message whose answer was lost: the messages to that number sent since the
 * day of the attempt, matched by sender and text. A template message's text is Twilio's to fill,
 * so it cannot be matched: unknown, for the user to settle.
 */
async function reconcileWithTwilio(request: ReconcileRequest, provider: ProviderConfig): Promise<ReconcileVerdict> {
  const phone = request.to.phone;
  if (!phone || (request.channel === 'whatsapp' && request.content.templateName !== '')) return { verdict: 'unknown' };
  const { To, From, MessagingServiceSid } = addresses({ channel: request.channel, to: request.to } as OutgoingMessage, provider);
  // From a minute before the attempt, to the second, as Twilio's own SDK writes dateSentAfter.
  const since = new Date(request.firstAttemptAt - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const query = new URLSearchParams({ To, 'DateSent>': since, PageSize: '100' });
  const answer = await httpRequest(`${messagesUrl(provider)}.json?${query}`, { method: 'GET', headers: { authorization: auth(provider) } });
  if (answer.status !== 200) return { verdict: 'unknown' };
  const listed = ((jsonOf(answer)['messages'] as Record<string, unknown>[] | undefined) ?? []).filter((m) => {
    const created = Date.parse(String(m['date_created'] ?? ''));
    const sameSender = MessagingServiceSid ? m['messaging_service_sid'] === MessagingServiceSid : m['from'] === From;
    return sameSender && m['body'] === bodyOf(request.content) && (Number.isNaN(created) || created >= request.firstAttemptAt - 60_000);
  });
  if (listed.length > 0) return { verdict: 'sent', providerMessageId: typeof listed[0]!['sid'] === 'string' ? listed[0]!['sid'] : null };
  return request.now - request.firstAttemptAt >= LISTED_WITHIN_MS ? { verdict: 'not_sent' } : { verdict: 'unknown' };
}

/**
 * Twilio Programmable Messaging for SMS and WhatsApp: POST /2010-04-01/Accounts/{sid}/Messages.json
 * (form fields, basic auth SID:token); 201 with the message SID. A WhatsApp message outside the
 * 24-hour window must be an approved template: the send step's template name is the Content SID
 * (HX...) and its parameters become ContentVariables. Statuses are polled per message until final
 * (a laptop has no public URL), or arrive as signed status callbacks in web mode.
 */
const PERMANENT: Record<number, { why: string; contact?: ContactEffect }> = {
  21211: { why: 'the number is not valid', contact: 'bad_address' },
  21635: { why: 'the number is a landline', contact: 'bad_address' },
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

/**
 * Delivery error codes on a failed or undelivered status that mean the number itself cannot take
 * messages (a bounce: SMS stops for that customer): 30005 unknown destination, 30006 landline or
 * unreachable carrier. Others fail the message and leave the number alone: 30003 (the handset is
 * off or out of coverage: temporary), 30007 (carrier filtering: a content or sender problem),
 * 30008 (unknown error), 30004 (blocked), 30034 (unregistered A2P sender).
 */
const DEAD_NUMBER_CODES = new Set([30005, 30006]);

const messagesUrl = (provider: ProviderConfig) => `${baseUrlOf(provider, 'https://api.twilio.com')}/2010-04-01/Accounts/${encodeURIComponent(text(provider, 'accountSid'))}/Messages`;
const auth = (provider: ProviderConfig) => basicAuth(text(provider, 'accountSid'), text(provider, 'authToken'));

function addresses(message: OutgoingMessage, provider: ProviderConfig): { To: string; From?: string; MessagingServiceSid?: string } {
  const from = text(provider, 'from');
  const whatsapp = message.channel === 'whatsapp';
  const to = whatsapp ? `whatsapp:${message.to.phone}` : message.to.phone!;
  if (/^MG[0-9a-f]{32}$/i.test(from)) return { To: to, MessagingServiceSid: from };
  return { To: to, From: whatsapp && !from.startsWith('whatsapp:') ? `whatsapp:${from}` : from };
}

/** The text Twilio gets: the body, with the link after it unless the body already holds it. */
function bodyOf(content: RenderedContent): string {
  return content.link && !content.body.includes(content.link) ? `${content.body} ${content.link}` : content.body;
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
  if (status === 'read')
    return [
      { ...base, type: 'delivered', eventId: `${sid}:delivered` },
      { ...base, type: 'opened', eventId: `${sid}:read` },
    ];
  if (status === 'undelivered' || status === 'failed') {
    const type = errorCode !== null && DEAD_NUMBER_CODES.has(errorCode) ? 'bounced' : 'failed';
    return [{ ...base, type, eventId: `${sid}:${status}`, details: { status, errorCode } }];
  }
  return [];
}

/** X-Twilio-Signature: base64 HMAC-SHA1 of the full URL followed by each POST field name and value, sorted by name. */
export function twilioSignature(authToken: string, url: string, fields: URLSearchParams): string {
  const sorted = [...fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', authToken)
    .update(url + sorted.map(([k, v]) => k + v).join(''))
    .digest('base64');
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
        : { Body: bodyOf(content) }),
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
  reconcile: reconcileWithTwilio,
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
