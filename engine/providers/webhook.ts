import { createHmac } from 'node:crypto';
import { httpRequest, noAnswer, outcomeOfStatus, text } from './http';
import type { OutgoingMessage, ProviderAdapter, ProviderConfig, SendOutcome } from './provider';

/**
 * A JSON POST to an address the user chose: a flow's webhook step, or a "webhook" channel provider
 * (config.url, config.headers). Every attempt of one message carries the same Idempotency-Key, so a
 * receiver that honours it (as the webhook contract asks) can take a resend after a crash safely.
 * With a signing secret each body is signed, Stripe-style, so the receiver can tell it came from us:
 * X-Campaign-Studio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">.
 */
export const SIGNATURE_HEADER = 'x-campaign-studio-signature';

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

export function signBody(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

export const webhookProvider: ProviderAdapter = {
  kind: 'webhook',
  idempotent: true,
  // Our webhook contract (docs/providers.md): a receiver drops a repeated Idempotency-Key for a day.
  idempotencyWindowMs: 24 * 3_600_000,
  defaultRatePerSecond: null,
  async send(message: OutgoingMessage, provider: ProviderConfig): Promise<SendOutcome> {
    const target = message.webhook?.url ?? text(provider, 'url');
    let url: URL;
    try {
      url = new URL(target);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      return { status: 'failed', error: `The webhook address "${target}" is not an http(s) URL.` };
    }
    const extraHeaders = (provider.config['headers'] as Record<string, string> | undefined) ?? {};
    const body = bodyFor(message);
    const secret = text(provider, 'signingSecret');
    try {
      const answer = await httpRequest(url.href, {
        method: 'POST',
        headers: {
          ...extraHeaders,
          'content-type': 'application/json',
          'idempotency-key': message.idempotencyKey,
          ...(secret ? { [SIGNATURE_HEADER]: signBody(secret, body, Math.floor(Date.now() / 1000)) } : {}),
        },
        body,
      });
      if (answer.status >= 200 && answer.status < 300) {
        return { status: 'sent', providerMessageId: (answer.headers['x-request-id'] as string | undefined) ?? null };
      }
      const excerpt = answer.text.slice(0, 300);
      return outcomeOfStatus(answer, `HTTP ${answer.status} from ${url.origin}${excerpt ? `: ${excerpt}` : ''}`);
    } catch (error) {
      // No answer (refused, reset, timed out): the request may or may not have arrived; the key makes a retry safe.
      return noAnswer(url.origin, error);
    }
  },
};
