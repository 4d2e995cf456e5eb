import { createHash, createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, test } from 'vitest';
import { providerConfig, sampleMessage, useStandIn, type RecordedRequest, type StandIn } from '../../tests/helpers/provider-stand-in';
import { brevoProvider } from './brevo';
import { uuidFromKey } from './http';
import { mailgunProvider } from './mailgun';
import { sendGridProvider } from './sendgrid';
import { sesProvider } from './ses';

const standIn = useStandIn();
let api: StandIn;
beforeEach(() => {
  api = standIn();
});

const email = sampleMessage();
const unsubscribeHeaders = { 'List-Unsubscribe': '<https://shop.example/unsubscribe?m=c3%3A41>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };

describe('SendGrid v3 Mail Send', () => {
  const sendGrid = (extra: Record<string, unknown> = {}) => providerConfig('sendgrid', 'email', { apiKey: 'SG.key', from: 'Shop <news@shop.example>', baseUrl: api.url, ...extra });

  test('posts /v3/mail/send with a bearer key; 202 and X-Message-Id is sent', async () => {
    api.answer({ status: 202, headers: { 'x-message-id': 'sg-abc123' }, body: '' });
    expect(await sendGridProvider.send(email, sendGrid({ unsubscribeGroupId: 77 }))).toEqual({ status: 'sent', providerMessageId: 'sg-abc123' });
    const request = api.last();
    expect([request.method, request.path]).toEqual(['POST', '/v3/mail/send']);
    expect(request.headers['authorization']).toBe('Bearer SG.key');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      personalizations: [{ to: [{ email: 'amina@example.dz' }], custom_args: { cs_message_id: '41' } }],
      from: { email: 'news@shop.example', name: 'Shop' },
      subject: 'Your cart',
      content: [
        { type: 'text/plain', value: 'Your cart is waiting' },
        { type: 'text/html', value: '<p>Your cart is waiting</p>' },
      ],
      headers: unsubscribeHeaders,
      asm: { group_id: 77 },
    });
  });

  test('a transactional message carries no unsubscribe header nor group', async () => {
    api.answer({ status: 202, body: '' });
    await sendGridProvider.send(sampleMessage({ marketing: false }), sendGrid({ unsubscribeGroupId: 77 }));
    const body = JSON.parse(api.last().body);
    expect(body.headers).toBeUndefined();
    expect(body.asm).toBeUndefined();
  });

  test('400 names the field; 401 and 403 fail; 429 with Retry-After and 5xx retry', async () => {
    api.answer(
      { status: 400, body: { errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from', help: null }] } },
      { status: 401, body: { errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null }] } },
      { status: 403, body: { errors: [{ message: 'access forbidden', field: null }] } },
      { status: 429, headers: { 'retry-after': '60' }, body: { errors: [{ message: 'too many requests' }] } },
      { status: 500, body: '' },
    );
    expect(await sendGridProvider.send(email, sendGrid())).toEqual({ status: 'failed', error: 'SendGrid 400: from: The from address does not match a verified Sender Identity.' });
    expect(await sendGridProvider.send(email, sendGrid())).toMatchObject({ status: 'failed' });
    expect(await sendGridProvider.send(email, sendGrid())).toMatchObject({ status: 'failed' });
    expect(await sendGridProvider.send(email, sendGrid())).toMatchObject({ status: 'retry', retryAfterMs: 60_000 });
    expect(await sendGridProvider.send(email, sendGrid())).toMatchObject({ status: 'retry' });
  });

  test('the signed event webhook is verified with the ECDSA key and read into events; a forged one is refused', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const body = JSON.stringify([
      { email: 'amina@example.dz', timestamp: 1767261600, event: 'delivered', sg_event_id: 'ev-1', sg_message_id: 'sg-abc123.filter0001.1.0', cs_message_id: '41' },
      { email: 'amina@example.dz', timestamp: 1767262600, event: 'open', sg_event_id: 'ev-2', sg_message_id: 'sg-abc123.filter0001.1.0', cs_message_id: '41' },
      { email: 'amina@example.dz', timestamp: 1767263600, event: 'bounce', type: 'bounce', reason: '550 5.1.1 user unknown', sg_event_id: 'ev-3', sg_message_id: 'sg-abc123.x', cs_message_id: '41' },
      { email: 'amina@example.dz', timestamp: 1767263600, event: 'processed', sg_event_id: 'ev-4' },
    ]);
    const timestamp = '1767263700';
    const signature = createSign('sha256').update(timestamp + body).sign(privateKey, 'base64');
    const provider = sendGrid({ webhookPublicKey: key });
    const request = { method: 'POST', url: 'https://hooks.example/hooks/5', headers: { 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp }, body };
    expect(sendGridProvider.receive!(request, provider).events).toEqual([
      { messageId: 41, providerMessageId: 'sg-abc123', type: 'delivered', ts: 1767261600_000, eventId: 'ev-1' },
      { messageId: 41, providerMessageId: 'sg-abc123', type: 'opened', ts: 1767262600_000, eventId: 'ev-2' },
      { messageId: 41, providerMessageId: 'sg-abc123', type: 'bounced', ts: 1767263600_000, eventId: 'ev-3', details: { reason: '550 5.1.1 user unknown' } },
    ]);
    expect(() => sendGridProvider.receive!({ ...request, body: body.replace('delivered', 'open') }, provider)).toThrow('signature does not match');
  });
});

describe('Mailgun', () => {
  const mailgun = () => providerConfig('mailgun', 'email', { domain: 'mg.shop.example', apiKey: 'key-mg', from: 'Shop <news@mg.shop.example>', webhookSigningKey: 'sign-mg', baseUrl: api.url });

  test('posts the form to /v3/{domain}/messages with basic auth api:key, headers as h: and our id as v:', async () => {
    api.answer({ status: 200, body: { id: '<20260301.1@mg.shop.example>', message: 'Queued. Thank you.' } });
    expect(await mailgunProvider.send(email, mailgun())).toEqual({ status: 'sent', providerMessageId: '20260301.1@mg.shop.example' });
    const request = api.last();
    expect([request.method, request.path]).toEqual(['POST', '/v3/mg.shop.example/messages']);
    expect(request.headers['authorization']).toBe(`Basic ${Buffer.from('api:key-mg').toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      from: 'Shop <news@mg.shop.example>',
      to: 'amina@example.dz',
      subject: 'Your cart',
      text: 'Your cart is waiting',
      html: '<p>Your cart is waiting</p>',
      'h:List-Unsubscribe': '<https://shop.example/unsubscribe?m=c3%3A41>',
      'h:List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'v:cs_message_id': '41',
    });
  });

  test('400 fails with Mailgun’s message; 401 fails; 429 and 503 retry', async () => {
    api.answer(
      { status: 400, body: { message: "to parameter is not a valid address. please check documentation" } },
      { status: 401, body: 'Forbidden' },
      { status: 429, headers: { 'retry-after': '10' }, body: { message: 'rate limited' } },
      { status: 503, body: '' },
    );
    expect(await mailgunProvider.send(email, mailgun())).toEqual({ status: 'failed', error: 'Mailgun 400: to parameter is not a valid address. please check documentation' });
    expect(await mailgunProvider.send(email, mailgun())).toMatchObject({ status: 'failed' });
    expect(await mailgunProvider.send(email, mailgun())).toMatchObject({ status: 'retry', retryAfterMs: 10_000 });
    expect(await mailgunProvider.send(email, mailgun())).toMatchObject({ status: 'retry' });
  });

  test('polls the Events API from two days back, follows its paging, and keeps the cursor on the configured host only', async () => {
    const now = Date.parse('2026-03-03T10:00:00Z');
    api.answer({
      status: 200,
      body: {
        items: [
          { id: 'e1', event: 'delivered', timestamp: 1772445600.5, message: { headers: { 'message-id': '20260301.1@mg.shop.example' } }, 'user-variables': { cs_message_id: '41' } },
          { id: 'e2', event: 'failed', severity: 'temporary', timestamp: 1772445601, 'user-variables': { cs_message_id: '42' } },
          { id: 'e3', event: 'failed', severity: 'permanent', reason: 'bounce', timestamp: 1772445602, 'user-variables': { cs_message_id: '43' } },
          { id: 'e4', event: 'complained', timestamp: 1772445603, 'user-variables': { cs_message_id: '44' } },
        ],
        paging: { next: `${api.url}/v3/mg.shop.example/events/page-2` },
      },
    });
    const first = await mailgunProvider.poll!(mailgun(), { pending: [], cursor: null, now });
    const request = api.last();
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`/v3/mg.shop.example/events?begin=${Math.floor((now - 2 * 86_400_000) / 1000)}&ascending=yes&limit=300`);
    expect(request.headers['authorization']).toBe(`Basic ${Buffer.from('api:key-mg').toString('base64')}`);
    expect(first.events.map((e) => [e.messageId, e.type, e.ts, e.eventId])).toEqual([
      [41, 'delivered', 1772445600500, 'e1'],
      [43, 'bounced', 1772445602000, 'e3'],
      [44, 'unsubscribed', 1772445603000, 'e4'],
    ]);
    expect(first.cursor).toBe(`${api.url}/v3/mg.shop.example/events/page-2`);

    api.answer({ status: 200, body: { items: [], paging: {} } });
    const second = await mailgunProvider.poll!(mailgun(), { pending: [], cursor: first.cursor, now });
    expect(api.last().path).toBe('/v3/mg.shop.example/events/page-2');
    expect(second).toEqual({ events: [], cursor: first.cursor });

    // A "next" page on another host is not followed with our key.
    api.answer({ status: 200, body: { items: [] } });
    await mailgunProvider.poll!(mailgun(), { pending: [], cursor: 'https://elsewhere.example/steal', now });
    expect(api.last().path.startsWith('/v3/mg.shop.example/events?begin=')).toBe(true);
  });

  test('webhooks are checked with the signing key (HMAC-SHA256 of timestamp + token)', () => {
    const signature = { timestamp: '1772445600', token: 'tok-1', signature: createHmac('sha256', 'sign-mg').update('1772445600tok-1').digest('hex') };
    const body = JSON.stringify({ signature, 'event-data': { id: 'e9', event: 'opened', timestamp: 1772445700, 'user-variables': { cs_message_id: '41' } } });
    const request = { method: 'POST', url: 'https://hooks.example/hooks/5', headers: {}, body };
    expect(mailgunProvider.receive!(request, mailgun()).events).toEqual([{ messageId: 41, type: 'opened', ts: 1772445700000, eventId: 'e9' }]);
    expect(() => mailgunProvider.receive!({ ...request, body: body.replace('tok-1', 'tok-2') }, mailgun())).toThrow('signature does not match');
  });
});

/** SigV4 recomputed here from the request as received, step by step as AWS documents it. */
function expectedSigV4(request: RecordedRequest, secretAccessKey: string): { signature: string; credential: string } {
  const auth = String(request.headers['authorization']);
  const [, credential, signedHeaders] = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(auth) ?? [];
  if (!credential || !signedHeaders) throw new Error(`not a SigV4 Authorization header: ${auth}`);
  const [, date, region, service] = credential.split('/');
  const canonicalHeaders = signedHeaders.split(';').map((name) => `${name}:${String(request.headers[name]).trim()}\n`).join('');
  const canonicalRequest = [request.method, request.path, '', canonicalHeaders, signedHeaders, createHash('sha256').update(request.body).digest('hex')].join('\n');
  const amzDate = String(request.headers['x-amz-date']);
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${date}/${region}/${service}/aws4_request`, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date!), region!), service!), 'aws4_request');
  return { signature: createHmac('sha256', signingKey).update(stringToSign).digest('hex'), credential };
}

describe('Amazon SES v2', () => {
  const ses = (extra: Record<string, unknown> = {}) =>
    providerConfig('ses', 'email', { region: 'eu-west-3', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', from: 'news@shop.example', baseUrl: api.url, ...extra });

  test('posts /v2/email/outbound-emails signed with SigV4 for ses in the region', async () => {
    api.answer({ status: 200, body: { MessageId: '0100018c-ses-1' } });
    expect(await sesProvider.send(email, ses({ configurationSet: 'tracking' }))).toEqual({ status: 'sent', providerMessageId: '0100018c-ses-1' });
    const request = api.last();
    expect([request.method, request.path]).toEqual(['POST', '/v2/email/outbound-emails']);
    const { signature, credential } = expectedSigV4(request, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    expect(credential).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-3\/ses\/aws4_request$/);
    expect(String(request.headers['authorization']).endsWith(`Signature=${signature}`)).toBe(true);
    expect(JSON.parse(request.body)).toEqual({
      FromEmailAddress: 'news@shop.example',
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
      ConfigurationSetName: 'tracking',
    });
  });

  test('with a contact list, SES’s hosted unsubscribe replaces our header', async () => {
    api.answer({ status: 200, body: { MessageId: 'x' } });
    await sesProvider.send(email, ses({ contactListName: 'Newsletter' }));
    const body = JSON.parse(api.last().body);
    expect(body.ListManagementOptions).toEqual({ ContactListName: 'Newsletter' });
    expect(body.Content.Simple.Headers).toBeUndefined();
  });

  test('errors by x-amzn-ErrorType: throttling retries, a rejected message or paused account fails', async () => {
    const sesError = (status: number, type: string, message: string) => ({ status, headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/` }, body: { message } });
    api.answer(
      sesError(429, 'TooManyRequestsException', 'Too many requests'),
      sesError(400, 'LimitExceededException', 'Maximum sending rate exceeded.'),
      sesError(400, 'MessageRejected', 'Email address is not verified.'),
      sesError(400, 'SendingPausedException', 'Sending is paused for this account.'),
      sesError(500, 'InternalFailure', 'internal'),
    );
    expect(await sesProvider.send(email, ses())).toMatchObject({ status: 'retry' });
    expect(await sesProvider.send(email, ses())).toMatchObject({ status: 'retry' });
    expect(await sesProvider.send(email, ses())).toEqual({ status: 'failed', error: 'SES 400 MessageRejected: Email address is not verified.' });
    expect(await sesProvider.send(email, ses())).toMatchObject({ status: 'failed', error: 'SES 400 SendingPausedException: Sending is paused for this account.' });
    expect(await sesProvider.send(email, ses())).toMatchObject({ status: 'retry' });
  });
});

describe('Brevo', () => {
  const brevo = () => providerConfig('brevo', 'email', { apiKey: 'xkeysib-1', from: 'Shop <news@shop.example>', baseUrl: api.url });

  test('posts /v3/smtp/email with the api-key header and an idempotencyKey stable per message', async () => {
    api.answer({ status: 201, body: { messageId: '<202603011200.1@smtp-relay.mailin.fr>' } });
    expect(await brevoProvider.send(email, brevo())).toEqual({ status: 'sent', providerMessageId: '<202603011200.1@smtp-relay.mailin.fr>' });
    const request = api.last();
    expect([request.method, request.path]).toEqual(['POST', '/v3/smtp/email']);
    expect(request.headers['api-key']).toBe('xkeysib-1');
    expect(JSON.parse(request.body)).toEqual({
      sender: { email: 'news@shop.example', name: 'Shop' },
      to: [{ email: 'amina@example.dz' }],
      subject: 'Your cart',
      textContent: 'Your cart is waiting',
      htmlContent: '<p>Your cart is waiting</p>',
      headers: { ...unsubscribeHeaders, idempotencyKey: uuidFromKey('c3:41'), 'X-Campaign-Studio-Message': '41' },
      tags: ['campaign-studio'],
    });
  });

  test('400 invalid_parameter and 401 fail; 429 and 502 retry', async () => {
    api.answer(
      { status: 400, body: { code: 'invalid_parameter', message: 'email is not valid in to' } },
      { status: 401, body: { code: 'unauthorized', message: 'Key not found' } },
      { status: 429, headers: { 'retry-after': '3' }, body: { code: 'too_many_requests', message: 'slow down' } },
      { status: 502, body: '' },
    );
    expect(await brevoProvider.send(email, brevo())).toEqual({ status: 'failed', error: 'Brevo 400 invalid_parameter: email is not valid in to' });
    expect(await brevoProvider.send(email, brevo())).toMatchObject({ status: 'failed' });
    expect(await brevoProvider.send(email, brevo())).toMatchObject({ status: 'retry', retryAfterMs: 3000 });
    expect(await brevoProvider.send(email, brevo())).toMatchObject({ status: 'retry' });
  });

  test('no email address fails before any request', async () => {
    expect(await brevoProvider.send(sampleMessage({ to: { ...email.to, email: null } }), brevo())).toEqual({ status: 'failed', error: 'The customer has no email address.' });
    expect(api.requests).toHaveLength(0);
  });
});
