import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, test } from 'vitest';
import { providerConfig, sampleMessage, useStandIn, type StandIn } from '../../tests/helpers/provider-stand-in';
import { twilioProvider } from './twilio';
import { vonageProvider } from './vonage';
import { whatsAppCloudProvider } from './whatsapp-cloud';

const standIn = useStandIn();
let api: StandIn;
beforeEach(() => {
  api = standIn();
});

const sms = sampleMessage({ channel: 'sms' });
const whatsapp = sampleMessage({ channel: 'whatsapp' });
const SID = 'AC0123456789abcdef0123456789abcdef';

describe('Twilio Messages', () => {
  const twilio = (from = '+15005550006', channel = 'sms') => providerConfig('twilio', channel, { accountSid: SID, authToken: 'tw-token', from, baseUrl: api.url });

  test('posts To, From and Body as a form to /2010-04-01/Accounts/{sid}/Messages.json with basic auth', async () => {
    api.answer({ status: 201, body: { sid: 'SM1a2b', status: 'queued', error_code: null } });
    expect(await twilioProvider.send(sms, twilio())).toEqual({ status: 'sent', providerMessageId: 'SM1a2b' });
    const request = api.last();
    expect([request.method, request.path]).toEqual(['POST', `/2010-04-01/Accounts/${SID}/Messages.json`]);
    expect(request.headers['authorization']).toBe(`Basic ${Buffer.from(`${SID}:tw-token`).toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ To: '+213551234567', From: '+15005550006', Body: 'Your cart is waiting https://shop.example/cart' });
  });

  test('a Messaging Service SID is sent as MessagingServiceSid', async () => {
    api.answer({ status: 201, body: { sid: 'SM2' } });
    await twilioProvider.send(sms, twilio('MG0123456789abcdef0123456789abcdef'));
    expect(new URLSearchParams(api.last().body).get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
  });

  test('WhatsApp: whatsapp: addresses; a template goes as ContentSid with ContentVariables', async () => {
    api.answer({ status: 201, body: { sid: 'SM3' } }, { status: 201, body: { sid: 'SM4' } });
    await twilioProvider.send(whatsapp, twilio('+14155238886', 'whatsapp'));
    expect(Object.fromEntries(new URLSearchParams(api.last().body))).toMatchObject({
      To: 'whatsapp:+213551234567',
      From: 'whatsapp:+14155238886',
      Body: 'Your cart is waiting https://shop.example/cart',
    });
    const template = sampleMessage({ channel: 'whatsapp', content: { ...whatsapp.content, templateName: 'HXb5b62575e6e4ff6129ad7c8efe1f983e', templateParams: ['Amina', '12/1'] } });
    await twilioProvider.send(template, twilio('whatsapp:+14155238886', 'whatsapp'));
    expect(Object.fromEntries(new URLSearchParams(api.last().body))).toEqual({
      To: 'whatsapp:+213551234567',
      From: 'whatsapp:+14155238886',
      ContentSid: 'HXb5b62575e6e4ff6129ad7c8efe1f983e',
      ContentVariables: '{"1":"Amina","2":"12/1"}',
    });
  });

  const twilioError = (status: number, code: number, message: string) => ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

  test.each([
    [21211, 'bad_address'],
    [21214, 'bad_address'],
    [21614, 'bad_address'],
    [63024, 'bad_address'],
    [21610, 'opt_out'],
    [21408, undefined],
    [21606, undefined],
    [21612, undefined],
    [63016, undefined],
  ])('error %i fails for good (contact effect: %s)', async (code, contact) => {
    api.answer(twilioError(400, code, 'refused'));
    const outcome = await twilioProvider.send(sms, twilio());
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.contact).toBe(contact ?? undefined);
    if (code === 63016) expect(outcome).toMatchObject({ error: expect.stringContaining('outside the 24-hour window') });
  });

  test('20429 and HTTP 429 with Retry-After retry; 401 (20003) fails; 500 retries', async () => {
    api.answer({ ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'retry-after': '2' } }, twilioError(401, 20003, 'Authenticate'), { status: 500, body: '' });
    expect(await twilioProvider.send(sms, twilio())).toMatchObject({ status: 'retry', retryAfterMs: 2000 });
    expect(await twilioProvider.send(sms, twilio())).toMatchObject({ status: 'failed', error: expect.stringContaining('credentials') });
    expect(await twilioProvider.send(sms, twilio())).toMatchObject({ status: 'retry' });
  });

  test('polls each pending message’s status: delivered, read (WhatsApp), undelivered to a dead number', async () => {
    api.route((request) => {
      const sid = /Messages\/(\w+)\.json$/.exec(request.path)?.[1];
      const statuses: Record<string, unknown> = {
        SMd: { sid: 'SMd', status: 'delivered', error_code: null, date_updated: 'Sun, 01 Mar 2026 10:00:00 +0000' },
        SMr: { sid: 'SMr', status: 'read', error_code: null, date_updated: 'Sun, 01 Mar 2026 10:05:00 +0000' },
        SMu: { sid: 'SMu', status: 'undelivered', error_code: 30005, date_updated: 'Sun, 01 Mar 2026 10:06:00 +0000' },
        SMq: { sid: 'SMq', status: 'sent', error_code: null, date_updated: 'Sun, 01 Mar 2026 10:07:00 +0000' },
      };
      return sid && statuses[sid] ? { status: 200, body: statuses[sid] } : { status: 404, body: { code: 20404 } };
    });
    try {
      const pending = ['SMd', 'SMr', 'SMu', 'SMq', 'SMgone'].map((providerMessageId, i) => ({ messageId: i + 1, providerMessageId }));
      const { events } = await twilioProvider.poll!(twilio(), { pending, cursor: null, now: 0 });
      expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(pending.map((p) => `GET /2010-04-01/Accounts/${SID}/Messages/${p.providerMessageId}.json`));
      expect(events.map((e) => [e.messageId, e.type, new Date(e.ts).toISOString(), e.eventId])).toEqual([
        [1, 'delivered', '2026-03-01T10:00:00.000Z', 'SMd:delivered'],
        [2, 'delivered', '2026-03-01T10:05:00.000Z', 'SMr:delivered'],
        [2, 'opened', '2026-03-01T10:05:00.000Z', 'SMr:read'],
        [3, 'bounced', '2026-03-01T10:06:00.000Z', 'SMu:undelivered'],
      ]);
    } finally {
      api.route(() => undefined);
    }
  });

  test('status callbacks are checked against X-Twilio-Signature (HMAC-SHA1 of URL and sorted fields)', () => {
    const url = 'https://hooks.example/hooks/5';
    const fields = { MessageSid: 'SMd', MessageStatus: 'delivered', AccountSid: SID, To: '+213551234567' };
    const signed =
      url +
      Object.keys(fields)
        .sort()
        .map((k) => k + fields[k as keyof typeof fields])
        .join('');
    const signature = createHmac('sha1', 'tw-token').update(signed).digest('base64');
    const request = { method: 'POST', url, headers: { 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() };
    expect(twilioProvider.receive!(request, twilio()).events).toMatchObject([{ providerMessageId: 'SMd', type: 'delivered', eventId: 'SMd:delivered' }]);
    expect(() => twilioProvider.receive!({ ...request, url: 'https://other.example/hooks/5' }, twilio())).toThrow('signature does not match');
  });
});

describe('Vonage SMS', () => {
  const vonage = () => providerConfig('vonage', 'sms', { apiKey: 'vk', apiSecret: 'vs', from: 'Shop', baseUrl: api.url });
  const part = (status: string, extra: Record<string, string> = {}) => ({ status: 200, body: { 'message-count': '1', messages: [{ to: '213551234567', status, ...extra }] } });

  test('posts JSON to /sms/json with Basic key:secret, digits-only number and our key as client-ref', async () => {
    api.answer(part('0', { 'message-id': '0A0000000123ABCD1' }));
    expect(await vonageProvider.send(sms, vonage())).toEqual({ status: 'sent', providerMessageId: '0A0000000123ABCD1' });
    const request = api.last();
    expect([request.method, request.path]).toEqual(['POST', '/sms/json']);
    expect(request.headers['authorization']).toBe(`Basic ${Buffer.from('vk:vs').toString('base64')}`);
    expect(JSON.parse(request.body)).toEqual({
      from: 'Shop',
      to: '213551234567',
      text: 'Your cart is waiting https://shop.example/cart',
      'client-ref': 'c3:41',
    });
  });

  test('Arabic text goes as unicode', async () => {
    api.answer(part('0', { 'message-id': 'x' }));
    await vonageProvider.send(sampleMessage({ channel: 'sms', content: { ...sms.content, body: 'سلتك بانتظارك', link: '' } }), vonage());
    expect(JSON.parse(api.last().body).type).toBe('unicode');
  });

  test.each([
    ['1', 'retry', undefined],
    ['5', 'retry', undefined],
    ['10', 'retry', undefined],
    ['2', 'failed', undefined],
    ['4', 'failed', undefined],
    ['7', 'failed', 'bad_address'],
    ['9', 'failed', undefined],
    ['29', 'failed', undefined],
  ])('status %s (HTTP 200) is %s', async (status, expected, contact) => {
    api.answer(part(status, { 'error-text': 'refused' }));
    const outcome = await vonageProvider.send(sms, vonage());
    expect(outcome).toMatchObject({ status: expected, error: `Vonage status ${status}: refused` });
    expect(outcome.status === 'failed' ? outcome.contact : undefined).toBe(contact);
  });

  test('a long text with one part refused records the parts sent and is not sent again', async () => {
    api.answer({
      status: 200,
      body: {
        'message-count': '3',
        messages: [
          { to: '213551234567', 'message-id': '0A0000000123ABCD1', status: '0', 'remaining-balance': '3.14', 'message-price': '0.03', network: '60301' },
          { to: '213551234567', 'message-id': '0A0000000123ABCD2', status: '0', 'remaining-balance': '3.11', 'message-price': '0.03', network: '60301' },
          { status: '1', 'error-text': 'Throughput Rate Exceeded - please wait [ 1000 ] and retry' },
        ],
      },
    });
    const outcome = await vonageProvider.send(sms, vonage());
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('Vonage sent 2 of 3 parts (0A0000000123ABCD1, 0A0000000123ABCD2)') });
    expect(outcome.status === 'failed' && outcome.contact).toBeUndefined();
  });

  test('HTTP 429 and 500 retry', async () => {
    api.answer({ status: 429, headers: { 'retry-after': '1' }, body: '' }, { status: 500, body: '' });
    expect(await vonageProvider.send(sms, vonage())).toMatchObject({ status: 'retry', retryAfterMs: 1000 });
    expect(await vonageProvider.send(sms, vonage())).toMatchObject({ status: 'retry' });
  });
});

describe('WhatsApp Cloud API', () => {
  const cloud = () =>
    providerConfig('whatsapp_cloud', 'whatsapp', {
      phoneNumberId: '1065550001',
      accessToken: 'EAAG-token',
      templateLanguage: 'fr',
      appSecret: 'app-secret',
      verifyToken: 'verify-me',
      baseUrl: api.url,
    });

  test('free text inside the window: POST /v21.0/{phone number id}/messages with a bearer token', async () => {
    api.answer({ status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: '213551234567', wa_id: '213551234567' }], messages: [{ id: 'wamid.HBgM1' }] } });
    expect(await whatsAppCloudProvider.send(whatsapp, cloud())).toEqual({ status: 'sent', providerMessageId: 'wamid.HBgM1' });
    const request = api.last();
    expect([request.method, request.path]).toEqual(['POST', '/v21.0/1065550001/messages']);
    expect(request.headers['authorization']).toBe('Bearer EAAG-token');
    expect(JSON.parse(request.body)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '213551234567',
      type: 'text',
      text: { preview_url: true, body: 'Your cart is waiting\nhttps://shop.example/cart' },
    });
  });

  test('an approved template with body parameters, in the configured language', async () => {
    api.answer({ status: 200, body: { messages: [{ id: 'wamid.2' }] } });
    await whatsAppCloudProvider.send(sampleMessage({ channel: 'whatsapp', content: { ...whatsapp.content, templateName: 'cart_reminder', templateParams: ['Amina', '2'] } }), cloud());
    expect(JSON.parse(api.last().body)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '213551234567',
      type: 'template',
      template: {
        name: 'cart_reminder',
        language: { code: 'fr' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Amina' },
              { type: 'text', text: '2' },
            ],
          },
        ],
      },
    });
  });

  const graphError = (status: number, code: number, details: string) => ({
    status,
    body: { error: { message: '(#' + code + ') error', type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam' } },
  });

  test('131047 outside the 24-hour window fails and says to use a template', async () => {
    api.answer(graphError(400, 131047, 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'));
    const outcome = await whatsAppCloudProvider.send(whatsapp, cloud());
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('(#131047)') });
    expect(outcome).toMatchObject({ error: expect.stringContaining('send an approved template') });
  });

  test.each([
    [400, 131026, 'failed', 'bad_address'],
    [400, 131050, 'failed', 'opt_out'],
    [400, 132001, 'failed', undefined],
    [401, 190, 'failed', undefined],
    [400, 100, 'failed', undefined],
    [400, 131056, 'retry', undefined],
    [429, 130429, 'retry', undefined],
    [400, 131048, 'retry', undefined],
    [500, 131000, 'retry', undefined],
    [503, 2, 'retry', undefined],
  ])('HTTP %i code %i is %s', async (status, code, expected, contact) => {
    api.answer(graphError(status, code, 'details'));
    const outcome = await whatsAppCloudProvider.send(whatsapp, cloud());
    expect(outcome.status).toBe(expected);
    expect(outcome.status === 'failed' ? outcome.contact : undefined).toBe(contact);
  });

  test('130429 (rate limit) waits as long as Retry-After says', async () => {
    api.answer({ ...graphError(429, 130429, 'Rate limit hit'), headers: { 'retry-after': '7' } });
    expect(await whatsAppCloudProvider.send(whatsapp, cloud())).toMatchObject({ status: 'retry', retryAfterMs: 7000 });
  });

  test('webhooks: the verification challenge, then statuses signed with the app secret', () => {
    const challenge = whatsAppCloudProvider.receive!(
      { method: 'GET', url: 'https://hooks.example/hooks/5?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444', headers: {}, body: '' },
      cloud(),
    );
    expect(challenge.reply).toEqual({ status: 200, body: '1158201444', contentType: 'text/plain' });
    expect(() =>
      whatsAppCloudProvider.receive!({ method: 'GET', url: 'https://hooks.example/hooks/5?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1', headers: {}, body: '' }, cloud()),
    ).toThrow('verify token');

    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA',
          changes: [
            {
              field: 'messages',
              value: {
                statuses: [
                  { id: 'wamid.HBgM1', status: 'delivered', timestamp: '1772445600', recipient_id: '213551234567' },
                  { id: 'wamid.HBgM1', status: 'read', timestamp: '1772445700', recipient_id: '213551234567' },
                  { id: 'wamid.HBgM2', status: 'failed', timestamp: '1772445800', errors: [{ code: 131047, title: 'Re-engagement message' }] },
                  { id: 'wamid.HBgM3', status: 'failed', timestamp: '1772445900', errors: [{ code: 131026, title: 'Message undeliverable' }] },
                  { id: 'wamid.HBgM4', status: 'failed', timestamp: '1772446000', errors: [{ code: 131050, title: 'User has stopped marketing messages' }] },
                ],
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac('sha256', 'app-secret').update(body).digest('hex')}`;
    const { events } = whatsAppCloudProvider.receive!({ method: 'POST', url: 'https://hooks.example/hooks/5', headers: { 'x-hub-signature-256': signature }, body }, cloud());
    expect(events.map((e) => [e.providerMessageId, e.type, e.ts])).toEqual([
      ['wamid.HBgM1', 'delivered', 1772445600000],
      ['wamid.HBgM1', 'opened', 1772445700000],
      ['wamid.HBgM2', 'failed', 1772445800000],
      // The same codes as a refused send, the same effect on the contact.
      ['wamid.HBgM3', 'bounced', 1772445900000],
      ['wamid.HBgM4', 'unsubscribed', 1772446000000],
    ]);
    expect(() => whatsAppCloudProvider.receive!({ method: 'POST', url: 'https://hooks.example/hooks/5', headers: { 'x-hub-signature-256': 'sha256=00' }, body }, cloud())).toThrow(
      'signature does not match',
    );
  });
});
