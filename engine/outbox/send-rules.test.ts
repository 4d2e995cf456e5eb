import { createServer, type IncomingHttpHeaders } from 'node:http';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { useEngine } from '../../tests/helpers/engine';
import { flow, NO_RULES, step, World } from '../../tests/helpers/journey-world';

/** Rules are checked when each message goes, on the virtual clock. Algiers is UTC+1 all year. */
const { engine } = useEngine();
const QUIET = { enabled: true, start: '21:00', end: '09:00', mode: 'hold' as const };

const pushFlow = (title = 'Hi', extra: Partial<Parameters<typeof step>[2]> = {}, settings = {}) =>
  flow([step('t', 'trigger_event', { event: 'go' }), step('pn', 'send', { title, body: 'Body', ...extra }, 'PN1'), step('x', 'exit')], ['t>pn', 'pn>x'], {
    entry: { mode: 'unlimited', againAfterDays: 1 },
    ...settings,
  });

describe('quiet hours', () => {
  test("held until 09:00 in each customer's own zone, with the hold in the journey log", async () => {
    const world = await World.start(engine(), '2026-03-02T21:30:00Z', { ...NO_RULES, quietHours: QUIET });
    await world.customers('external_id,time_zone,push_token\nalger,Africa/Algiers,t1\ntokyo,Asia/Tokyo,t2\nnewyork,America/New_York,t3\nnozone,,t4\n');
    await world.publish('Quiet', pushFlow());
    for (const id of ['alger', 'tokyo', 'newyork', 'nozone']) await world.track(id, 'go');
    // 22:30 in Algiers (quiet), 06:30 in Tokyo (quiet), 16:30 in New York (sent); no zone: the workspace's (Algiers).
    expect((await world.messages('newyork'))[0]).toMatchObject({ status: 'sent' });
    expect((await world.log('alger')).at(-1)).toBe('PN1 held: push "PN1" held by quiet hours until Tue 3 Mar 09:00 Africa/Algiers');
    expect((await world.messages('tokyo'))[0]).toMatchObject({ status: 'queued', dueAt: '2026-03-03T00:00:00.000Z' });
    await world.advanceTo('2026-03-03T12:00:00Z');
    expect((await world.messages('tokyo'))[0]).toMatchObject({ status: 'sent', attemptedAt: '2026-03-03T00:00:00.000Z' });
    expect((await world.messages('alger'))[0]).toMatchObject({ status: 'sent', attemptedAt: '2026-03-03T08:00:00.000Z' });
    expect((await world.messages('nozone'))[0]).toMatchObject({ status: 'sent', attemptedAt: '2026-03-03T08:00:00.000Z' });
  });

  test('across the spring daylight-saving change, 09:00 Paris is 07:00 UTC; a one-day wait is 23 hours', async () => {
    const world = await World.start(engine(), '2026-03-28T22:00:00Z', { ...NO_RULES, quietHours: QUIET });
    await world.customers('external_id,time_zone,push_token\nparis,Europe/Paris,t1\n');
    await world.publish(
      'DST',
      flow(
        [
          step('t', 'trigger_event', { event: 'go' }),
          step('pn', 'send', { title: 'A', body: 'B' }),
          step('w', 'wait_delay', { delay: { amount: 1, unit: 'days' } }),
          step('pn2', 'send', { title: 'C', body: 'D' }),
          step('x', 'exit'),
        ],
        ['t>pn', 'pn>w', 'w>pn2', 'pn2>x'],
        { timeZone: 'Europe/Paris' },
      ),
    );
    await world.track('paris', 'go'); // 23:00 CET on Saturday 28 March: quiet
    await world.advance(2, 'days');
    const [first, second] = await world.messages('paris');
    expect(first).toMatchObject({ status: 'sent', attemptedAt: '2026-03-29T07:00:00.000Z' });
    // Waited from 23:00 CET to 23:00 CEST (23 h), then held again by quiet hours until 09:00 CEST Monday.
    expect(second).toMatchObject({ status: 'sent', dueAt: '2026-03-30T07:00:00.000Z' });
  });

  test('"drop" mode drops instead of holding; transactional messages ignore quiet hours', async () => {
    const world = await World.start(engine(), '2026-03-02T22:00:00Z', { ...NO_RULES, quietHours: { ...QUIET, mode: 'drop' } });
    await world.customers('external_id,push_token\nc1,t1\n');
    await world.publish('Marketing', pushFlow('Promo'));
    await world.publish('Receipt', flow([step('t', 'trigger_event', { event: 'go' }), step('pn', 'send', { title: 'Receipt', body: 'Paid', marketing: false }), step('x', 'exit')], ['t>pn', 'pn>x']));
    await world.track('c1', 'go');
    const byTitle = Object.fromEntries((await world.messages('c1')).map((m) => [m.flow, m]));
    expect(byTitle['Marketing']).toMatchObject({ status: 'suppressed', lastError: 'dropped: quiet hours (21:00-09:00 Africa/Algiers)' });
    expect(byTitle['Receipt']).toMatchObject({ status: 'sent' });
  });
});

describe('paused and archived flows', () => {
  test("a paused flow's queued messages wait for it to resume; archiving drops them", async () => {
    const world = await World.start(engine(), '2026-03-02T21:30:00Z', { ...NO_RULES, quietHours: QUIET });
    await world.customers('external_id,push_token\nc1,t1\nc2,t2\n');
    const id = await world.publish('Night', pushFlow('Night'));
    await world.track('c1', 'go'); // held by quiet hours until 09:00
    await engine().call('flows/pause', { id });
    await world.advanceTo('2026-03-03T10:00:00Z');
    expect((await world.messages('c1'))[0]).toMatchObject({ status: 'queued' });
    await engine().call('flows/resume', { id });
    await engine().call('engine/run-due', {});
    expect((await world.messages('c1'))[0]).toMatchObject({ status: 'sent', attemptedAt: '2026-03-03T10:00:00.000Z' });

    await world.advanceTo('2026-03-03T21:30:00Z');
    await world.track('c2', 'go');
    await engine().call('flows/archive', { id });
    await world.advanceTo('2026-03-04T10:00:00Z');
    expect((await world.messages('c2'))[0]).toMatchObject({ status: 'suppressed', lastError: 'the flow was archived' });
  });
});

describe('frequency caps', () => {
  test('at most 2 push per 3 days across two flows; transactional messages are neither capped nor counted', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z', { ...NO_RULES, frequencyCaps: [{ channel: 'push', max: 2, days: 3 }] });
    await world.customers('external_id,push_token\nc1,t1\n');
    await world.publish('Flow A', pushFlow('A'));
    await world.publish(
      'Flow B',
      flow([step('t', 'trigger_event', { event: 'other' }), step('pn', 'send', { title: 'B', body: 'x' }, 'PN B'), step('x', 'exit')], ['t>pn', 'pn>x'], {
        entry: { mode: 'unlimited', againAfterDays: 1 },
      }),
    );
    await world.publish(
      'Receipts',
      flow([step('t', 'trigger_event', { event: 'paid' }), step('pn', 'send', { title: 'R', body: 'x', marketing: false }), step('x', 'exit')], ['t>pn', 'pn>x'], {
        entry: { mode: 'unlimited', againAfterDays: 1 },
      }),
    );
    await world.track('c1', 'paid', { n: 1 });
    await world.track('c1', 'go', { n: 1 });
    await world.advance(1, 'hours');
    await world.track('c1', 'other', { n: 2 });
    await world.advance(1, 'hours');
    await world.track('c1', 'go', { n: 3 });
    await world.track('c1', 'paid', { n: 2 });
    await world.advance(3, 'days');
    await world.track('c1', 'go', { n: 4 });

    const statuses = (await world.messages('c1')).map((m) => `${m.flow}:${m.status}`);
    expect(statuses).toEqual(['Receipts:sent', 'Flow A:sent', 'Flow B:sent', 'Flow A:suppressed', 'Receipts:sent', 'Flow A:sent']);
    expect(await world.log('c1')).toContain('PN1 suppressed: push "PN1" skipped: frequency cap of 2 push per 3 days reached');
  });

  test('a flow with caps switched off is not capped', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z', { ...NO_RULES, frequencyCaps: [{ channel: 'all', max: 1, days: 1 }] });
    await world.customers('external_id,push_token\nc1,t1\n');
    await world.publish('Uncapped', pushFlow('U', {}, { frequencyCaps: false }));
    await world.track('c1', 'go', { n: 1 });
    await world.track('c1', 'go', { n: 2 });
    expect((await world.messages('c1')).map((m) => m.status)).toEqual(['sent', 'sent']);
  });
});

describe('deadlines, consent and addresses', () => {
  test('a message held past its deadline is dropped; work missed while the app was closed runs at start-up under the same rule', async () => {
    const world = await World.start(engine(), '2026-03-02T20:30:00Z', { ...NO_RULES, quietHours: QUIET });
    await world.customers('external_id,push_token\nlate,t1\nclosed,t2\n');
    await world.publish('Reminder', pushFlow('Cart', { deadlineHours: 6 }));
    await world.track('late', 'go'); // 21:30 local: quiet until 09:00, 11.5 h later, past the 6 h deadline
    expect((await world.messages('late'))[0]).toMatchObject({
      status: 'suppressed',
      lastError: 'dropped: quiet hours end at Tue 3 Mar 09:00 Africa/Algiers, after its deadline (Tue 3 Mar 03:30 Africa/Algiers)',
    });

    // A campaign due tomorrow at 11:00 with a 6 h deadline, and a flow timer due tomorrow too; then
    // the app is closed for two days: the clock jumps without running anything.
    await engine().call('settings/update', { delivery: NO_RULES });
    await world.publish(
      'Later',
      flow(
        [step('t', 'trigger_event', { event: 'later' }), step('w', 'wait_delay', { delay: { amount: 1, unit: 'days' } }), step('pn', 'send', { title: 'Soon', body: 'x' }), step('x', 'exit')],
        ['t>w', 'w>pn', 'pn>x'],
      ),
    );
    await world.track('closed', 'later');
    const campaign = await engine().call('campaigns/save', {
      name: 'Flash sale',
      channel: 'push',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { ...step('c', 'send', { title: 'Flash', body: 'Today only', deadlineHours: 6 }).data } as never,
      schedule: { ...defaultCampaignSchedule('Africa/Algiers'), kind: 'at', at: '2026-03-03T11:00' },
    });
    await engine().call('campaigns/launch', { id: campaign.id });
    await engine().call('engine/set-clock', { mode: 'virtual', start: '2026-03-05T10:00:00Z' });
    await engine().call('engine/run-due', {});
    const closed = Object.fromEntries((await world.messages('closed')).map((m) => [m.flow ?? m.campaign, m]));
    // The flow's timer runs at start-up and its message, due now, goes out; the missed campaign run is stale and dropped.
    expect(closed['Later']).toMatchObject({ status: 'sent', attemptedAt: '2026-03-05T10:00:00.000Z' });
    expect(closed['Flash sale']).toMatchObject({ status: 'suppressed', lastError: 'dropped: 48 h late, past its deadline (Tue 3 Mar 17:00 Africa/Algiers)' });
  });

  test('an opt-out, a missing address or a blocked channel suppresses marketing; a receipt still needs an address', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,push_token,consent_push,email\noptout,t1,false,\nnotoken,,true,\nok,t3,true,\n');
    await world.publish('Promo', pushFlow('Promo'));
    await world.publish('Receipt', flow([step('t', 'trigger_event', { event: 'go' }), step('pn', 'send', { title: 'Receipt', body: 'x', marketing: false }), step('x', 'exit')], ['t>pn', 'pn>x']));
    for (const id of ['optout', 'notoken', 'ok']) await world.track(id, 'go');
    const summary = async (id: string) => (await world.messages(id)).map((m) => `${m.flow}:${m.status}:${m.lastError ?? ''}`).sort();
    expect(await summary('optout')).toEqual(['Promo:suppressed:suppressed: opted out of push', 'Receipt:sent:']);
    expect(await summary('notoken')).toEqual(['Promo:suppressed:suppressed: no push token', 'Receipt:suppressed:suppressed: no push token']);
    expect(await summary('ok')).toEqual(['Promo:sent:', 'Receipt:sent:']);
  });
});

describe('permanent errors change the contact', () => {
  test('a hard bounce blocks email for the customer; a dead push token is removed; later messages are suppressed with the reason', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,email,push_token\nc1,c1@example.com,t1\n');
    await world.publish(
      'Mail',
      flow([step('t', 'trigger_event', { event: 'mail' }), step('e', 'send', { channel: 'email', subject: 'S', body: 'B', marketing: false }), step('x', 'exit')], ['t>e', 'e>x'], {
        entry: { mode: 'unlimited', againAfterDays: 1 },
      }),
    );
    await world.publish('Push', pushFlow('P'));
    await world.sandboxRates('email', { rejected: 1 });
    await world.sandboxRates('push', { rejected: 1 });
    await world.track('c1', 'mail', { n: 1 });
    await world.track('c1', 'go', { n: 1 });
    await world.sandboxRates('email', { rejected: 0 });
    await world.sandboxRates('push', { rejected: 0 });
    await world.track('c1', 'mail', { n: 2 });
    await world.track('c1', 'go', { n: 2 });
    expect((await world.messages('c1')).map((m) => `${m.channel}:${m.status}:${m.attempts}:${m.lastError}`)).toEqual([
      'email:failed:1:simulated: hard bounce (mailbox does not exist)',
      'push:failed:1:simulated: the push token is no longer registered',
      'email:suppressed:0:suppressed: email blocked for this customer (simulated: hard bounce (mailbox does not exist))',
      'push:suppressed:0:suppressed: no push token',
    ]);
  });
});

describe('rendering', () => {
  test('Liquid renders from the customer and the trigger event at send time; a render error fails that message only', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,first_name,push_token\nc1,Amina,t1\nc2,,t2\n');
    await world.publish('Good', pushFlow('Bonjour {{ customer.first_name | default: "vous" }}', { body: 'Panier {{ event.cart_id }}', link: 'https://shop.example/c/{{ event.cart_id }}' }));
    await world.publish('Broken', pushFlow('Oops', { body: '{{ customer.first_name | no_such_filter }}' }));
    await world.track('c1', 'go', { cart_id: 'K9' });
    await world.track('c2', 'go', { cart_id: 'K7' });
    const byFlow = async (id: string) => Object.fromEntries((await world.messages(id)).map((m) => [m.flow, m]));
    // The sandbox answers at once: one write takes the message from queued to sent, counted as one attempt at the clock's time.
    expect((await byFlow('c1'))['Good']).toMatchObject({ status: 'sent', preview: 'Bonjour Amina — Panier K9', attempts: 1, attemptedAt: expect.stringMatching(/^2026-03-02T10:00/) });
    expect((await byFlow('c2'))['Good']).toMatchObject({ status: 'sent', preview: 'Bonjour vous — Panier K7' });
    expect((await byFlow('c1'))['Broken']).toMatchObject({ status: 'failed', lastError: expect.stringContaining('could not render the message: body: undefined filter: no_such_filter') });
  });
});

describe('retries and permanent errors against a local HTTP receiver', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  async function receiver(answers: { status: number; headers?: Record<string, string> }[]) {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(req.headers);
        const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
        res.writeHead(answer.status, answer.headers ?? {}).end(answer.status >= 400 ? `{"error":"status ${answer.status}"}` : '{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => server.close();
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
  }

  const hookFlow = (url: string) => flow([step('t', 'trigger_event', { event: 'go' }), step('hook', 'webhook', { url, body: '{}' }), step('x', 'exit')], ['t>hook', 'hook>x']);

  test('429 with Retry-After, then 503, then 200: sent on the third attempt with one idempotency key, never before Retry-After', async () => {
    const { url, seen } = await receiver([{ status: 429, headers: { 'retry-after': '600' } }, { status: 503 }, { status: 200 }]);
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id\nc1\n');
    await world.publish('Hook', hookFlow(url));
    await world.track('c1', 'go');
    const [waiting] = await world.messages('c1');
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('attempt 1 failed: HTTP 429') });
    expect(Date.parse(waiting!.dueAt) - Date.parse('2026-03-02T10:00:00Z')).toBeGreaterThanOrEqual(600_000);
    await world.advance(9, 'minutes');
    expect(seen).toHaveLength(1);
    await world.advance(2, 'hours');
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((h) => h['idempotency-key'])).size).toBe(1);
    expect((await world.messages('c1'))[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  test("a 400 fails at once with the provider's answer; a receiver that stays down is given up after 6 attempts", async () => {
    const bad = await receiver([{ status: 400 }]);
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id\nc1\nc2\n');
    await world.publish('Bad', hookFlow(bad.url));
    await world.track('c1', 'go');
    expect((await world.messages('c1'))[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/^HTTP 400 from http:\/\/127\.0\.0\.1:\d+: \{"error":"status 400"\}$/) });
    close?.();

    const down = await receiver([{ status: 503 }]);
    await world.publish('Down', flow([step('t', 'trigger_event', { event: 'down' }), step('hook', 'webhook', { url: down.url, body: '{}' }), step('x', 'exit')], ['t>hook', 'hook>x']));
    await world.track('c2', 'down');
    await world.advance(1, 'days');
    expect(down.seen).toHaveLength(6);
    expect((await world.messages('c2'))[0]).toMatchObject({ status: 'failed', attempts: 6, lastError: expect.stringContaining('gave up after 6 attempts: HTTP 503') });
  });
});
