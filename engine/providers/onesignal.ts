import { baseUrlOf, httpRequest, jsonOf, noAnswer, outcomeOfStatus, text, uuidFromKey } from './http';
import type { ProviderAdapter } from './provider';

/**
 * OneSignal: POST /notifications?c=push with `Authorization: Key <REST API key>`. Each message
 * carries an idempotency_key (a UUID derived from our key), so OneSignal drops a resend of a
 * message whose first answer we lost. A 200 with an empty id means nobody was reachable.
 */
export const oneSignalProvider: ProviderAdapter = {
  kind: 'onesignal',
  idempotent: true,
  // OneSignal remembers an idempotency_key for 30 days.
  idempotencyWindowMs: 30 * 86_400_000,
  defaultRatePerSecond: null,
  async send(message, provider) {
    const byExternalId = text(provider, 'target') === 'external id';
    if (!byExternalId && !message.to.pushToken) return { status: 'failed', error: 'The customer has no push token (OneSignal subscription id).' };
    const { content } = message;
    const body = {
      app_id: text(provider, 'appId'),
      target_channel: 'push',
      ...(byExternalId ? { include_aliases: { external_id: [message.to.externalId] } } : { include_subscription_ids: [message.to.pushToken] }),
      headings: { en: content.title },
      contents: { en: content.body || content.title },
      ...(content.link ? { url: content.link } : {}),
      data: { message_id: message.id },
      idempotency_key: uuidFromKey(message.idempotencyKey),
    };
    try {
      const answer = await httpRequest(`${baseUrlOf(provider, 'https://api.onesignal.com')}/notifications?c=push`, {
        method: 'POST',
        headers: { authorization: `Key ${text(provider, 'apiKey')}`, 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const json = jsonOf(answer);
      const errors = json['errors'];
      const errorText = errors === undefined ? answer.text.slice(0, 200) : JSON.stringify(errors).slice(0, 300);
      if (answer.status === 200) {
        if (typeof json['id'] === 'string' && json['id'] !== '') return { status: 'sent', providerMessageId: json['id'] };
        // "All included players are not subscribed": by subscription id, that token is dead; by external
        // id, the customer has no subscribed device today but may subscribe tomorrow: the message
        // fails, push stays open for them.
        return byExternalId
          ? { status: 'failed', error: `OneSignal sent to nobody (no subscribed device for this external id): ${errorText}` }
          : { status: 'failed', error: `OneSignal sent to nobody: ${errorText}`, contact: 'dead_push_token' };
      }
      return outcomeOfStatus(answer, `OneSignal ${answer.status}: ${errorText}`);
    } catch (error) {
      return noAnswer('OneSignal', error);
    }
  },
};
