import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { defaultNodeData } from '../shared/domain/flow';
import { createEngine } from '../engine/app';
import { startWebHost } from '../engine/hosts/http-server';
import { KEY_FILE_NAME, SECRET_KEY_ENV, secretBoxFromEnvironment } from '../engine/secrets/secret-box';
import { useEngine } from './helpers/engine';
import { startStandIn, useStandIn, type StandIn } from './helpers/provider-stand-in';
import { ASSETS_DIR, makeTempDir } from './helpers/temp-dir';

/** Providers as a user configures and uses them through the engine: settings, secrets, test sends, statuses back. */
const standIn = useStandIn();
let api: StandIn;
beforeEach(() => {
  api = standIn();
});

const SID = 'AC0123456789abcdef0123456789abcdef';
const twilioSettings = () => ({ accountSid: SID, authToken: 'tw-secret-token', from: '+15005550006', baseUrl: api.url });

describe('provider settings', () => {
  const { engine } = useEngine();

  test('each setting is checked against its kind, naming the field; secrets come back hidden and are sealed at rest', async () => {
    const e = engine();
    await expect(e.call('providers/create', { name: 'T', kind: 'twilio', channel: 'sms', config: { accountSid: SID } })).rejects.toThrow('config.authToken');
    await expect(e.call('providers/create', { name: 'T', kind: 'twilio', channel: 'push', config: twilioSettings() })).rejects.toThrow('sends sms or whatsapp, not push');
    await expect(e.call('providers/create', { name: 'T', kind: 'twilio', channel: 'sms', config: { ...twilioSettings(), apiKey: 'x' } })).rejects.toThrow('"apiKey" is not a setting');
    await expect(e.call('providers/create', { name: 'T', kind: 'twilio', channel: 'sms', config: { ...twilioSettings(), baseUrl: 'ftp://x' } })).rejects.toThrow('config.baseUrl');
    await expect(e.call('providers/create', { name: 'F', kind: 'fcm', channel: 'push', config: { serviceAccount: '{"project_id":"p"}' } })).rejects.toThrow('config.serviceAccount');
    await expect(e.call('providers/create', { name: 'T', kind: 'carrier-pigeon', channel: 'sms', config: {} })).rejects.toThrow('kind');

    const created = await e.call('providers/create', { name: 'Twilio SMS', kind: 'twilio', channel: 'sms', config: twilioSettings() });
    expect(created.config).toEqual({ accountSid: SID, authToken: '(hidden)', from: '+15005550006', baseUrl: api.url });
    expect(JSON.stringify(await e.call('providers/list', {}))).not.toContain('tw-secret-token');
    const db = new BetterSqlite3(e.dataFile, { readonly: true });
    try {
      const row = db.prepare('SELECT config, secret_ciphertext FROM providers WHERE id = ?').get(created.id) as { config: string; secret_ciphertext: Buffer };
      expect(row.config).not.toContain('tw-secret-token');
      expect(row.secret_ciphertext.includes('tw-secret-token')).toBe(false);
    } finally {
      db.close();
    }

    // Renamed and a setting changed, the hidden token kept: the next request still authenticates with it.
    const updated = await e.call('providers/update', { id: created.id, name: 'Twilio', config: { authToken: '(hidden)', from: '+15005550007' } });
    expect(updated).toMatchObject({ name: 'Twilio', config: { authToken: '(hidden)', from: '+15005550007' } });
    api.answer({ status: 201, body: { sid: 'SMtest', status: 'queued' } });
    const tested = await e.call('providers/test', { id: created.id, to: { phone: '+213551234567' } });
    expect(tested).toMatchObject({ status: 'sent', providerMessageId: 'SMtest', error: null });
    expect(api.last().headers['authorization']).toBe(`Basic ${Buffer.from(`${SID}:tw-secret-token`).toString('base64')}`);
    expect(new URLSearchParams(api.last().body).get('From')).toBe('+15005550007');
  });

  test('a saved secret never follows the provider to a new address: the change asks for it again, or clears it', async () => {
    const e = engine();
    const elsewhere = await startStandIn();
    try {
      const sendgrid = await e.call('providers/create', { name: 'SendGrid', kind: 'sendgrid', channel: 'email', config: { apiKey: 'SG.real-key', from: 'shop@example.com', baseUrl: api.url } });
      // Moving it without the key again is refused, naming the key; nothing changed.
      await expect(e.call('providers/update', { id: sendgrid.id, config: { baseUrl: elsewhere.url } })).rejects.toThrow(/API base URL changed: enter API key \(config.apiKey\) again/);
      await expect(e.call('providers/update', { id: sendgrid.id, config: { baseUrl: elsewhere.url, apiKey: '(hidden)' } })).rejects.toThrow('config.apiKey');
      expect((await e.call('providers/list', {})).providers.find((p) => p.id === sendgrid.id)!.config['baseUrl']).toBe(api.url);
      // With the key given again, the next request carries that key, to the new address.
      await e.call('providers/update', { id: sendgrid.id, config: { baseUrl: elsewhere.url, apiKey: 'SG.new-key' } });
      elsewhere.answer({ status: 202, headers: { 'x-message-id': 'm1' } });
      await e.call('providers/test', { id: sendgrid.id, to: { email: 'a@example.com' } });
      expect(elsewhere.last().headers['authorization']).toBe('Bearer SG.new-key');
      expect(elsewhere.requests.some((r) => JSON.stringify(r).includes('SG.real-key'))).toBe(false);

      // A webhook's header values and signing secret are optional: a new URL clears them.
      const hook = await e.call('providers/create', {
        name: 'Hook',
        kind: 'webhook',
        channel: 'webhook',
        config: { url: `${api.url}/in`, headers: { authorization: 'Bearer hook-secret' }, signingSecret: 'sign-secret' },
      });
      const moved = await e.call('providers/update', { id: hook.id, config: { url: `${elsewhere.url}/in` } });
      expect(moved.config['headers']).toBeUndefined();
      expect(moved.config['signingSecret']).toBeUndefined();
      await e.call('providers/test', { id: hook.id, to: {} });
      expect(elsewhere.last().headers['authorization']).toBeUndefined();
      expect(elsewhere.last().headers['x-campaign-studio-signature']).toBeUndefined();
    } finally {
      await elsewhere.close();
    }
  });

  test('a test send reports the provider’s refusal, and asks for the address it needs', async () => {
    const e = engine();
    const created = await e.call('providers/create', { name: 'Twilio', kind: 'twilio', channel: 'sms', config: twilioSettings() });
    await expect(e.call('providers/test', { id: created.id, to: {} })).rejects.toThrow('to.phone');
    await expect(e.call('providers/test', { id: created.id, to: { phone: '0551' } })).rejects.toThrow('"0551" is not a phone number (read with default country DZ)');
    // Written without its country code, as imports read one: in the workspace's default country.
    api.answer({ status: 201, body: { sid: 'SMnational', status: 'queued' } });
    await e.call('providers/test', { id: created.id, to: { phone: '0551 23 45 67' } });
    expect(new URLSearchParams(api.last().body).get('To')).toBe('+213551234567');
    api.answer({ status: 400, body: { code: 21211, message: "The 'To' number +213551234567 is not a valid phone number.", status: 400 } });
    const refused = await e.call('providers/test', { id: created.id, to: { phone: '+213551234567' } });
    expect(refused).toMatchObject({ status: 'failed', providerMessageId: null, error: expect.stringContaining('21211') });
    // Nothing of a test send is kept as a message.
    expect((await e.call('messages/list', { limit: 10 })).rows).toEqual([]);
  });

  test('the default provider of a channel cannot be deleted; another can', async () => {
    const e = engine();
    const { providers } = await e.call('providers/list', {});
    const sandboxSms = providers.find((p) => p.channel === 'sms' && p.isDefault)!;
    await expect(e.call('providers/delete', { id: sandboxSms.id })).rejects.toThrow('default sms provider');
    const created = await e.call('providers/create', { name: 'Twilio', kind: 'twilio', channel: 'sms', config: twilioSettings() });
    await e.call('providers/update', { id: created.id, isDefault: true });
    await e.call('providers/delete', { id: sandboxSms.id });
    expect((await e.call('providers/list', {})).providers.filter((p) => p.channel === 'sms').map((p) => [p.name, p.isDefault])).toEqual([['Twilio', true]]);
  });
});

describe('delivery statuses back', () => {
  const { engine } = useEngine();

  /** Three SMS sent through Twilio (the stand-in) by a campaign; returns the provider and the message ids by SID. */
  async function sentThroughTwilio(): Promise<{ providerId: number; bySid: Map<string, number> }> {
    const e = engine();
    const provider = await e.call('providers/create', { name: 'Twilio', kind: 'twilio', channel: 'sms', config: twilioSettings() });
    await e.call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id,phone,consent_sms\nc1,+213551000001,yes\nc2,+213551000002,yes\nc3,+213551000003,yes\n' } });
    let n = 0;
    api.route((request) => (request.method === 'POST' && request.path.endsWith('/Messages.json') ? { status: 201, body: { sid: `SM${++n}`, status: 'queued' } } : undefined));
    const campaign = await e.call('campaigns/save', {
      name: 'Promo',
      channel: 'sms',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { ...defaultNodeData('send'), channel: 'sms', providerId: provider.id, body: 'Promo', marketing: false },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    await e.call('campaigns/launch', { id: campaign.id });
    expect((await e.call('engine/run-due', {})).sent).toBe(3);
    api.route(() => undefined);
    const rows = (await e.call('messages/list', { limit: 10 })).rows;
    return { providerId: provider.id, bySid: new Map(rows.map((r) => [r.providerMessageId!, r.id])) };
  }

  const eventsOf = (dataFile: string) => {
    const db = new BetterSqlite3(dataFile, { readonly: true });
    try {
      return db.prepare('SELECT message_id, type FROM message_events ORDER BY message_id, type').all();
    } finally {
      db.close();
    }
  };

  test('polling Twilio records each final status once; an undelivered dead number blocks SMS for that customer', async () => {
    const e = engine();
    const { providerId, bySid } = await sentThroughTwilio();
    const statuses: Record<string, unknown> = {
      SM1: { sid: 'SM1', status: 'delivered', error_code: null, date_updated: 'Sun, 01 Mar 2026 10:00:00 +0000' },
      SM2: { sid: 'SM2', status: 'undelivered', error_code: 30005, date_updated: 'Sun, 01 Mar 2026 10:01:00 +0000' },
      SM3: { sid: 'SM3', status: 'sent', error_code: null, date_updated: 'Sun, 01 Mar 2026 10:02:00 +0000' },
    };
    api.route((request) => {
      const sid = /Messages\/(\w+)\.json$/.exec(request.path)?.[1];
      return sid ? { status: 200, body: statuses[sid] } : undefined;
    });
    try {
      expect(await e.call('providers/poll', { id: providerId })).toEqual({ seen: 2, recorded: 2, unmatched: 0 });
      expect(eventsOf(e.dataFile)).toEqual([
        { message_id: bySid.get('SM1'), type: 'delivered' },
        { message_id: bySid.get('SM2'), type: 'bounced' },
      ]);
      // Only the one still on its way is asked again; seen twice, an event counts once.
      api.requests.length = 0;
      statuses['SM3'] = { sid: 'SM3', status: 'delivered', error_code: null, date_updated: 'Sun, 01 Mar 2026 10:03:00 +0000' };
      expect(await e.call('providers/poll', { id: providerId })).toEqual({ seen: 1, recorded: 1, unmatched: 0 });
      expect(api.requests.map((r) => r.path)).toEqual([`/2010-04-01/Accounts/${SID}/Messages/SM3.json`]);
    } finally {
      api.route(() => undefined);
    }
    const blocked = new BetterSqlite3(e.dataFile, { readonly: true });
    try {
      expect(blocked.prepare('SELECT c.external_id, s.channel FROM contact_suppressions s JOIN customers c ON c.id = s.customer_id').all()).toEqual([{ external_id: 'c2', channel: 'sms' }]);
    } finally {
      blocked.close();
    }
  });

  test('an engagement export is imported once, each bad row named; an unsubscribe turns consent off', async () => {
    const e = engine();
    const { providerId, bySid } = await sentThroughTwilio();
    const csv = [
      'provider_message_id,event,time,event_id',
      'SM1,delivered,2026-03-01T10:00:00Z,x1',
      'SM1,clicked,1772359300,x2',
      'SM3,unsubscribe,2026-03-01T11:00:00Z,x3',
      'SM2,teleported,2026-03-01T10:00:00Z,x4',
      'SM2,delivered,yesterday-ish,x5',
      'SM99,delivered,2026-03-01T10:00:00Z,x6',
    ].join('\n');
    const first = await e.call('providers/import-events', { id: providerId, csv });
    expect(first).toEqual({
      seen: 4,
      recorded: 3,
      unmatched: 1,
      rejected: [
        { row: 5, field: 'event', message: expect.stringContaining('"teleported" is not an event') },
        { row: 6, field: 'time', message: '"yesterday-ish" is not a date and time (ISO 8601 or epoch seconds).' },
      ],
    });
    expect(await e.call('providers/import-events', { id: providerId, csv })).toMatchObject({ seen: 4, recorded: 0 });
    expect(eventsOf(e.dataFile)).toEqual(
      expect.arrayContaining([
        { message_id: bySid.get('SM1'), type: 'clicked' },
        { message_id: bySid.get('SM3'), type: 'unsubscribed' },
      ]),
    );
    const customer = await e.call('customers/get', { externalId: 'c3' });
    expect(customer.consent.sms).toBe(false);
    await expect(e.call('providers/import-events', { id: providerId, csv: 'id,what\n1,2\n' })).rejects.toThrow('needs the columns event, time and message_id or provider_message_id');
  });

  test('web mode takes a signed Twilio status callback at /hooks/<id> without the token; a wrong signature is refused; windows cannot call receive', async () => {
    const e = engine();
    const { providerId, bySid } = await sentThroughTwilio();
    const host = await startWebHost({ engine: e, token: 'web-token', rendererDir: null, publicUrl: 'https://crm-tunnel.example' });
    try {
      const fields = new URLSearchParams({ MessageSid: 'SM1', MessageStatus: 'delivered', AccountSid: SID });
      const publicUrl = `https://crm-tunnel.example/hooks/${providerId}`;
      const signature = createHmac('sha1', 'tw-secret-token')
        .update(
          publicUrl +
            [...fields.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => k + v)
              .join(''),
        )
        .digest('base64');
      const post = (sig: string) =>
        fetch(`${host.url}/hooks/${providerId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig, host: 'crm-tunnel.example' },
          body: fields.toString(),
        });
      const refused = await post('forged');
      expect(refused.status).toBe(401);
      const accepted = await post(signature);
      expect(accepted.status).toBe(200);
      expect(eventsOf(e.dataFile)).toEqual([{ message_id: bySid.get('SM1'), type: 'delivered' }]);
      expect((await post(signature)).status).toBe(200);
      expect(eventsOf(e.dataFile)).toHaveLength(1);

      // The RPC route, even with the token, cannot reach receive: it is for the host's webhook route only.
      const rpc = await fetch(`${host.url}/rpc/providers/receive`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer web-token' },
        body: JSON.stringify({ id: providerId, method: 'POST', url: publicUrl, headers: { 'x-twilio-signature': signature }, body: fields.toString() }),
      });
      expect(rpc.status).toBe(401);
    } finally {
      await host.close();
    }
  });
});

describe('the secret key', () => {
  test('a key the user supplies (CAMPAIGN_STUDIO_SECRET_KEY) seals credentials without any key file; another key cannot open them', async () => {
    const temp = makeTempDir();
    try {
      const supplied = secretBoxFromEnvironment(temp.dir, { [SECRET_KEY_ENV]: 'correct horse battery staple' });
      const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', secretBox: supplied });
      try {
        await engine.call('providers/create', { name: 'Brevo', kind: 'brevo', channel: 'email', config: { apiKey: 'xkeysib-secret', from: 'news@shop.example' } });
      } finally {
        await engine.close();
      }
      expect(existsSync(join(temp.dir, KEY_FILE_NAME))).toBe(false);
      const other = secretBoxFromEnvironment(temp.dir, { [SECRET_KEY_ENV]: Buffer.alloc(32, 7).toString('base64') });
      const reopened = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', secretBox: other });
      try {
        const [brevo] = (await reopened.call('providers/list', {})).providers.filter((p) => p.kind === 'brevo');
        await expect(reopened.call('providers/update', { id: brevo!.id, config: { from: 'x@shop.example' } })).rejects.toThrow('cannot be decrypted');
      } finally {
        await reopened.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
