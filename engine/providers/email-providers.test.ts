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

  test('a 429 waits until X-RateLimit-Reset (epoch seconds)', async () => {
    const reset = Math.floor(Date.now() / 1000) + 30;
    api.answer({
      status: 429,
      headers: { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { errors: [{ message: 'too many requests', field: null }] },
    });
    const outcome = await sendGridProvider.send(email, sendGrid());
    expect(outcome.status).toBe('retry');
    const wait = outcome.status === 'retry' ? (outcome.retryAfterMs ?? 0) : 0;
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThanOrEqual(30_000);
  });

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
    const signature = createSign('sha256')
      .update(timestamp + body)
      .sign(privateKey, 'base64');
    const provider = sendGrid({ webhookPublicKey: key });
    const request = {
      method: 'POST',
      url: 'https://hooks.example/hooks/5',
      headers: { 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp },
      body,
    };
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
      { status: 400, body: { message: 'to parameter is not a valid address. please check documentation' } },
      { status: 401, body: 'Forbidden' },
      { status: 429, headers: { 'retry-after': '10' }, body: { message: 'rate limited' } },
      { status: 503, body: '' },
    );
    expect(await mailgunProvider.send(email, mailgun())).toEqual({ status: 'failed', error: 'Mailgun 400: to parameter is not a valid address. please check documentation' });
    expect(await mailgunProvider.send(email, mailgun())).toMatchObject({ status: 'failed' });
    expect(await mailgunProvider.send(email, mailgun())).toMatchObject({ status: 'retry', retryAfterMs: 10_000 });
    expect(await mailgunProvider.send(email, mailgun())).toMatchObject({ status: 'retry' });
  });

  test('polls the Logs API for its domain from two days back, then from the last event read', async () => {
    const now = Date.parse('2026-03-03T10:00:00Z');
    const logged = (id: string, event: string, at: string, messageId: string, extra: Record<string, unknown> = {}) => ({
      id,
      event,
      '@timestamp': at,
      'user-variables': JSON.stringify({ cs_message_id: messageId }),
      domain: { name: 'mg.shop.example' },
      ...extra,
    });
    api.answer(
      {
        status: 200,
        body: {
          items: [
            logged('e1', 'delivered', '2026-03-02T10:00:00.500Z', '41', { message: { headers: { 'message-id': '20260301.1@mg.shop.example' } } }),
            logged('e2', 'failed', '2026-03-02T10:00:01.000Z', '42', { severity: 'temporary' }),
          ],
          pagination: { next: 'page-2-token' },
        },
      },
      {
        status: 200,
        body: {
          items: [logged('e3', 'failed', '2026-03-02T10:00:02.000Z', '43', { severity: 'permanent', reason: 'bounce' }), logged('e4', 'complained', '2026-03-02T10:00:03.000Z', '44')],
          pagination: {},
        },
      },
    );
    const first = await mailgunProvider.poll!(mailgun(), { pending: [], cursor: null, now });
    const [page1, page2] = api.requests;
    expect([page1!.method, page1!.path]).toEqual(['POST', '/v1/analytics/logs']);
    expect(page1!.headers['authorization']).toBe(`Basic ${Buffer.from('api:key-mg').toString('base64')}`);
    expect(JSON.parse(page1!.body)).toEqual({
      start: 'Sun, 01 Mar 2026 10:00:00 -0000',
      end: 'Tue, 03 Mar 2026 10:00:00 -0000',
      events: ['delivered', 'failed', 'opened', 'clicked', 'unsubscribed', 'complained'],
      filter: { AND: [{ attribute: 'domain', comparator: '=', values: [{ label: 'mg.shop.example', value: 'mg.shop.example' }] }] },
      include_totals: false,
      pagination: { sort: 'timestamp:asc', limit: 300 },
    });
    expect(JSON.parse(page2!.body).pagination).toEqual({ sort: 'timestamp:asc', limit: 300, token: 'page-2-token' });
    expect(first.events.map((e) => [e.messageId, e.type, e.ts, e.eventId])).toEqual([
      [41, 'delivered', Date.parse('2026-03-02T10:00:00.500Z'), 'e1'],
      [43, 'bounced', Date.parse('2026-03-02T10:00:02.000Z'), 'e3'],
      [44, 'unsubscribed', Date.parse('2026-03-02T10:00:03.000Z'), 'e4'],
    ]);
    expect(first.cursor).toBe(String(Date.parse('2026-03-02T10:00:03.000Z')));

    api.answer({ status: 200, body: { items: [], pagination: {} } });
    const second = await mailgunProvider.poll!(mailgun(), { pending: [], cursor: first.cursor, now });
    // A minute of overlap before the last event read, so an event logged late is not missed.
    expect(JSON.parse(api.last().body).start).toBe('Mon, 02 Mar 2026 09:59:03 -0000');
    expect(second).toEqual({ events: [], cursor: first.cursor });
  });

  test('a message whose answer was lost is found in the logs as accepted by its cs_message_id', async () => {
    const request = (now: number) => ({
      messageId: 41,
      idempotencyKey: 'k41',
      channel: 'email',
      to: { externalId: 'c1', email: 'amina@example.dz', phone: null, pushToken: null },
      content: email.content,
      firstAttemptAt: Date.parse('2026-03-02T10:00:00Z'),
      now,
    });
    api.answer(
      {
        status: 200,
        body: {
          items: [
            { id: 'a1', event: 'accepted', '@timestamp': '2026-03-02T10:00:01Z', 'user-variables': '{"cs_message_id":"40"}' },
            { id: 'a2', event: 'accepted', '@timestamp': '2026-03-02T10:00:01Z', 'user-variables': '{"cs_message_id":"41"}', message: { headers: { 'message-id': 'm41@mg.shop.example' } } },
          ],
          pagination: {},
        },
      },
      { status: 200, body: { items: [], pagination: {} } },
      { status: 200, body: { items: [], pagination: {} } },
    );
    expect(await mailgunProvider.reconcile!(request(Date.parse('2026-03-02T10:01:00Z')), mailgun())).toEqual({ verdict: 'sent', providerMessageId: 'm41@mg.shop.example' });
    expect(JSON.parse(api.last().body).events).toEqual(['accepted']);
    expect(await mailgunProvider.reconcile!(request(Date.parse('2026-03-02T10:01:00Z')), mailgun())).toEqual({ verdict: 'unknown' });
    expect(await mailgunProvider.reconcile!(request(Date.parse('2026-03-02T10:15:00Z')), mailgun())).toEqual({ verdict: 'not_sent' });
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
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${String(request.headers[name]).trim()}\n`)
    .join('');
  const canonicalRequest = [request.method, request.path, '', canonicalHeaders, signedHeaders, createHash('sha256').update(request.body).digest('hex')].join('\n');
  const amzDate = String(request.headers['x-amz-date']);
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${date}/${region}/${service}/aws4_request`, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date!), region!), service!), 'aws4_request');
  return { signature: createHmac('sha256', signingKey).update(stringToSign).digest('hex'), credential };
}

describe('Amazon SES v2', () => {
  const ses = (extra: Record<string, unknown> = {}) =>
    providerConfig('ses', 'email', {
      region: 'eu-west-3',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      from: 'news@shop.example',
      baseUrl: api.url,
      ...extra,
    });

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

  test('a sender name outside ASCII is an RFC 2047 encoded word; an ASCII one is quoted', async () => {
    api.answer({ status: 200, body: { MessageId: 'm' } }, { status: 200, body: { MessageId: 'm' } });
    await sesProvider.send(email, ses({ from: 'Boutique Élégance <news@shop.example>' }));
    expect(JSON.parse(api.last().body).FromEmailAddress).toBe(`=?UTF-8?B?${Buffer.from('Boutique Élégance').toString('base64')}?= <news@shop.example>`);
    await sesProvider.send(email, ses({ from: 'Shop, Alger <news@shop.example>' }));
    expect(JSON.parse(api.last().body).FromEmailAddress).toBe('"Shop, Alger" <news@shop.example>');
  });

  test('errors by x-amzn-ErrorType: throttling retries, a quota (LimitExceeded), a rejected message or paused account fails', async () => {
    const sesError = (status: number, type: string, message: string) => ({ status, headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/` }, body: { message } });
    api.answer(
      sesError(429, 'TooManyRequestsException', 'Too many requests'),
      sesError(400, 'LimitExceededException', 'Maximum sending rate exceeded.'),
      sesError(400, 'MessageRejected', 'Email address is not verified.'),
      sesError(400, 'SendingPausedException', 'Sending is paused for this account.'),
      sesError(500, 'InternalFailure', 'internal'),
    );
    expect(await sesProvider.send(email, ses())).toMatchObject({ status: 'retry' });
    expect(await sesProvider.send(email, ses())).toEqual({ status: 'failed', error: 'SES 400 LimitExceededException: Maximum sending rate exceeded.' });
    expect(await sesProvider.send(email, ses())).toEqual({ status: 'failed', error: 'SES 400 MessageRejected: Email address is not verified.' });
    expect(await sesProvider.send(email, ses())).toMatchObject({ status: 'failed', error: 'SES 400 SendingPausedException: Sending is paused for this account.' });
    expect(await sesProvider.send(email, ses())).toMatchObject({ status: 'retry' });
  });
});

describe('Brevo', () => {
  const brevo = () => providerConfig('brevo', 'email', { apiKey: 'xkeysib-1', from: 'Shop <news@shop.example>', baseUrl: api.url });

  test('a 429 waits as long as x-sib-ratelimit-reset says', async () => {
    api.answer({
      status: 429,
      headers: { 'x-sib-ratelimit-limit': '10', 'x-sib-ratelimit-remaining': '0', 'x-sib-ratelimit-reset': '42' },
      body: { code: 'too_many_requests', message: 'Too many requests' },
    });
    expect(await brevoProvider.send(email, brevo())).toMatchObject({ status: 'retry', retryAfterMs: 42_000 });
  });

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
