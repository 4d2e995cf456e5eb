import { Analytics } from '@segment/analytics-node';
import { describe, expect, test } from 'vitest';
import { makeTempDir } from './helpers/temp-dir';
import { startWebHostProcess, type RunningWebHost } from './helpers/web-host-process';
import { afterAll, beforeAll } from 'vitest';

/**
 * The Segment tracking spec, tested with the real @segment/analytics-node client (not a stand-in)
 * pointed at a running `campaign-studio web`: a tracking key is its write key.
 */
describe('the Segment-spec HTTP API with @segment/analytics-node', () => {
  const temp = makeTempDir();
  let host: RunningWebHost;
  let writeKey: string;
  beforeAll(async () => {
    host = await startWebHostProcess(temp.dir);
    writeKey = (await host.call('tracking/create-key', { name: 'Shop backend' })).key;
    await host.call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id,email\nSEG-1,old@mail.dz\n' } });
  }, 60_000);
  afterAll(async () => {
    await host.stop();
    temp.cleanup();
  });

  const client = (key: string, errors: unknown[] = []) => {
    const analytics = new Analytics({ writeKey: key, host: host.url, flushAt: 50, flushInterval: 200, maxRetries: 1 });
    analytics.on('error', (error) => errors.push(error));
    return analytics;
  };

  test('identify upserts customers from traits; track, page and screen record events at their timestamps; a messageId sent twice counts once', async () => {
    const errors: unknown[] = [];
    const analytics = client(writeKey, errors);
    analytics.identify({
      userId: 'SEG-1',
      traits: { email: 'Nouveau@Mail.dz', firstName: 'Salim', phone: '0550 12 34 56', createdAt: '2024-05-01T10:00:00Z', plan: 'gold', address: { city: 'Oran' } },
    });
    analytics.identify({ userId: 'SEG-2', traits: { email: 'not-an-email', lastName: 'Hamidi' } });
    analytics.track({ userId: 'SEG-1', event: 'add_to_cart', properties: { cart_id: 'K9', amount: 4200 }, timestamp: new Date('2026-11-30T12:00:00Z'), messageId: 'msg-1' });
    analytics.track({ userId: 'SEG-1', event: 'add_to_cart', properties: { cart_id: 'K9', amount: 4200 }, timestamp: new Date('2026-11-30T12:00:00Z'), messageId: 'msg-1' });
    analytics.page({ userId: 'SEG-1', name: 'Checkout', properties: { url: 'https://shop.example/checkout' }, messageId: 'msg-2' });
    analytics.track({ userId: 'SEG-3', event: 'app_open', messageId: 'msg-3' });
    analytics.track({ anonymousId: 'anon-1', event: 'app_open', messageId: 'msg-4' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);

    expect(await host.call('customers/get', { externalId: 'SEG-1' })).toMatchObject({
      email: 'nouveau@mail.dz',
      firstName: 'Salim',
      phone: '+213550123456',
      city: 'Oran',
      signupAt: '2024-05-01T10:00:00.000Z',
      attributes: { plan: 'gold' },
    });
    // A bad trait is left out; the customer is still created.
    expect(await host.call('customers/get', { externalId: 'SEG-2' })).toMatchObject({ email: null, lastName: 'Hamidi' });
    const events = (await host.call('customers/events', { externalId: 'SEG-1', limit: 10 })).events;
    expect(events.map((e) => e.name).sort()).toEqual(['add_to_cart', 'page_view']);
    const cart = events.find((e) => e.name === 'add_to_cart')!;
    expect(cart).toMatchObject({ time: '2026-11-30T12:00:00.000Z', properties: { cart_id: 'K9', amount: 4200, context: { library: { name: '@segment/analytics-node' } } } });
    expect(events.find((e) => e.name === 'page_view')!.properties).toMatchObject({ name: 'Checkout', url: 'https://shop.example/checkout' });
    // A track for a customer not identified yet creates them; an anonymous visitor does not become one.
    expect((await host.call('customers/events', { externalId: 'SEG-3', limit: 10 })).events.map((e) => e.name)).toEqual(['app_open']);
    await expect(host.call('customers/get', { externalId: 'anon-1' })).rejects.toThrow(/No customer/);
  });

  test('a single call on /v1/track answers as Segment does; a wrong or missing write key is refused with 401', async () => {
    const post = (path: string, authorization: string | null, body: unknown) =>
      fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
    const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    const ok = await post('/v1/track', basic(writeKey), { userId: 'SEG-1', event: 'purchase', properties: { amount: 9900 }, messageId: 'single-1' });
    expect(ok.status).toBe(200);
    expect((await ok.json()) as unknown).toMatchObject({ ok: true, value: { success: true, accepted: 1 } });
    expect((await post('/v1/identify', basic('cstk_wrong'), { userId: 'SEG-9', traits: {} })).status).toBe(401);
    expect((await post('/v1/batch', null, { batch: [] })).status).toBe(401);
    expect((await post('/v1/batch', basic(host.token), { batch: [{ type: 'track', userId: 'SEG-1', event: 'x' }] })).status).toBe(401);
    const unknown = client('cstk_not_a_key');
    const refused: unknown[] = [];
    unknown.on('error', (error) => refused.push(error));
    unknown.track({ userId: 'SEG-1', event: 'app_open' });
    await unknown.closeAndFlush({ timeout: 10_000 });
    expect(refused.length).toBeGreaterThan(0);
    expect((await host.call('customers/events', { externalId: 'SEG-1', limit: 10 })).events.filter((e) => e.name === 'app_open')).toEqual([]);
  });
});
