import { emailParts } from './email-parts';
import { baseUrlOf, httpRequest, jsonOf, noAnswer, numericHeader, outcomeOfStatus, parseSender, text, uuidFromKey } from './http';
import type { ProviderAdapter } from './provider';

/**
 * Brevo transactional email: POST /v3/smtp/email with the api-key header; 201 and a messageId.
 * The idempotencyKey (a UUID from our key, inside "headers" as Brevo documents it) makes a resend
 * within Brevo's window harmless.
 */
export const brevoProvider: ProviderAdapter = {
  kind: 'brevo',
  idempotent: true,
  // Brevo drops a repeat of the key for 15 minutes (its documented TTL; newer pages say 30).
  idempotencyWindowMs: 15 * 60_000,
  defaultRatePerSecond: null,
  async send(message, provider) {
    const parts = emailParts(message);
    if ('error' in parts) return { status: 'failed', error: parts.error };
    const body = {
      sender: parseSender(text(provider, 'from')),
      to: [{ email: parts.to }],
      subject: parts.subject,
      textContent: parts.text,
      ...(parts.html ? { htmlContent: parts.html } : {}),
      headers: { ...parts.headers, idempotencyKey: uuidFromKey(message.idempotencyKey), 'X-Campaign-Studio-Message': String(message.id) },
      tags: ['campaign-studio'],
    };
    try {
      const answer = await httpRequest(`${baseUrlOf(provider, 'https://api.brevo.com')}/v3/smtp/email`, {
        method: 'POST',
        headers: { 'api-key': text(provider, 'apiKey'), 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const json = jsonOf(answer);
      if (answer.status === 201 || answer.status === 200) return { status: 'sent', providerMessageId: typeof json['messageId'] === 'string' ? json['messageId'] : null };
      // Brevo says how many seconds remain before its rate limit resets.
      const reset = numericHeader(answer, 'x-sib-ratelimit-reset');
      return outcomeOfStatus(answer, `Brevo ${answer.status} ${String(json['code'] ?? '')}: ${String(json['message'] ?? answer.text.slice(0, 200))}`, reset === undefined ? undefined : reset * 1000);
    } catch (error) {
      return noAnswer('Brevo', error);
    }
  },
};
