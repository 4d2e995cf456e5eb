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
  label: 'API base URL',
  type: 'url',
  destination: true,
  placeholder,
  help: 'Leave empty for the provider’s own address; set it to reach a regional endpoint or a test server. Changing it asks for the saved keys again.',
});
const rate: ProviderField = { key: 'ratePerSecond', label: 'Requests per second (limit)', type: 'number', help: 'Never more than this many requests in any second.' };
/** What a text message costs: the preview multiplies it by the message's segments. */
const smsPrice: ProviderField = {
  key: 'pricePerSegment',
  label: 'Price per SMS segment (workspace currency)',
  type: 'number',
  help: 'Your contract’s price, for the cost estimate in the message preview (an Arabic SMS of 2 segments costs twice).',
};
const from = (placeholder: string): ProviderField => ({ key: 'from', label: 'From', type: 'text', required: true, placeholder });

export const PROVIDER_KINDS: readonly ProviderKindInfo[] = [
  {
    kind: 'sandbox',
    label: 'Sandbox (sends nothing, simulates results)',
    channels: PROVIDER_CHANNELS,
    fields: [rate, smsPrice],
    statusBack: 'Simulated delivery, opens, clicks and conversions at the configured rates.',
    testAddress: 'none',
    pollable: false,
  },
  {
    kind: 'fcm',
    label: 'Firebase Cloud Messaging (HTTP v1)',
    channels: ['push'],
    fields: [
      { key: 'serviceAccount', label: 'Service account JSON', type: 'textarea', secret: true, required: true, help: 'The key file from Firebase console → Project settings → Service accounts.' },
      baseUrl('https://fcm.googleapis.com'),
      rate,
    ],
    statusBack: 'FCM answers each send; an unregistered token is removed from the customer.',
    testAddress: 'pushToken',
    pollable: false,
  },
  {
    kind: 'onesignal',
    label: 'OneSignal',
    channels: ['push'],
    fields: [
      { key: 'appId', label: 'App ID', type: 'text', required: true },
      { key: 'apiKey', label: 'REST API key', type: 'text', secret: true, required: true },
      {
        key: 'target',
        label: 'Send to',
        type: 'select',
        options: ['subscription id (push token)', 'external id'],
        help: 'The customer’s push token as a OneSignal subscription id, or their external id as OneSignal alias.',
      },
      baseUrl('https://api.onesignal.com'),
      rate,
    ],
    statusBack: 'OneSignal answers each send; a token with no subscribed device is removed.',
    testAddress: 'pushToken',
    pollable: false,
  },
  {
    kind: 'smtp',
    label: 'SMTP server',
    channels: ['email'],
    fields: [
      { key: 'host', label: 'Host', type: 'text', required: true, destination: true, placeholder: 'smtp.example.com', help: 'Changing it clears the saved password: enter it again.' },
      { key: 'port', label: 'Port', type: 'number', placeholder: '587' },
      { key: 'security', label: 'Security', type: 'select', options: ['starttls', 'tls', 'none'] },
      { key: 'user', label: 'User name', type: 'text' },
      { key: 'password', label: 'Password', type: 'text', secret: true },
      from('Shop <news@example.com>'),
      rate,
    ],
    statusBack: 'The server’s answer to each message (a refused address blocks email for that customer). Bounces that come later arrive by mail, not here.',
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'sendgrid',
    label: 'SendGrid (v3 Mail Send)',
    channels: ['email'],
    fields: [
      { key: 'apiKey', label: 'API key', type: 'text', secret: true, required: true },
      from('Shop <news@example.com>'),
      { key: 'unsubscribeGroupId', label: 'Unsubscribe group id', type: 'number', help: 'SendGrid’s hosted unsubscribe (ASM group) for marketing email.' },
      { key: 'webhookPublicKey', label: 'Event webhook verification key', type: 'textarea', help: 'Public key of the signed event webhook (web mode, when the host is reachable).' },
      baseUrl('https://api.sendgrid.com'),
      rate,
    ],
    statusBack: 'Event webhook in web mode (delivered, open, click, bounce, unsubscribe), or import an activity export.',
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'mailgun',
    label: 'Mailgun',
    channels: ['email'],
    fields: [
      { key: 'domain', label: 'Sending domain', type: 'text', required: true, placeholder: 'mg.example.com' },
      { key: 'apiKey', label: 'API key', type: 'text', secret: true, required: true },
      { key: 'webhookSigningKey', label: 'Webhook signing key', type: 'text', secret: true, help: 'Only for webhooks in web mode.' },
      from('Shop <news@mg.example.com>'),
      baseUrl('https://api.mailgun.net (EU: https://api.eu.mailgun.net)'),
      rate,
    ],
    statusBack: 'Polls the Events API every minute (delivered, opened, clicked, failed, unsubscribed); webhooks in web mode.',
    testAddress: 'email',
    pollable: true,
  },
  {
    kind: 'ses',
    label: 'Amazon SES (v2)',
    channels: ['email'],
    fields: [
      { key: 'region', label: 'Region', type: 'text', required: true, placeholder: 'eu-west-3' },
      { key: 'accessKeyId', label: 'Access key id', type: 'text', required: true },
      { key: 'secretAccessKey', label: 'Secret access key', type: 'text', secret: true, required: true },
      from('Shop <news@example.com>'),
      { key: 'configurationSet', label: 'Configuration set', type: 'text' },
      { key: 'contactListName', label: 'Contact list (hosted unsubscribe)', type: 'text', help: 'SES list management: SES adds its own unsubscribe link and header.' },
      baseUrl('https://email.REGION.amazonaws.com'),
      rate,
    ],
    statusBack: 'SES answers each send; later events go to SNS/EventBridge, which a laptop cannot receive: import them as an export.',
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'brevo',
    label: 'Brevo (transactional email)',
    channels: ['email'],
    fields: [{ key: 'apiKey', label: 'API key', type: 'text', secret: true, required: true }, from('Shop <news@example.com>'), baseUrl('https://api.brevo.com'), rate],
    statusBack: 'Brevo answers each send; import a logs export for opens and clicks.',
    testAddress: 'email',
    pollable: false,
  },
  {
    kind: 'twilio',
    label: 'Twilio Messages (SMS, WhatsApp)',
    channels: ['sms', 'whatsapp'],
    fields: [
      { key: 'accountSid', label: 'Account SID', type: 'text', required: true, placeholder: 'AC…' },
      { key: 'authToken', label: 'Auth token', type: 'text', secret: true, required: true },
      from('+15005550006, a Messaging Service SID (MG…), or whatsapp:+14155238886'),
      { key: 'statusCallbackUrl', label: 'Status callback URL', type: 'url', help: 'Only when this app’s web host is reachable from the internet; otherwise statuses are polled.' },
      baseUrl('https://api.twilio.com'),
      rate,
      smsPrice,
    ],
    statusBack: 'Polls each message’s status until it is final (delivered, undelivered, failed, read); status callbacks in web mode.',
    testAddress: 'phone',
    pollable: true,
  },
  {
    kind: 'vonage',
    label: 'Vonage SMS',
    channels: ['sms'],
    fields: [
      { key: 'apiKey', label: 'API key', type: 'text', required: true },
      { key: 'apiSecret', label: 'API secret', type: 'text', secret: true, required: true },
      from('Shop, or a number'),
      baseUrl('https://rest.nexmo.com'),
      rate,
      smsPrice,
    ],
    statusBack: 'Vonage answers each send; delivery receipts need a public URL: import them as an export.',
    testAddress: 'phone',
    pollable: false,
  },
  {
    kind: 'whatsapp_cloud',
    label: 'WhatsApp Cloud API (Meta)',
    channels: ['whatsapp'],
    fields: [
      { key: 'phoneNumberId', label: 'Phone number id', type: 'text', required: true },
      { key: 'accessToken', label: 'Access token', type: 'text', secret: true, required: true },
      { key: 'templateLanguage', label: 'Template language', type: 'text', placeholder: 'fr' },
      { key: 'apiVersion', label: 'Graph API version', type: 'text', placeholder: 'v21.0' },
      { key: 'appSecret', label: 'App secret (webhook signatures)', type: 'text', secret: true },
      { key: 'verifyToken', label: 'Webhook verify token', type: 'text', secret: true },
      baseUrl('https://graph.facebook.com'),
      rate,
    ],
    statusBack: 'Webhooks in web mode (sent, delivered, read, failed); import an export otherwise.',
    testAddress: 'phone',
    pollable: false,
  },
  {
    kind: 'webhook',
    label: 'Webhook (JSON POST)',
    channels: ['webhook', 'push', 'email', 'sms', 'whatsapp', 'in_app'],
    fields: [
      { key: 'url', label: 'URL', type: 'url', required: true, destination: true, help: 'Changing it clears the saved header values and signing secret: enter them again.' },
      { key: 'headers', label: 'Headers', type: 'headers', secret: true, help: 'Sent with every request (e.g. Authorization); the values are sealed.' },
      { key: 'signingSecret', label: 'Signing secret', type: 'text', secret: true, help: 'Signs each body: X-Campaign-Studio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">.' },
      rate,
    ],
    statusBack: 'The receiver’s answer to each request.',
    testAddress: 'none',
    pollable: false,
  },
];

export function providerKind(kind: string): ProviderKindInfo | undefined {
  return PROVIDER_KINDS.find((k) => k.kind === kind);
}
