import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { beforeEach, describe, expect, test } from 'vitest';
import { providerConfig, sampleMessage, useStandIn, type StandIn } from '../../tests/helpers/provider-stand-in';
import { forgetFcmTokens } from './fcm';
import type { ProviderConfig } from './provider';
import { adapterFor } from './registry';

/**
 * The outbox promises at most once. A provider that reads the whole request and then drops the
 * connection may have sent the message: the adapter must not say "retry" (which sends it again),
 * but "unknown". A provider that cannot be reached at all got nothing: "retry" is right.
 */
const standIn = useStandIn();
let api: StandIn;
beforeEach(() => {
  api = standIn();
  forgetFcmTokens();
});

const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SID = 'AC0123456789abcdef0123456789abcdef';

/** Each HTTP provider, its channel, and its settings against a base URL. */
const PROVIDERS: [kind: string, channel: string, settings: (base: string) => Record<string, unknown>][] = [
  ['twilio', 'sms', (base) => ({ accountSid: SID, authToken: 'tw', from: '+15005550006', baseUrl: base })],
  ['vonage', 'sms', (base) => ({ apiKey: 'vk', apiSecret: 'vs', from: 'Shop', baseUrl: base })],
  ['whatsapp_cloud', 'whatsapp', (base) => ({ phoneNumberId: '1065550001', accessToken: 'EAAG', templateLanguage: 'fr', baseUrl: base })],
  ['sendgrid', 'email', (base) => ({ apiKey: 'SG.key', from: 'Shop <news@shop.example>', baseUrl: base })],
  ['mailgun', 'email', (base) => ({ domain: 'mg.shop.example', apiKey: 'key-mg', from: 'Shop <news@mg.shop.example>', baseUrl: base })],
  ['ses', 'email', (base) => ({ region: 'eu-west-3', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', from: 'news@shop.example', baseUrl: base })],
  ['brevo', 'email', (base) => ({ apiKey: 'xkeysib-1', from: 'Shop <news@shop.example>', baseUrl: base })],
  ['onesignal', 'push', (base) => ({ appId: 'app-123', apiKey: 'os_v2_key', baseUrl: base })],
  [
    'fcm',
    'push',
    (base) => ({
      serviceAccount: JSON.stringify({ type: 'service_account', project_id: 'shop-app', private_key: privatePem, client_email: 's@shop-app.iam.gserviceaccount.com', token_uri: `${base}/token` }),
      baseUrl: base,
    }),
  ],
  ['webhook', 'webhook', (base) => ({ url: `${base}/hook` })],
];

const messageFor = (channel: string) => sampleMessage({ channel, ...(channel === 'webhook' ? { webhook: { url: '', body: '' } } : {}) });

/** A port with nothing listening: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a lost answer is not a failure to send', () => {
  test.each(PROVIDERS)('%s: the body read, the connection dropped: one request, the message unknown', async (kind, channel, settings) => {
    // The OAuth token (FCM) is answered; the send itself is read and dropped.
    api.route((request) => (request.path === '/token' ? { status: 200, body: { access_token: 'ya29.t', expires_in: 3599 } } : { status: 0, drop: true }));
    const provider: ProviderConfig = providerConfig(kind, channel, settings(api.url));
    const message = messageFor(channel);
    if (kind === 'webhook') message.webhook = { url: `${api.url}/hook`, body: '{"a":1}' };
    const outcome = await adapterFor(kind)!.send(message, provider);
    expect(outcome.status).toBe('unknown');
    expect(api.requests.filter((request) => request.path !== '/token')).toHaveLength(1);
  });

  test.each(PROVIDERS)('%s: nothing listening: nothing was sent, so it is tried again', async (kind, channel, settings) => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const message = messageFor(channel);
    if (kind === 'webhook') message.webhook = { url: `${base}/hook`, body: '{"a":1}' };
    const outcome = await adapterFor(kind)!.send(message, providerConfig(kind, channel, settings(base)));
    expect(outcome.status).toBe('retry');
  });
});
