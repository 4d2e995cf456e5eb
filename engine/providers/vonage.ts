import { baseUrlOf, basicAuth, digitsOnly, httpRequest, jsonOf, noAnswer, outcomeOfStatus, text } from './http';
import type { ContactEffect, ProviderAdapter, SendOutcome } from './provider';

/**
 * Vonage (Nexmo) SMS API: POST /sms/json (JSON, HTTP Basic api key:secret). HTTP 200 even
 * when refused: each part's "status" says ("0" sent; 1 throttled and 5 internal error are worth a
 * retry; the rest are refused). client-ref carries our key so delivery receipts can be matched.
 */
const STATUS_TEXT: Record<string, { why: string; retry?: true; contact?: ContactEffect }> = {
  '1': { why: 'throttled', retry: true },
  '2': { why: 'missing parameters' },
  '3': { why: 'invalid parameters' },
  '4': { why: 'invalid credentials' },
  '5': { why: 'internal error at Vonage', retry: true },
  '6': { why: 'invalid message' },
  '7': { why: 'the number is barred', contact: 'bad_address' },
  '8': { why: 'the account is barred' },
  '9': { why: 'partner quota exceeded (out of credit)' },
  '10': { why: 'too many connections to Vonage at once: backing off', retry: true },
  '12': { why: 'message too long' },
  '15': { why: 'invalid sender address' },
  '29': { why: 'non-whitelisted destination (demo account)' },
};

const NON_GSM = /[^\n\r -~£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€^{}\\[~\]|]/;

export const vonageProvider: ProviderAdapter = {
  kind: 'vonage',
  idempotent: false,
  // Vonage accepts 30 API requests a second by default.
  defaultRatePerSecond: 30,
  async send(message, provider) {
    if (!message.to.phone) return { status: 'failed', error: 'The customer has no phone number.' };
    const { content } = message;
    const body = content.link && !content.body.includes(content.link) ? `${content.body} ${content.link}` : content.body;
    try {
      // JSON with HTTP Basic credentials, as Vonage's own SDK sends it.
      const answer = await httpRequest(`${baseUrlOf(provider, 'https://rest.nexmo.com')}/sms/json`, {
        method: 'POST',
        headers: { authorization: basicAuth(text(provider, 'apiKey'), text(provider, 'apiSecret')), 'content-type': 'application/json' },
        body: JSON.stringify({
          to: digitsOnly(message.to.phone),
          from: text(provider, 'from'),
          text: body,
          ...(NON_GSM.test(body) ? { type: 'unicode' } : {}),
          'client-ref': message.idempotencyKey.slice(0, 100),
        }),
      });
      if (answer.status !== 200) return outcomeOfStatus(answer, `Vonage ${answer.status}: ${answer.text.slice(0, 200)}`);
      const parts = (jsonOf(answer)['messages'] as { status?: string; 'message-id'?: string; 'error-text'?: string }[] | undefined) ?? [];
      const refused = parts.find((part) => part.status !== '0');
      if (parts.length === 0) return { status: 'retry', error: `Vonage answered without a message status: ${answer.text.slice(0, 200)}` };
      if (!refused) return { status: 'sent', providerMessageId: parts[0]!['message-id'] ?? null };
      const known = STATUS_TEXT[refused.status ?? ''];
      const error = `Vonage status ${refused.status}: ${refused['error-text'] ?? known?.why ?? 'refused'}`;
      // A long text goes as several parts: once one was sent, sending the message again would send
      // that part twice. The parts sent are recorded and nothing is retried.
      const sentParts = parts.filter((part) => part.status === '0');
      if (sentParts.length > 0) {
        return {
          status: 'failed',
          error: `Vonage sent ${sentParts.length} of ${parts.length} parts (${sentParts.map((part) => part['message-id'] ?? '?').join(', ')}) and refused the rest (${error}); not sent again, so the sent parts do not arrive twice`,
        };
      }
      const outcome: SendOutcome = known?.retry ? { status: 'retry', error } : { status: 'failed', error, ...(known?.contact ? { contact: known.contact } : {}) };
      return outcome;
    } catch (error) {
      return noAnswer('Vonage', error);
    }
  },
};
