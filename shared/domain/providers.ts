import { PROVIDER_WORDS_EN as W } from './provider-words';
import { CHANNELS, type Channel } from './channels';
/**
 * The provider APIs the app can send through, and the settings each one needs. One list drives the
 * engine's validation (which keys exist, which are required, which are secret) and the renderer's
 * Providers form, so the two cannot drift apart. Secret fields are sealed at rest by the engine and
 * only ever come back to a window as HIDDEN.
 */
export const PROVIDER_CHANNELS = CHANNELS;
export type ProviderChannel = Channel;

/** What a window sees in place of a stored secret; sending it back keeps the stored value. */
export const HIDDEN = '(hidden)';

export interface ProviderField {
  key: string;
  label: string;
  /** text: one line; textarea: a pasted file (the FCM service account); headers: name -> value pairs. */
  type: 'text' | 'textarea' | 'url' | 'number' | 'select' | 'headers';
  secret?: boolean;
  /**
   * Where requests go (an API base URL, an SMTP host, a webhook URL). Changing it clears the saved
   * secrets unless they are given again in the same change, so a stored key cannot be redirected
   * to a server of someone else's choosing without knowing it.
   */
  destination?: boolean;
  required?: boolean;
  options?: readonly string[];
  placeholder?: string;
  help?: string;
}

/** Every provider kind the engine has an adapter for (engine/providers/registry.ts maps each one). */
export const PROVIDER_KIND_NAMES = ['sandbox', 'fcm', 'onesignal', 'smtp', 'sendgrid', 'mailgun', 'ses', 'brevo', 'twilio', 'vonage', 'whatsapp_cloud', 'webhook'] as const;
export type ProviderKind = (typeof PROVIDER_KIND_NAMES)[number];

export interface ProviderKindInfo {
  kind: ProviderKind;
  label: string;
  channels: readonly ProviderChannel[];
  fields: readonly ProviderField[];
  /** How delivery and engagement come back, in words for the settings page. */
  statusBack: string;
  /** The address a test message needs. */
  testAddress: 'email' | 'phone' | 'pushToken' | 'none';
  /** Its API can be asked what became of sent messages (the engine polls it every minute). */
  pollable: boolean;
}

const baseUrl = (placeholder: string): ProviderField => ({
  key: 'baseUrl',
  label: W['field.baseUrl.label'],
  type: 'url',
  destination: true,
  placeholder,
  help: W['field.baseUrl.help'],
});
const rate: ProviderField = { key: 'ratePerSecond', label: W['field.ratePerSecond.label'], type: 'number', help: W['field.ratePerSecond.help'] };
/** What a text message costs: the preview multiplies it by the message's segments. */
const smsPrice: ProviderField = {
  key: 'pricePerSegment',
  label: W['field.pricePerSegment.label'],
  type: 'number',
  help: W['field.pricePerSegment.help'],
};
const from = (placeholder: string): ProviderField => ({ key: 'from', label: W['field.from.label'], type: 'text', required: true, placeholder });

export const PROVIDER_KINDS: readonly ProviderKindInfo[] = [
  {
    kind: 'sandbox',
    label: W['kind.sandbox.label'],
    channels: PROVIDER_CHANNELS,
    fields: [rate, smsPrice],
    statusBack: W['kind.sandbox.statusBack'],
    testAddress: 'none',
    pollable: false,
  },
  {
    kind: 'fcm',
    label: W['kind.fcm.label'],
    channels: ['push'],
    fields: [
      { key: 'serviceAccount', label: W['field.serviceAccount.label'], type: 'textarea', secret: true, required: true, help: W['field.serviceAccount.help'] },
      baseUrl('https://fcm.googleapis.com'),
      rate,
    ],
    statusBack: W['kind.fcm.statusBack'],
    testAddress: 'pushToken',
    pollable: false,
  },
  {
    kind: 'onesignal',
    label: W['kind.onesignal.label'],
    channels: ['push'],
    fields: [
      { key: 'appId', label: W['field.appId.label'], type: 'text', required: true },
      { key: 'apiKey', label: W['field.onesignal.apiKey.label'], type: 'text', secret: true, required: true },
      {
        key: 'target',
        label: W['field.target.label'],
        type: 'select',
        options: ['subscription id (push token)', 'external id'],
        help: W['field.target.help'],
      },
      baseUrl('https://api.onesignal.com'),
      rate,
    ],
    statusBack: W['kind.onesignal.statusBack'],
    testAddress: 'pushToken',
    pollable: false,
  },
  {
    kind: 'smtp',
    label: W['kind.smtp.label'],
    channels: ['email'],
    fields: [
      { key: 'host', label: W['field.host.label'], type: 'text', required: true, destination: true, placeholder: 'smtp.example.com', help: W['field.host.help'] },
      { key: 'port', label: W['field.port.label'], type: 'number', placeholder: '587' },
      { key: 'security', label: W['field.security.label'], type: 'select', options: ['starttls', 'tls', 'none'] },
      { key: 'user', label: W['field.user.label'], type: 'text' },
      { key: 'password', label: W['field.password.label'], type: 'text', secret: true },
      from('Shop <news@example.com>'),
      rate,
    ],
    statusBack: W['kind.smtp.statusBack'],
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'sendgrid',
    label: W['kind.sendgrid.label'],
    channels: ['email'],
    fields: [
      { key: 'apiKey', label: W['field.apiKey.label'], type: 'text', secret: true, required: true },
      from('Shop <news@example.com>'),
      { key: 'unsubscribeGroupId', label: W['field.unsubscribeGroupId.label'], type: 'number', help: W['field.unsubscribeGroupId.help'] },
      { key: 'webhookPublicKey', label: W['field.webhookPublicKey.label'], type: 'textarea', help: W['field.webhookPublicKey.help'] },
      baseUrl('https://api.sendgrid.com'),
      rate,
    ],
    statusBack: W['kind.sendgrid.statusBack'],
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'mailgun',
    label: W['kind.mailgun.label'],
    channels: ['email'],
    fields: [
      { key: 'domain', label: W['field.domain.label'], type: 'text', required: true, placeholder: 'mg.example.com' },
      { key: 'apiKey', label: W['field.apiKey.label'], type: 'text', secret: true, required: true },
      { key: 'webhookSigningKey', label: W['field.webhookSigningKey.label'], type: 'text', secret: true, help: W['field.webhookSigningKey.help'] },
      from('Shop <news@mg.example.com>'),
      baseUrl('https://api.mailgun.net (EU: https://api.eu.mailgun.net)'),
      rate,
    ],
    statusBack: W['kind.mailgun.statusBack'],
    testAddress: 'email',
    pollable: true,
  },
  {
    kind: 'ses',
    label: W['kind.ses.label'],
    channels: ['email'],
    fields: [
      { key: 'region', label: W['field.region.label'], type: 'text', required: true, placeholder: 'eu-west-3' },
      { key: 'accessKeyId', label: W['field.accessKeyId.label'], type: 'text', required: true },
      { key: 'secretAccessKey', label: W['field.secretAccessKey.label'], type: 'text', secret: true, required: true },
      from('Shop <news@example.com>'),
      { key: 'configurationSet', label: W['field.configurationSet.label'], type: 'text' },
      { key: 'contactListName', label: W['field.contactListName.label'], type: 'text', help: W['field.contactListName.help'] },
      baseUrl('https://email.REGION.amazonaws.com'),
      rate,
    ],
    statusBack: W['kind.ses.statusBack'],
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'brevo',
    label: W['kind.brevo.label'],
    channels: ['email'],
    fields: [{ key: 'apiKey', label: W['field.apiKey.label'], type: 'text', secret: true, required: true }, from('Shop <news@example.com>'), baseUrl('https://api.brevo.com'), rate],
    statusBack: W['kind.brevo.statusBack'],
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'twilio',
    label: W['kind.twilio.label'],
    channels: ['sms', 'whatsapp'],
    fields: [
      { key: 'accountSid', label: W['field.accountSid.label'], type: 'text', required: true, placeholder: 'AC…' },
      { key: 'authToken', label: W['field.authToken.label'], type: 'text', secret: true, required: true },
      from('+15005550006, a Messaging Service SID (MG…), or whatsapp:+14155238886'),
      { key: 'statusCallbackUrl', label: W['field.statusCallbackUrl.label'], type: 'url', help: W['field.statusCallbackUrl.help'] },
      baseUrl('https://api.twilio.com'),
      rate,
      smsPrice,
    ],
    statusBack: W['kind.twilio.statusBack'],
    testAddress: 'phone',
    pollable: true,
  },
  {
    kind: 'vonage',
    label: W['kind.vonage.label'],
    channels: ['sms'],
    fields: [
      { key: 'apiKey', label: W['field.apiKey.label'], type: 'text', required: true },
      { key: 'apiSecret', label: W['field.apiSecret.label'], type: 'text', secret: true, required: true },
      from('Shop, or a number'),
      baseUrl('https://rest.nexmo.com'),
      rate,
      smsPrice,
    ],
    statusBack: W['kind.vonage.statusBack'],
    testAddress: 'phone',
    pollable: false,
  },
  {
    kind: 'whatsapp_cloud',
    label: W['kind.whatsapp_cloud.label'],
    channels: ['whatsapp'],
    fields: [
      { key: 'phoneNumberId', label: W['field.phoneNumberId.label'], type: 'text', required: true },
      { key: 'accessToken', label: W['field.accessToken.label'], type: 'text', secret: true, required: true },
      { key: 'templateLanguage', label: W['field.templateLanguage.label'], type: 'text', placeholder: 'fr' },
      { key: 'apiVersion', label: W['field.apiVersion.label'], type: 'text', placeholder: 'v21.0' },
      { key: 'appSecret', label: W['field.appSecret.label'], type: 'text', secret: true },
      { key: 'verifyToken', label: W['field.verifyToken.label'], type: 'text', secret: true },
      baseUrl('https://graph.facebook.com'),
      rate,
    ],
    statusBack: W['kind.whatsapp_cloud.statusBack'],
    testAddress: 'phone',
    pollable: false,
  },
  {
    kind: 'webhook',
    label: W['kind.webhook.label'],
    channels: ['webhook', 'push', 'email', 'sms', 'whatsapp', 'in_app'],
    fields: [
      { key: 'url', label: W['field.url.label'], type: 'url', required: true, destination: true, help: W['field.url.help'] },
      { key: 'headers', label: W['field.headers.label'], type: 'headers', secret: true, help: W['field.headers.help'] },
      { key: 'signingSecret', label: W['field.signingSecret.label'], type: 'text', secret: true, help: W['field.signingSecret.help'] },
      rate,
    ],
    statusBack: W['kind.webhook.statusBack'],
    testAddress: 'none',
    pollable: false,
  },
];

export function providerKind(kind: string): ProviderKindInfo | undefined {
  return PROVIDER_KINDS.find((k) => k.kind === kind);
}
