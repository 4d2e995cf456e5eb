import BetterSqlite3 from 'better-sqlite3';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { useEngine } from '../../tests/helpers/engine';
import { flow, step, World } from '../../tests/helpers/journey-world';

/** Monday 2 March 2026, 11:00 in Algiers (UTC+1, no daylight saving). */
const START = '2026-03-02T10:00:00Z';
const { engine } = useEngine();

const did = (event: string, days: number) => ({
  type: 'behaviour' as const,
  event,
  occurrence: 'at_least' as const,
  count: 1,
  window: { kind: 'last' as const, amount: days, unit: 'days' as const },
  where: [],
});
const and = (...conditions: object[]) => ({ type: 'group', op: 'and', conditions }) as never;

describe('every kind of step, on the virtual clock', () => {
  test('actions, an audience split and a condition run in order and say why in the log', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,first_name,city,push_token\nc1,Amina,Oran,t1\nc2,Karim,Alger,t2\n');
    const list = await engine().call('segments/save', { name: 'Buyers', kind: 'static' });
    await world.publish(
      'Actions',
      flow(
        [
          step('t', 'trigger_event', { event: 'purchase' }),
          step('attr', 'set_attribute', { attribute: 'vip', value: true }),
          step('score', 'add_score', { points: 15 }),
          step('list', 'list_membership', { op: 'add', segmentId: list.id, listName: 'Buyers' }),
          step('paths', 'split_audience', { paths: [{ id: 'oran', label: 'Oran', filter: and({ type: 'property', field: 'city', operator: 'equals', value: 'Oran' }) }] }),
          step('high', 'condition', { filter: and({ type: 'score', operator: 'gte', value: 15 }) }, 'High score?'),
          step('x1', 'exit'),
          step('x2', 'exit'),
          step('x3', 'exit'),
        ],
        ['t>attr', 'attr>score', 'score>list', 'list>paths', 'paths:oran>high', 'paths:else>x3', 'high:yes>x1', 'high:no>x2'],
      ),
    );
    await world.track('c1', 'purchase', { amount: 1200 });
    await world.track('c2', 'purchase', { amount: 900 });

    expect(await world.log('c1')).toEqual([
      't entered: entered on event purchase',
      'attr action: set vip to true',
      'score action: +15 score points',
      'list action: added to list Buyers',
      'paths split: took path "Oran"',
      'High score? condition: condition "High score?" was true',
      'x1 completed: reached the exit',
    ]);
    expect((await world.log('c2')).slice(-2)).toEqual(['paths split: matched no path: everyone else', 'x3 completed: reached the exit']);
    const amina = await engine().call('customers/get', { externalId: 'c1' });
    expect(amina.attributes).toMatchObject({ vip: true });
    expect(amina.score).toBe(15);
    expect((await engine().call('segments/count', { segmentId: list.id })).count).toBe(2);
  });

  test('a random split sends each customer down one variant, the same on every run, near the chosen shares', async () => {
    const world = await World.start(engine(), START);
    const rows = Array.from({ length: 400 }, (_, i) => `c${i},t${i}`).join('\n');
    await world.customers(`external_id,push_token\n${rows}\n`);
    await world.publish(
      'Split',
      flow(
        [
          step('t', 'trigger_event', { event: 'signup' }),
          step('ab', 'split_random', {
            variants: [
              { id: 'a', label: 'A', percent: 40 },
              { id: 'b', label: 'B', percent: 40 },
            ],
            controlPercent: 20,
          }),
          step('xa', 'exit'),
          step('xb', 'exit'),
          step('xc', 'exit'),
        ],
        ['t>ab', 'ab:a>xa', 'ab:b>xb', 'ab:control>xc'],
      ),
    );
    await engine().call('events/track', { events: Array.from({ length: 400 }, (_, i) => ({ customerId: `c${i}`, event: 'signup' })) });
    await engine().call('engine/run-due', {});
    const ends = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const [journey] = await world.journeys(`c${i}`);
      ends.set(journey!.nodeId, (ends.get(journey!.nodeId) ?? 0) + 1);
    }
    expect(ends.get('xa')! + ends.get('xb')! + ends.get('xc')!).toBe(400);
    // 40/40/20 of 400 within a few points: the draw is a hash, so this is the same on every run.
    expect(ends.get('xa')).toBeGreaterThan(130);
    expect(ends.get('xb')).toBeGreaterThan(130);
    expect(ends.get('xc')).toBeGreaterThan(55);
    expect(ends.get('xc')).toBeLessThan(105);
  });

  test('wait until a weekday and time, then a webhook step posts the rendered body with an idempotency key', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const world = await World.start(engine(), START);
      await world.customers('external_id,first_name\nc1,Amina\n');
      await world.publish(
        'Hook',
        flow(
          [
            step('t', 'trigger_event', { event: 'signup', key: 'plan' }),
            step('until', 'wait_until', { time: '09:30', weekdays: [3] }),
            step('hook', 'webhook', { url: `http://127.0.0.1:${port}/crm`, body: '{"name":"{{ customer.first_name }}","plan":"{{ event.plan }}"}' }),
            step('x', 'exit'),
          ],
          ['t>until', 'until>hook', 'hook>x'],
        ),
      );
      await world.track('c1', 'signup', { plan: 'gold' });
      expect((await world.log('c1')).at(-1)).toBe('until waiting: waiting until Wed 4 Mar 09:30 Africa/Algiers');
      await world.advanceTo('2026-03-04T08:29:00Z');
      expect(received).toHaveLength(0);
      await world.advanceTo('2026-03-04T08:31:00Z');
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]!.body)).toEqual({ name: 'Amina', plan: 'gold' });
      expect(received[0]!.headers['idempotency-key']).toMatch(/^j\d+:hook:\d+$/);
      expect((await world.messages('c1'))[0]).toMatchObject({ channel: 'webhook', status: 'sent' });
    } finally {
      server.close();
    }
  });

  test('a goal takes a waiting customer out when the conversion happens', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,push_token\nc1,t1\nc2,t2\n');
    await world.publish(
      'Goal',
      flow(
        [
          step('t', 'trigger_event', { event: 'app_install' }),
          step('w', 'wait_delay', { delay: { amount: 3, unit: 'days' } }),
          step('pn', 'send', { title: 'Hi', body: 'Come back' }),
          step('x', 'exit'),
          step('g', 'goal', { event: 'purchase' }, 'Bought'),
        ],
        ['t>w', 'w>pn', 'pn>x'],
      ),
    );
    await world.track('c1', 'app_install');
    await world.track('c2', 'app_install');
    await world.advance(1, 'days');
    await world.track('c1', 'purchase', { amount: 100 });
    await world.advance(3, 'days');
    expect((await world.log('c1')).at(-1)).toBe('Bought goal: reached the goal "Bought" (purchase)');
    expect(await world.messages('c1')).toHaveLength(0);
    expect((await world.messages('c2')).map((m) => m.status)).toEqual(['sent']);
  });
});

describe('triggers on the clock', () => {
  test("a weekly schedule enters its audience at 10:00 on Mondays; in each customer's zone, at 10:00 there", async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,time_zone,city\nalger,Africa/Algiers,Oran\nparis,Europe/Paris,Oran\nother,Africa/Algiers,Alger\n');
    const oran = and({ type: 'property', field: 'city', operator: 'equals', value: 'Oran' });
    await world.publish(
      'Weekly',
      flow([step('t', 'trigger_schedule', { repeat: 'weekly', weekdays: [1], time: '10:00', zone: 'flow', audience: oran }), step('x', 'exit')], ['t>x'], {
        entry: { mode: 'unlimited', againAfterDays: 1 },
      }),
    );
    await world.publish('Local', flow([step('t', 'trigger_schedule', { repeat: 'once', at: '2026-03-03T10:00', zone: 'customer', audience: oran }), step('x', 'exit')], ['t>x']));
    await world.advanceTo('2026-03-16T12:00:00Z');
    const entries = async (id: string, flowName: string) =>
      (await world.journeys(id))
        .filter((j) => j.flow === flowName)
        .map((j) => j.enteredAt)
        .reverse();
    // Published on Monday 2 March at 11:00: the next Mondays at 10:00 Algiers (09:00 UTC).
    expect(await entries('alger', 'Weekly')).toEqual(['2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z']);
    expect(await entries('other', 'Weekly')).toEqual([]);
    // Each customer's 10:00 on 3 March: Algiers at the run; Paris (an hour ahead) had passed it, so at once.
    const local = async (id: string) => (await world.journeys(id)).find((j) => j.flow === 'Local')!.log.map((e) => `${e.ts} ${e.kind}`);
    expect(await local('alger')).toEqual(['2026-03-03T09:00:00.000Z entered', '2026-03-03T09:00:00.000Z completed']);
    expect(await local('paris')).toEqual(['2026-03-03T09:00:00.000Z entered', '2026-03-03T09:00:00.000Z completed']);
  });

  test('recent inactive sign-ups: 30 days after sign-up with no purchase an offer, then a survey 4 months later', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,email,signup_date\nquiet,quiet@example.com,2026-02-05\nbuyer,buyer@example.com,2026-02-05\nnew,new@example.com,2026-03-01\n');
    await world.track('buyer', 'purchase', { amount: 100 }, '2026-02-20T10:00:00Z');
    await world.publishTemplate('inactive-signups');
    await world.advanceTo('2026-03-08T12:00:00Z');
    const subjects = async (id: string) => (await world.messages(id)).map((m) => `${m.preview.split(' — ')[0]} @ ${m.attemptedAt}`);
    // 5 Feb + 30 days = 7 March, at 10:00 Algiers.
    expect(await subjects('quiet')).toEqual(['Une offre pour bien commencer @ 2026-03-07T09:00:00.000Z']);
    expect(await world.log('buyer')).toContain('Purchased since sign-up? condition: condition "Purchased since sign-up?" was true');
    expect(await subjects('buyer')).toEqual([]);
    expect(await world.journeys('new')).toHaveLength(0);
    await world.advanceTo('2026-07-08T12:00:00Z');
    expect(await subjects('quiet')).toEqual(['Une offre pour bien commencer @ 2026-03-07T09:00:00.000Z', 'Votre avis compte @ 2026-07-07T09:00:00.000Z']);
    expect((await world.journeys('new'))[0]!.log[0]!.ts).toBe('2026-03-31T09:00:00.000Z');
  });

  test('a yes/no on engagement follows what the sandbox reported for an earlier message', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,push_token\nc1,t1\nc2,t2\n');
    await world.sandboxRates('push', { delivered: 1, opened: 1, clicked: 1 });
    await world.publish(
      'Engaged',
      flow(
        [
          step('t', 'trigger_event', { event: 'go' }),
          step('pn1', 'send', { title: 'PN1', body: 'x' }, 'PN1'),
          step('w', 'wait_delay', { delay: { amount: 1, unit: 'days' } }),
          step('opened', 'condition', { mode: 'engagement', sendNodeId: 'pn1', engagement: 'opened' }, 'Opened PN1?'),
          step('x1', 'exit'),
          step('x2', 'exit'),
        ],
        ['t>pn1', 'pn1>w', 'w>opened', 'opened:yes>x1', 'opened:no>x2'],
      ),
    );
    // The sandbox decides each message's engagement when it sends it: c1's is opened, c2's is not.
    await world.track('c1', 'go');
    await world.sandboxRates('push', { opened: 0, clicked: 0 });
    await world.track('c2', 'go');
    await world.advance(2, 'days');
    expect(await world.log('c1')).toContain('Opened PN1? condition: condition "Opened PN1?" was true');
    expect(await world.log('c2')).toContain('Opened PN1? condition: condition "Opened PN1?" was false');
  });
});

describe('entry rules', () => {
  test('once, again after N days, and unlimited one at a time per key', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id\nc1\n');
    const wait = (id: string) => step(id, 'wait_delay', { delay: { amount: 1, unit: 'days' } });
    await world.publish('Once', flow([step('t', 'trigger_event', { event: 'visit' }), wait('w'), step('x', 'exit')], ['t>w', 'w>x'], { entry: { mode: 'once', againAfterDays: 30 } }));
    await world.publish('Again', flow([step('t', 'trigger_event', { event: 'visit' }), wait('w'), step('x', 'exit')], ['t>w', 'w>x'], { entry: { mode: 'again_after', againAfterDays: 3 } }));
    await world.publish(
      'Keyed',
      flow([step('t', 'trigger_event', { event: 'visit', key: 'page' }), wait('w'), step('x', 'exit')], ['t>w', 'w>x'], { entry: { mode: 'unlimited', againAfterDays: 30 } }),
    );
    await world.track('c1', 'visit', { page: 'a' });
    await world.track('c1', 'visit', { page: 'a' }, '2026-03-02T10:00:01Z');
    await world.track('c1', 'visit', { page: 'b' }, '2026-03-02T10:00:02Z');
    await world.advance(2, 'days');
    await world.track('c1', 'visit', { page: 'a' });
    await world.advance(2, 'days');
    await world.track('c1', 'visit', { page: 'a' });
    const counts = new Map<string, number>();
    for (const j of await world.journeys('c1')) counts.set(j.flow, (counts.get(j.flow) ?? 0) + 1);
    // Once: 1. Again after 3 days: day 0 and day 4. Keyed: a and b on day 0, a on day 2 and day 4.
    expect(Object.fromEntries(counts)).toEqual({ Once: 1, Again: 2, Keyed: 4 });
  });

  test('the exclusion filter keeps matching customers out', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,push_token\nnew,t1\nold,t2\n');
    await world.track('new', 'app_install');
    await world.publish(
      'Active',
      flow([step('t', 'trigger_event', { event: 'add_to_cart' }), step('x', 'exit')], ['t>x'], { exclusion: and(did('app_install', 7)), entry: { mode: 'unlimited', againAfterDays: 1 } }),
    );
    await world.track('new', 'add_to_cart');
    await world.track('old', 'add_to_cart');
    expect(await world.journeys('new')).toHaveLength(0);
    expect(await world.journeys('old')).toHaveLength(1);
  });
});

describe('versions, pause and archive', () => {
  test('customers stay on their version, or move to the same step of the new one; paused flows hold everyone', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,push_token\nc1,t1\nc2,t2\nc3,t3\n');
    const definition = (body: string) =>
      flow(
        [step('t', 'trigger_event', { event: 'go' }), step('w', 'wait_delay', { delay: { amount: 1, unit: 'days' } }), step('pn', 'send', { title: 'T', body }), step('x', 'exit')],
        ['t>w', 'w>pn', 'pn>x'],
      );
    const id = await world.publish('Versions', definition('v1'));
    await world.track('c1', 'go');
    await engine().call('flows/save', { id, definition: definition('v2') });
    await engine().call('flows/publish', { id, entrants: 'stay' });
    await world.track('c2', 'go');
    await world.advance(2, 'days');
    expect((await world.messages('c1'))[0]!.preview).toBe('T — v1');
    expect((await world.messages('c2'))[0]!.preview).toBe('T — v2');
    // The row keeps the fields the message has, not the five empty ones beside them.
    const file = new BetterSqlite3(engine().dataFile, { readonly: true });
    try {
      const payload = file.prepare(`SELECT m.payload FROM messages m JOIN customers c ON c.id = m.customer_id WHERE c.external_id = 'c1'`).pluck().get();
      expect(JSON.parse(payload as string)).toEqual({ rendered: { title: 'T', body: 'v1' } });
    } finally {
      file.close();
    }

    await world.track('c1', 'go'); // once: c1 does not enter again
    expect(await world.journeys('c1')).toHaveLength(1);
    await engine().call('flows/save', { id, definition: { ...definition('v3'), settings: { ...definition('v3').settings, entry: { mode: 'unlimited', againAfterDays: 1 } } } });
    await engine().call('flows/publish', { id, entrants: 'stay' });
    // A second identical event at the same instant would be the same event: this one says which try it is.
    await world.track('c1', 'go', { attempt: 2 });
    await engine().call('flows/save', { id, definition: definition('v4') });
    await engine().call('flows/publish', { id, entrants: 'move' });
    await engine().call('flows/pause', { id });
    await world.advance(2, 'days');
    expect(await world.messages('c1')).toHaveLength(1);
    expect((await world.journeys('c1'))[0]).toMatchObject({ state: 'waiting', version: 4 });
    await engine().call('flows/resume', { id });
    await engine().call('engine/run-due', {});
    expect((await world.messages('c1')).map((m) => m.preview)).toEqual(['T — v1', 'T — v4']);

    await world.track('c3', 'go');
    await engine().call('flows/archive', { id });
    expect((await world.log('c3')).at(-1)).toBe('w exited: the flow was archived');
  });
});
