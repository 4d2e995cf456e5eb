import aws4 from 'aws4';
import { emailParts } from './email-parts';
import { httpRequest, jsonOf, noAnswer, outcomeOfStatus, parseSender, text } from './http';
import type { ProviderAdapter } from './provider';

/**
 * Amazon SES v2: POST /v2/email/outbound-emails, signed with AWS Signature Version 4 (aws4) for
 * the "ses" service in the configured region. Errors name themselves in x-amzn-ErrorType; throttling
 * is retried, the rest (rejected message, paused account, unverified sender) refused with SES's reason.
 */
// LimitExceededException is a quota (the day's sending quota, a size limit): trying again within the
// hour changes nothing, so it fails with SES's reason instead.
const RETRYABLE_TYPES = new Set(['TooManyRequestsException', 'InternalFailure', 'ServiceUnavailable', 'ThrottlingException']);

/**
 * SES takes FromEmailAddress as an address header: a display name outside ASCII must be an RFC 2047
 * encoded word ("Boutique Élégance" -> =?UTF-8?B?...?=), or SES refuses the message.
 */
export function sesFromAddress(from: string): string {
  const { email, name } = parseSender(from);
  if (!name) return email;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, control characters included
  if (/[^\x00-\x7f]/.test(name)) return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${email}>`;
  return `"${name.replace(/["\\]/g, '\\$&')}" <${email}>`;
}

export const sesProvider: ProviderAdapter = {
  kind: 'ses',
  idempotent: false,
  // A new production SES account may send 14 messages a second.
  defaultRatePerSecond: 14,
  async send(message, provider) {
    const parts = emailParts(message);
    if ('error' in parts) return { status: 'failed', error: parts.error };
    const region = text(provider, 'region');
    const base = new URL(text(provider, 'baseUrl') || `https://email.${region}.amazonaws.com`);
    const configurationSet = text(provider, 'configurationSet');
    const contactList = text(provider, 'contactListName');
    const body = JSON.stringify({
      FromEmailAddress: sesFromAddress(text(provider, 'from')),
      Destination: { ToAddresses: [parts.to] },
      Content: {
        Simple: {
          Subject: { Data: parts.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: parts.text, Charset: 'UTF-8' }, ...(parts.html ? { Html: { Data: parts.html, Charset: 'UTF-8' } } : {}) },
          // With a contact list SES writes its own List-Unsubscribe; ours would be a second one.
          ...(contactList === '' && Object.keys(parts.headers).length > 0 ? { Headers: Object.entries(parts.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
        },
      },
      EmailTags: [{ Name: 'cs_message_id', Value: String(message.id) }],
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      ...(contactList && message.marketing ? { ListManagementOptions: { ContactListName: contactList } } : {}),
    });
    const signed = aws4.sign(
      { host: base.host, path: '/v2/email/outbound-emails', method: 'POST', service: 'ses', region, headers: { 'content-type': 'application/json' }, body },
      { accessKeyId: text(provider, 'accessKeyId'), secretAccessKey: text(provider, 'secretAccessKey') },
    );
    try {
      const answer = await httpRequest(`${base.origin}/v2/email/outbound-emails`, {
        method: 'POST',
        headers: Object.fromEntries(
          Object.entries(signed.headers ?? {})
            .filter(([name]) => name.toLowerCase() !== 'host' && name.toLowerCase() !== 'content-length')
            .map(([name, value]) => [name, String(value)]),
        ),
        body,
      });
      const json = jsonOf(answer);
      if (answer.status === 200) return { status: 'sent', providerMessageId: typeof json['MessageId'] === 'string' ? json['MessageId'] : null };
      const type = String(answer.headers['x-amzn-errortype'] ?? json['__type'] ?? '').split(':')[0]!;
      const error = `SES ${answer.status} ${type}: ${String(json['message'] ?? json['Message'] ?? answer.text.slice(0, 200))}`;
      if (RETRYABLE_TYPES.has(type)) return { status: 'retry', error };
      return outcomeOfStatus(answer, error);
    } catch (error) {
      return noAnswer('SES', error);
    }
  },
};
