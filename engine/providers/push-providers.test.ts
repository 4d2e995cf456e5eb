import { generateKeyPairSync } from 'node:crypto';
import { importSPKI, jwtVerify } from 'jose';
import { beforeEach, describe, expect, test } from 'vitest';
import { providerConfig, sampleMessage, useStandIn, type StandIn } from '../../tests/helpers/provider-stand-in';
import { fcmProvider, forgetFcmTokens } from './fcm';
import { uuidFromKey } from './http';
import { oneSignalProvider } from './onesignal';

const standIn = useStandIn();
let api: StandIn;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

beforeEach(() => {
  api = standIn();
  forgetFcmTokens();
});

const push = sampleMessage({ channel: 'push' });

describe('FCM HTTP v1', () => {
  const fcm = () =>
    providerConfig('fcm', 'push', {
      serviceAccount: JSON.stringify({
        type: 'service_account',
        project_id: 'shop-app',
        private_key_id: 'key-1',
        private_key: privatePem,
        client_email: 'sender@shop-app.iam.gserviceaccount.com',
        token_uri: `${api.url}/token`,
      }),
      baseUrl: api.url,
    });
  const tokenAnswer = { status: 200, body: { access_token: 'ya29.test-token', expires_in: 3599, token_type: 'Bearer' } };

  test('gets an access token by the JWT bearer grant, then posts the message with it; the token is reused', async () => {
    api.answer(tokenAnswer, { status: 200, body: { name: 'projects/shop-app/messages/0:1500415314455276%31bd1c9631bd1c96' } }, { status: 200, body: { name: 'projects/shop-app/messages/2' } });
    const outcome = await fcmProvider.send(push, fcm());
    expect(outcome).toEqual({ status: 'sent', providerMessageId: 'projects/shop-app/messages/0:1500415314455276%31bd1c9631bd1c96' });

    const [grant, send] = api.requests;
    expect(grant!.method).toBe('POST');
    expect(grant!.path).toBe('/token');
    expect(grant!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(grant!.body);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    // The assertion is an RS256 JWT signed by the service account's key, for the messaging scope.
    const { payload, protectedHeader } = await jwtVerify(form.get('assertion')!, await importSPKI(publicPem, 'RS256'), {
      issuer: 'sender@shop-app.iam.gserviceaccount.com',
      audience: `${api.url}/token`,
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
    expect(payload['scope']).toBe('https://www.googleapis.com/auth/firebase.messaging');
    expect(payload.exp! - payload.iat!).toBe(3600);

    expect(send!.method).toBe('POST');
    expect(send!.path).toBe('/v1/projects/shop-app/messages:send');
    expect(send!.headers['authorization']).toBe('Bearer ya29.test-token');
    expect(send!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(send!.body)).toEqual({
      message: {
        token: 'tok-41',
        notification: { title: 'Salam Amina', body: 'Your cart is waiting' },
        data: { message_id: '41', link: 'https://shop.example/cart' },
        webpush: { fcmOptions: { link: 'https://shop.example/cart' } },
      },
    });

    await fcmProvider.send(push, fcm());
    expect(api.requests.map((r) => r.path)).toEqual(['/token', '/v1/projects/shop-app/messages:send', '/v1/projects/shop-app/messages:send']);
  });

  const fcmError = (status: number, code: string, errorCode?: string) => ({
    status,
    body: {
      error: {
        code: status,
        message: `${code} happened`,
        status: code,
        ...(errorCode ? { details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] } : {}),
      },
    },
  });

  test('UNREGISTERED (404) fails and removes the dead token; SENDER_ID_MISMATCH too', async () => {
    api.answer(tokenAnswer, fcmError(404, 'NOT_FOUND', 'UNREGISTERED'), fcmError(403, 'PERMISSION_DENIED', 'SENDER_ID_MISMATCH'));
    expect(await fcmProvider.send(push, fcm())).toEqual({ status: 'failed', error: 'FCM 404 UNREGISTERED: NOT_FOUND happened', contact: 'dead_push_token' });
    expect(await fcmProvider.send(push, fcm())).toMatchObject({ status: 'failed', contact: 'dead_push_token' });
  });

  test('429 QUOTA_EXCEEDED honours Retry-After; 503 UNAVAILABLE and 500 INTERNAL are retried; 400 INVALID_ARGUMENT fails', async () => {
    api.answer(
      tokenAnswer,
      { ...fcmError(429, 'RESOURCE_EXHAUSTED', 'QUOTA_EXCEEDED'), headers: { 'retry-after': '120' } },
      fcmError(503, 'UNAVAILABLE', 'UNAVAILABLE'),
      fcmError(500, 'INTERNAL', 'INTERNAL'),
      fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT'),
    );
    expect(await fcmProvider.send(push, fcm())).toMatchObject({ status: 'retry', retryAfterMs: 120_000 });
    expect(await fcmProvider.send(push, fcm())).toMatchObject({ status: 'retry' });
    expect(await fcmProvider.send(push, fcm())).toMatchObject({ status: 'retry' });
    const invalid = await fcmProvider.send(push, fcm());
    expect(invalid).toEqual({ status: 'failed', error: 'FCM 400 INVALID_ARGUMENT: INVALID_ARGUMENT happened' });
  });

  test('400 INVALID_ARGUMENT naming the token (a BadRequest field violation) removes the token; naming another field only fails the message', async () => {
    const badRequest = (field: string) => ({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'The registration token is not a valid FCM registration token',
          status: 'INVALID_ARGUMENT',
          details: [
            { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: 'Invalid registration token' }] },
            { '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' },
          ],
        },
      },
    });
    api.answer(tokenAnswer, badRequest('message.token'), badRequest('message.android.ttl'));
    expect(await fcmProvider.send(push, fcm())).toMatchObject({ status: 'failed', contact: 'dead_push_token' });
    const other = await fcmProvider.send(push, fcm());
    expect(other).toMatchObject({ status: 'failed' });
    expect(other.status === 'failed' && other.contact).toBeUndefined();
  });

  test('a 401 drops the cached token (the next attempt gets a new one); a refused grant fails with Google’s reason', async () => {
    api.answer(tokenAnswer, fcmError(401, 'UNAUTHENTICATED'), { status: 200, body: { access_token: 'ya29.second', expires_in: 3599 } }, { status: 200, body: { name: 'm/3' } });
    expect(await fcmProvider.send(push, fcm())).toMatchObject({ status: 'retry' });
    expect(await fcmProvider.send(push, fcm())).toEqual({ status: 'sent', providerMessageId: 'm/3' });
    expect(api.requests.at(-1)!.headers['authorization']).toBe('Bearer ya29.second');

    forgetFcmTokens();
    api.answer({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    expect(await fcmProvider.send(push, fcm())).toEqual({ status: 'failed', error: 'Google refused the service account (HTTP 400: Invalid JWT Signature.)' });
  });

  test('no push token, or a service account without its key, fails before any request', async () => {
    expect(await fcmProvider.send(sampleMessage({ channel: 'push', to: { ...push.to, pushToken: null } }), fcm())).toEqual({ status: 'failed', error: 'The customer has no push token.' });
    const broken = providerConfig('fcm', 'push', { serviceAccount: '{"project_id":"p","client_email":"a@b"}' });
    expect(await fcmProvider.send(push, broken)).toEqual({ status: 'failed', error: 'fcm test: the service account has no private_key.' });
    expect(api.requests).toHaveLength(0);
  });
});

describe('OneSignal', () => {
  const oneSignal = (target?: string) => providerConfig('onesignal', 'push', { appId: 'app-123', apiKey: 'os_v2_key', baseUrl: api.url, ...(target ? { target } : {}) });

  test('posts to /notifications?c=push with Key auth, the subscription id and an idempotency key stable per message', async () => {
    api.answer({ status: 200, body: { id: 'b98881cc-1e94-4366-bbd9-db8f3429292b', external_id: null } });
    expect(await oneSignalProvider.send(push, oneSignal())).toEqual({ status: 'sent', providerMessageId: 'b98881cc-1e94-4366-bbd9-db8f3429292b' });
    const request = api.last();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/notifications?c=push');
    expect(request.headers['authorization']).toBe('Key os_v2_key');
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      app_id: 'app-123',
      target_channel: 'push',
      include_subscription_ids: ['tok-41'],
      headings: { en: 'Salam Amina' },
      contents: { en: 'Your cart is waiting' },
      url: 'https://shop.example/cart',
      data: { message_id: 41 },
      idempotency_key: uuidFromKey('c3:41'),
    });
    expect(body.idempotency_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('targets the external id alias when set so; "not subscribed" there fails the message and leaves push open', async () => {
    api.answer({ status: 200, body: { id: 'n-2' } }, { status: 200, body: { id: '', errors: { invalid_aliases: { external_id: ['C-41'] } } } });
    await oneSignalProvider.send(push, oneSignal('external id'));
    expect(JSON.parse(api.last().body).include_aliases).toEqual({ external_id: ['C-41'] });
    const nobody = await oneSignalProvider.send(push, oneSignal('external id'));
    expect(nobody).toMatchObject({ status: 'failed' });
    expect(nobody.status === 'failed' && nobody.contact).toBeUndefined();
  });

  test('200 with an empty id ("not subscribed") fails and drops the token; 429 and 5xx retry; 400 fails', async () => {
    api.answer(
      { status: 200, body: { id: '', errors: ['All included players are not subscribed'] } },
      { status: 429, headers: { 'retry-after': '5' }, body: { errors: ['API rate limit exceeded'] } },
      { status: 502, body: 'bad gateway' },
      { status: 400, body: { errors: ['app_id not found'] } },
    );
    expect(await oneSignalProvider.send(push, oneSignal())).toEqual({
      status: 'failed',
      error: 'OneSignal sent to nobody: ["All included players are not subscribed"]',
      contact: 'dead_push_token',
    });
    expect(await oneSignalProvider.send(push, oneSignal())).toMatchObject({ status: 'retry', retryAfterMs: 5000 });
    expect(await oneSignalProvider.send(push, oneSignal())).toMatchObject({ status: 'retry' });
    expect(await oneSignalProvider.send(push, oneSignal())).toEqual({ status: 'failed', error: 'OneSignal 400: ["app_id not found"]' });
  });
});
