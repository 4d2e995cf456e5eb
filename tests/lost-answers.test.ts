import { beforeEach, describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { defaultNodeData } from '../shared/domain/flow';
import { twilioProvider } from '../engine/providers/twilio';
import { useEngine } from './helpers/engine';
import { World } from './helpers/journey-world';
import { providerConfig, useStandIn, type StandIn } from './helpers/provider-stand-in';

/**
 * Through the engine: a provider reads the message and drops the connection. The message is sent
 * at most once: it becomes unknown, then settled where the provider can tell (Twilio lists it) or
 * resent under its key while the provider still drops repeats (Brevo), else left for the user.
 */
const standIn = useStandIn();
let api: StandIn;
beforeEach(() => {
  api = standIn();
});
const { engine } = useEngine();
const SID = 'AC0123456789abcdef0123456789abcdef';
const everyone = { filter: { type: 'group' as const, op: 'and' as const, conditions: [] } };

async function campaignThrough(world: World, providerId: number, channel: 'sms' | 'email', content: Record<string, unknown>) {
  const campaign = await engine().call('campaigns/save', {
    name: `Through ${providerId}`,
    channel,
    audience: everyone,
    content: { ...defaultNodeData('send'), channel, providerId, marketing: false, ...content },
    schedule: defaultCampaignSchedule('Africa/Algiers'),
  });
  await engine().call('campaigns/launch', { id: campaign.id });
  return world;
}

describe('a lost answer, through the engine', () => {
  test("Twilio: one request; the message unknown, then found in Twilio's list and marked sent with its SID", async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,phone,consent_sms\nc1,+213551234567,yes\n');
    const provider = await engine().call('providers/create', { name: 'Twilio', kind: 'twilio', channel: 'sms', config: { accountSid: SID, authToken: 'tw', from: '+15005550006', baseUrl: api.url } });
    api.route((request) => {
      if (request.method === 'POST') return { status: 0, drop: true };
      // What Twilio lists: the message it took, among another to the same number.
      return {
        status: 200,
        body: {
          messages: [
            { sid: 'SMother', from: '+15005550006', to: '+213551234567', body: 'An older one', date_created: 'Mon, 02 Mar 2026 10:00:00 +0000' },
            { sid: 'SMfound', from: '+15005550006', to: '+213551234567', body: 'Salam c1', date_created: 'Mon, 02 Mar 2026 10:00:01 +0000' },
          ],
        },
      };
    });
    await campaignThrough(world, provider.id, 'sms', { body: 'Salam {{ customer.external_id }}' });
    const summary = await engine().call('engine/run-due', {});
    expect(summary.unknown).toBe(1);
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const list = api.requests.find((r) => r.method === 'GET')!;
    expect(list.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json?To=%2B213551234567&DateSent%3E=2026-03-02T09%3A59%3A00Z&PageSize=100`);
    const [message] = await world.messages('c1');
    expect(message).toMatchObject({ status: 'sent', providerMessageId: 'SMfound' });
    // More passes send nothing more.
    await engine().call('engine/run-due', {});
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  test('Brevo: resent once under the same idempotency key while Brevo still drops repeats', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,email,consent_email\nc1,c1@example.dz,yes\n');
    const provider = await engine().call('providers/create', { name: 'Brevo', kind: 'brevo', channel: 'email', config: { apiKey: 'xkeysib-1', from: 'Shop <news@shop.example>', baseUrl: api.url } });
    api.answer({ status: 0, drop: true }, { status: 201, body: { messageId: '<m1@smtp-relay.mailin.fr>' } });
    await campaignThrough(world, provider.id, 'email', { subject: 'Hi', body: 'Hello' });
    await engine().call('engine/run-due', {});
    await world.advanceTo('2026-03-02T10:05:00Z');
    const posts = api.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const keys = posts.map((r) => (JSON.parse(r.body) as { headers: { idempotencyKey: string } }).headers.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect((await world.messages('c1'))[0]).toMatchObject({ status: 'sent', providerMessageId: '<m1@smtp-relay.mailin.fr>' });
  });

  test('Twilio not answering a list: the message stays unknown for the user, sent once', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,phone,consent_sms\nc1,+213551234567,yes\n');
    const provider = await engine().call('providers/create', { name: 'Twilio', kind: 'twilio', channel: 'sms', config: { accountSid: SID, authToken: 'tw', from: '+15005550006', baseUrl: api.url } });
    api.route((request) => (request.method === 'POST' ? { status: 0, drop: true } : { status: 503, body: {} }));
    await campaignThrough(world, provider.id, 'sms', { body: 'Salam' });
    await engine().call('engine/run-due', {});
    await world.advanceTo('2026-03-03T10:00:00Z');
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect((await world.messages('c1'))[0]).toMatchObject({ status: 'unknown' });
    expect((await engine().call('messages/list', { status: 'unknown' })).rows).toHaveLength(1);
  });
});

describe("Twilio's reconciliation", () => {
  const twilio = () => providerConfig('twilio', 'sms', { accountSid: SID, authToken: 'tw', from: '+15005550006', baseUrl: api.url });
  const request = (now: number) => ({
    messageId: 7,
    idempotencyKey: 'k7',
    channel: 'sms',
    to: { externalId: 'c1', email: null, phone: '+213551234567', pushToken: null },
    content: { title: '', subject: '', body: 'Salam', html: '', link: 'https://shop.example/x', templateName: '', templateParams: [] },
    firstAttemptAt: Date.parse('2026-03-02T10:00:00Z'),
    now,
  });

  test('a message not listed two minutes after the attempt never reached Twilio; before that, ask again later', async () => {
    api.answer({ status: 200, body: { messages: [] } }, { status: 200, body: { messages: [] } });
    expect(await twilioProvider.reconcile!(request(Date.parse('2026-03-02T10:00:30Z')), twilio())).toEqual({ verdict: 'unknown' });
    expect(await twilioProvider.reconcile!(request(Date.parse('2026-03-02T10:03:00Z')), twilio())).toEqual({ verdict: 'not_sent' });
  });

  test('matches the text as sent (the link after the body) and the sender, not another message to the number', async () => {
    api.answer({
      status: 200,
      body: {
        messages: [
          { sid: 'SMx', from: '+15009999999', body: 'Salam https://shop.example/x', date_created: 'Mon, 02 Mar 2026 10:00:01 +0000' },
          { sid: 'SMy', from: '+15005550006', body: 'Salam https://shop.example/x', date_created: 'Mon, 02 Mar 2026 10:00:01 +0000' },
        ],
      },
    });
    expect(await twilioProvider.reconcile!(request(Date.parse('2026-03-02T10:00:30Z')), twilio())).toEqual({ verdict: 'sent', providerMessageId: 'SMy' });
  });
});
