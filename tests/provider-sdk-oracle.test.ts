import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpsServer, Agent as HttpsAgent, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { beforeEach, describe, expect, test } from 'vitest';
import { brevoProvider } from '../engine/providers/brevo';
import { fcmProvider, forgetFcmTokens } from '../engine/providers/fcm';
import { uuidFromKey } from '../engine/providers/http';
import { mailgunProvider } from '../engine/providers/mailgun';
import { oneSignalProvider } from '../engine/providers/onesignal';
import { sendGridProvider } from '../engine/providers/sendgrid';
import { sesProvider } from '../engine/providers/ses';
import { twilioProvider } from '../engine/providers/twilio';
import { vonageProvider } from '../engine/providers/vonage';
import { providerConfig, sampleMessage, useStandIn, type RecordedRequest, type StandIn } from './helpers/provider-stand-in';

/**
 * The providers' own official Node SDKs are the oracle for what goes on the wire: for one message,
 * the SDK (pointed at a local capture server) and our adapter each send a request, and the two are
 * compared, so our adapters cannot share a misunderstanding with a stand-in we wrote. Headers that
 * only name the client (user agent, SDK version) are left out of the comparison.
 */
const require = createRequire(import.meta.url);
const standIn = useStandIn();
let api: StandIn;
beforeEach(() => {
  api = standIn();
});

const email = sampleMessage();
const sms = sampleMessage({ channel: 'sms' });
const push = sampleMessage({ channel: 'push' });
const SID = 'AC0123456789abcdef0123456789abcdef';

/** Sends with the SDK, then with ours, and returns the two requests as the server saw them. */
async function bothRequests(
  answer: { status: number; headers?: Record<string, string>; body?: unknown },
  sdk: () => Promise<unknown>,
  ours: () => Promise<unknown>,
): Promise<[RecordedRequest, RecordedRequest]> {
  api.route(() => answer);
  await sdk();
  const fromSdk = api.last();
  await ours();
  return [fromSdk, api.last()];
}

const json = (request: RecordedRequest) => JSON.parse(request.body) as unknown;
const form = (request: RecordedRequest) => Object.fromEntries(new URLSearchParams(request.body));
const pathOf = (request: RecordedRequest) => request.path.split('?')[0];

describe('requests as the official SDKs send them', () => {
  test('Twilio (twilio): the Messages form, basic auth SID:token', async () => {
    const twilio = require('twilio') as (sid: string, token: string) => { api: { baseUrl: string }; messages: { create(input: Record<string, string>): Promise<unknown> } };
    const client = twilio(SID, 'tw-token');
    client.api.baseUrl = api.url;
    const [sdk, ours] = await bothRequests(
      { status: 201, body: { sid: 'SM1', status: 'queued' } },
      () => client.messages.create({ to: '+213551234567', from: '+15005550006', body: 'Your cart is waiting https://shop.example/cart' }),
      () => twilioProvider.send(sms, providerConfig('twilio', 'sms', { accountSid: SID, authToken: 'tw-token', from: '+15005550006', baseUrl: api.url })),
    );
    expect([ours.method, ours.path]).toEqual([sdk.method, sdk.path]);
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
    expect(ours.headers['content-type']).toBe(sdk.headers['content-type']);
    expect(form(ours)).toEqual(form(sdk));
  });

  test('Twilio (twilio): the list our reconciliation reads, filtered by number and time', async () => {
    const twilio = require('twilio') as (sid: string, token: string) => { api: { baseUrl: string }; messages: { list(input: Record<string, unknown>): Promise<unknown> } };
    const client = twilio(SID, 'tw-token');
    client.api.baseUrl = api.url;
    const [sdk, ours] = await bothRequests(
      { status: 200, body: { messages: [], next_page_uri: null } },
      () => client.messages.list({ to: '+213551234567', dateSentAfter: new Date('2026-03-02T09:59:00Z'), pageSize: 100, limit: 100 }),
      () =>
        twilioProvider.reconcile!(
          { messageId: 1, idempotencyKey: 'k', channel: 'sms', to: sms.to, content: sms.content, firstAttemptAt: Date.parse('2026-03-02T10:00:00Z'), now: Date.parse('2026-03-02T10:00:10Z') },
          providerConfig('twilio', 'sms', { accountSid: SID, authToken: 'tw-token', from: '+15005550006', baseUrl: api.url }),
        ),
    );
    expect(pathOf(ours)).toBe(pathOf(sdk));
    expect(Object.fromEntries(new URL(ours.path, api.url).searchParams)).toEqual(Object.fromEntries(new URL(sdk.path, api.url).searchParams));
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
  });

  test('SendGrid (@sendgrid/mail): the v3 mail send body and bearer key', async () => {
    const sgMail = require('@sendgrid/mail') as {
      setApiKey(key: string): void;
      client: { setDefaultRequest(key: string, value: string): void };
      send(data: Record<string, unknown>): Promise<unknown>;
    };
    sgMail.setApiKey('SG.key');
    sgMail.client.setDefaultRequest('baseUrl', api.url);
    const [sdk, ours] = await bothRequests(
      { status: 202, headers: { 'x-message-id': 'sg1' }, body: '' },
      () =>
        sgMail.send({
          personalizations: [{ to: [{ email: 'amina@example.dz' }], customArgs: { cs_message_id: '41' } }],
          from: { email: 'news@shop.example', name: 'Shop' },
          subject: 'Your cart',
          content: [
            { type: 'text/plain', value: 'Your cart is waiting' },
            { type: 'text/html', value: '<p>Your cart is waiting</p>' },
          ],
          headers: { 'List-Unsubscribe': '<https://shop.example/unsubscribe?m=c3%3A41>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          asm: { groupId: 77 },
        }),
      () => sendGridProvider.send(email, providerConfig('sendgrid', 'email', { apiKey: 'SG.key', from: 'Shop <news@shop.example>', unsubscribeGroupId: 77, baseUrl: api.url })),
    );
    expect([ours.method, ours.path]).toEqual([sdk.method, sdk.path]);
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
    expect(json(ours)).toEqual(json(sdk));
  });

  test('Mailgun (mailgun.js): the Logs API query our polling sends', async () => {
    const Mailgun = require('mailgun.js') as new (formData: unknown) => { client(options: Record<string, string>): { logs: { list(query: Record<string, unknown>): Promise<unknown> } } };
    const client = new Mailgun(require('form-data')).client({ username: 'api', key: 'key-mg', url: api.url });
    const now = Date.parse('2026-03-03T10:00:00Z');
    const domainFilter = { AND: [{ attribute: 'domain', comparator: '=', values: [{ label: 'mg.shop.example', value: 'mg.shop.example' }] }] };
    const [sdk, ours] = await bothRequests(
      { status: 200, body: { start: 'Sun, 01 Mar 2026 10:00:00 -0000', end: 'Tue, 03 Mar 2026 10:00:00 -0000', items: [], pagination: {}, aggregates: { all: 0, metrics: {} } } },
      () =>
        client.logs.list({
          start: new Date(now - 2 * 86_400_000),
          end: new Date(now),
          events: ['delivered', 'failed', 'opened', 'clicked', 'unsubscribed', 'complained'],
          filter: domainFilter,
          include_totals: false,
          pagination: { sort: 'timestamp:asc', limit: 300 },
        }),
      () =>
        mailgunProvider.poll!(providerConfig('mailgun', 'email', { domain: 'mg.shop.example', apiKey: 'key-mg', from: 'news@mg.shop.example', baseUrl: api.url }), { pending: [], cursor: null, now }),
    );
    expect([ours.method, ours.path]).toEqual([sdk.method, sdk.path]);
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
    expect(json(ours)).toEqual(json(sdk));
  });

  test('Amazon SES (@aws-sdk/client-sesv2): the SendEmail body, signed for ses in the region', async () => {
    const { SESv2Client, SendEmailCommand } = require('@aws-sdk/client-sesv2') as {
      SESv2Client: new (config: Record<string, unknown>) => { send(command: unknown): Promise<unknown> };
      SendEmailCommand: new (input: Record<string, unknown>) => unknown;
    };
    const client = new SESv2Client({ region: 'eu-west-3', endpoint: api.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    const [sdk, ours] = await bothRequests(
      { status: 200, body: { MessageId: 'ses-1' } },
      () =>
        client.send(
          new SendEmailCommand({
            FromEmailAddress: `=?UTF-8?B?${Buffer.from('Boutique Élégance').toString('base64')}?= <news@shop.example>`,
            Destination: { ToAddresses: ['amina@example.dz'] },
            Content: {
              Simple: {
                Subject: { Data: 'Your cart', Charset: 'UTF-8' },
                Body: { Text: { Data: 'Your cart is waiting', Charset: 'UTF-8' }, Html: { Data: '<p>Your cart is waiting</p>', Charset: 'UTF-8' } },
                Headers: [
                  { Name: 'List-Unsubscribe', Value: '<https://shop.example/unsubscribe?m=c3%3A41>' },
                  { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
                ],
              },
            },
            EmailTags: [{ Name: 'cs_message_id', Value: '41' }],
          }),
        ),
      () =>
        sesProvider.send(
          email,
          providerConfig('ses', 'email', { region: 'eu-west-3', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', from: 'Boutique Élégance <news@shop.example>', baseUrl: api.url }),
        ),
    );
    expect([ours.method, ours.path]).toEqual([sdk.method, sdk.path]);
    expect(json(ours)).toEqual(json(sdk));
    // Both sign with SigV4 for the same scope (the date aside): key, region, service.
    const scope = (request: RecordedRequest) => /Credential=AKIDEXAMPLE\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(request.headers['authorization']))?.slice(1);
    expect(scope(ours)).toEqual(scope(sdk));
    expect(scope(ours)).toEqual(['eu-west-3', 'ses']);
  });

  test('Brevo (@getbrevo/brevo): the transactional email body, api-key header and idempotency key', async () => {
    const { BrevoClient } = require('@getbrevo/brevo') as {
      BrevoClient: new (options: Record<string, unknown>) => { transactionalEmails: { sendTransacEmail(input: Record<string, unknown>): Promise<unknown> } };
    };
    const client = new BrevoClient({ apiKey: 'xkeysib-1', baseUrl: `${api.url}/v3`, maxRetries: 0 });
    const [sdk, ours] = await bothRequests(
      { status: 201, body: { messageId: '<m@smtp-relay.mailin.fr>' } },
      () =>
        client.transactionalEmails.sendTransacEmail({
          sender: { name: 'Shop', email: 'news@shop.example' },
          to: [{ email: 'amina@example.dz' }],
          subject: 'Your cart',
          textContent: 'Your cart is waiting',
          htmlContent: '<p>Your cart is waiting</p>',
          headers: {
            'List-Unsubscribe': '<https://shop.example/unsubscribe?m=c3%3A41>',
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            idempotencyKey: uuidFromKey(email.idempotencyKey),
            'X-Campaign-Studio-Message': '41',
          },
          tags: ['campaign-studio'],
        }),
      () => brevoProvider.send(email, providerConfig('brevo', 'email', { apiKey: 'xkeysib-1', from: 'Shop <news@shop.example>', baseUrl: api.url })),
    );
    expect([ours.method, ours.path]).toEqual([sdk.method, sdk.path]);
    expect(ours.headers['api-key']).toBe(sdk.headers['api-key']);
    expect(json(ours)).toEqual(json(sdk));
  });

  test('OneSignal (@onesignal/node-onesignal): the notification body and Key authorization', async () => {
    const OneSignal = require('@onesignal/node-onesignal') as {
      createConfiguration(options: Record<string, unknown>): unknown;
      ServerConfiguration: new (url: string, variables: Record<string, string>) => unknown;
      DefaultApi: new (configuration: unknown) => { createNotification(notification: unknown): Promise<unknown> };
      Notification: new () => Record<string, unknown>;
    };
    const client = new OneSignal.DefaultApi(OneSignal.createConfiguration({ restApiKey: 'os_v2_key', baseServer: new OneSignal.ServerConfiguration(api.url, {}) }));
    const notification = new OneSignal.Notification();
    Object.assign(notification, {
      app_id: 'app-123',
      target_channel: 'push',
      include_subscription_ids: ['tok-41'],
      headings: { en: 'Salam Amina' },
      contents: { en: 'Your cart is waiting' },
      url: 'https://shop.example/cart',
      data: { message_id: 41 },
      idempotency_key: uuidFromKey(push.idempotencyKey),
    });
    const [sdk, ours] = await bothRequests(
      { status: 200, body: { id: 'n-1' } },
      () => client.createNotification(notification),
      () => oneSignalProvider.send(push, providerConfig('onesignal', 'push', { appId: 'app-123', apiKey: 'os_v2_key', baseUrl: api.url })),
    );
    // OneSignal's current reference adds ?c=push to the same path.
    expect([ours.method, pathOf(ours)]).toEqual([sdk.method, pathOf(sdk)]);
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
    expect(json(ours)).toEqual(json(sdk));
  });

  test('Vonage (@vonage/server-sdk): the SMS JSON and Basic credentials', async () => {
    const { Vonage } = require('@vonage/server-sdk') as {
      Vonage: new (credentials: Record<string, string>, options: Record<string, string>) => { sms: { send(input: Record<string, string>): Promise<unknown> } };
    };
    const client = new Vonage({ apiKey: 'vk', apiSecret: 'vs' }, { restHost: api.url });
    const arabic = sampleMessage({ channel: 'sms', content: { ...sms.content, body: 'سلتك بانتظارك', link: '' } });
    const [sdk, ours] = await bothRequests(
      { status: 200, body: { 'message-count': '1', messages: [{ to: '213551234567', 'message-id': 'v1', status: '0' }] } },
      () => client.sms.send({ to: '213551234567', from: 'Shop', text: 'سلتك بانتظارك', type: 'unicode', clientRef: 'c3:41' }),
      () => vonageProvider.send(arabic, providerConfig('vonage', 'sms', { apiKey: 'vk', apiSecret: 'vs', from: 'Shop', baseUrl: api.url })),
    );
    expect([ours.method, ours.path]).toEqual([sdk.method, sdk.path]);
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
    expect(json(ours)).toEqual(json(sdk));
  });

  test('FCM (firebase-admin): the v1 messages:send body and bearer token', async () => {
    // firebase-admin always calls https://fcm.googleapis.com: its HTTP agent is given a connection
    // to a local TLS server instead (a throwaway certificate), so nothing leaves the machine.
    const selfsigned = require('selfsigned') as { generate(attrs: { name: string; value: string }[], options: Record<string, unknown>): Promise<{ private: string; cert: string }> };
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'fcm.googleapis.com' }], { days: 1, keySize: 2048 });
    const seen: RecordedRequest[] = [];
    const server = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'projects/shop-app/messages/1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    class ToLocalServer extends HttpsAgent {
      override createConnection(options: RequestOptions) {
        return tlsConnect({ ...(options as ConnectionOptions), host: '127.0.0.1', port, rejectUnauthorized: false, servername: 'fcm.googleapis.com' });
      }
    }
    try {
      const admin = require('firebase-admin') as {
        initializeApp(options: Record<string, unknown>, name: string): { delete(): Promise<void> };
        messaging(app: unknown): { send(message: Record<string, unknown>): Promise<string> };
      };
      const app = admin.initializeApp(
        { credential: { getAccessToken: async () => ({ access_token: 'ya29.test-token', expires_in: 3599 }) }, httpAgent: new ToLocalServer({ keepAlive: false }), projectId: 'shop-app' },
        'oracle',
      );
      await admin.messaging(app).send({
        token: 'tok-41',
        notification: { title: 'Salam Amina', body: 'Your cart is waiting' },
        data: { message_id: '41', link: 'https://shop.example/cart' },
        webpush: { fcmOptions: { link: 'https://shop.example/cart' } },
      });
      await app.delete();
      const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      forgetFcmTokens();
      api.route((request) =>
        request.path === '/token' ? { status: 200, body: { access_token: 'ya29.test-token', expires_in: 3599 } } : { status: 200, body: { name: 'projects/shop-app/messages/2' } },
      );
      await fcmProvider.send(
        push,
        providerConfig('fcm', 'push', {
          serviceAccount: JSON.stringify({
            type: 'service_account',
            project_id: 'shop-app',
            private_key: privatePem,
            client_email: 's@shop-app.iam.gserviceaccount.com',
            token_uri: `${api.url}/token`,
          }),
          baseUrl: api.url,
        }),
      );
      const [sdk] = seen;
      const ours = api.last();
      expect([ours.method, ours.path]).toEqual([sdk!.method, sdk!.path]);
      expect(ours.headers['authorization']).toBe(sdk!.headers['authorization']);
      expect(json(ours)).toEqual(json(sdk!));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
