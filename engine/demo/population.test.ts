import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { FLOW_TEMPLATES } from '../../shared/domain/flow-templates';
import { ASSETS_DIR, CUSTOMER_ROWS_WORKER, makeTempDir } from '../../tests/helpers/temp-dir';
import { createEngine, type Engine } from '../app';
import { createDemoShop } from './create-demo-shop';
import { engagementScale, planCustomerDay, type PlannedEvent, type SimulatedCustomer } from './population-model';
import { DEMO_CATALOGUE } from './demo-shop';

const START = '2026-03-01T00:00:00.000Z';
const DAY = 86_400_000;
const temps: ReturnType<typeof makeTempDir>[] = [];
const engines: Engine[] = [];
const readers: BetterSqlite3.Database[] = [];
afterEach(async () => {
  for (const db of readers.splice(0)) db.close();
  for (const engine of engines.splice(0)) await engine.close();
  for (const temp of temps.splice(0)) temp.cleanup();
});

async function demoAfter(days: number, options: { customers: number; seed: number }): Promise<{ engine: Engine; db: BetterSqlite3.Database }> {
  const temp = makeTempDir();
  temps.push(temp);
  const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', customerRowsWorker: CUSTOMER_ROWS_WORKER });
  engines.push(engine);
  await createDemoShop(engine, { ...options, start: START });
  await engine.call('engine/advance', { by: { amount: days, unit: 'days' } });
  const db = new BetterSqlite3(engine.dataFile, { readonly: true });
  readers.push(db);
  return { engine, db };
}

/** What the simulation wrote, in a form two runs can be compared by. */
function digestOf(db: BetterSqlite3.Database): string {
  const hash = createHash('sha256');
  for (const row of db
    .prepare(
      `SELECT c.external_id, e.name, e.ts, e.properties FROM events e JOIN customers c ON c.id = e.customer_id WHERE e.source IN ('simulation', 'sandbox') ORDER BY e.ts, c.external_id, e.name, e.id`,
    )
    .raw()
    .iterate())
    hash.update(JSON.stringify(row));
  for (const row of db
    .prepare(`SELECT c.external_id, m.channel, m.status, m.created_at FROM messages m JOIN customers c ON c.id = m.customer_id ORDER BY m.created_at, c.external_id, m.channel`)
    .raw()
    .iterate())
    hash.update(JSON.stringify(row));
  return hash.digest('hex');
}

const customer = (overrides: Partial<SimulatedCustomer> = {}): SimulatedCustomer => ({
  id: 7,
  activity: 0.5,
  peakHour: 19,
  propensity: 0.5,
  appUser: true,
  sensitivity: { push: 1, email: 1, sms: 1, whatsapp: 1 },
  lapsedUntil: null,
  ...overrides,
});

describe('the behaviour model', () => {
  test('a day plan depends only on seed, customer and day; a lapsed customer does nothing; fatigue and a lapse lower engagement', () => {
    const day = Date.parse('2026-05-05T00:00:00Z');
    const plan = (c: SimulatedCustomer, seed = 3) => {
      const out: PlannedEvent[] = [];
      for (let d = 0; d < 60; d++) planCustomerDay(c, day + d * DAY, seed, DEMO_CATALOGUE, out);
      return out;
    };
    expect(plan(customer())).toEqual(plan(customer()));
    expect(plan(customer(), 4)).not.toEqual(plan(customer()));
    const events = plan(customer());
    // About 0.5 sessions a day for 60 days, each followed by views, carts and purchases that come after it.
    const sessions = events.filter((e) => e.name === 'app_open').length;
    expect(sessions).toBeGreaterThan(15);
    expect(sessions).toBeLessThan(60);
    expect(events.some((e) => e.name === 'purchase' && typeof e.properties['amount'] === 'number' && e.properties['cart_id'] !== undefined)).toBe(true);
    expect(plan(customer({ lapsedUntil: day + 90 * DAY }))).toEqual([]);

    const now = day;
    expect(engagementScale(customer(), 'push', 0, now)).toBe(1);
    expect(engagementScale(customer(), 'push', 8, now)).toBeLessThan(0.6);
    expect(engagementScale(customer({ lapsedUntil: now + DAY }), 'push', 0, now)).toBe(0.5);
    expect(engagementScale(customer({ sensitivity: { push: 1.5, email: 0.5, sms: 1, whatsapp: 1 } }), 'email', 0, now)).toBe(0.5);
  });
});

describe('the demo shop while the clock runs', () => {
  test('30 simulated days: customers come, browse, buy and sign up; every reference flow gets entrants and sends; push and email answer near the reference rates', async () => {
    const { engine, db } = await demoAfter(30, { customers: 1500, seed: 5 });
    const since = Date.parse(START);
    const own = Object.fromEntries(
      (db.prepare(`SELECT name, count(*) AS n FROM events WHERE source = 'simulation' AND ts >= ? GROUP BY name`).all(since) as { name: string; n: number }[]).map((r) => [r.name, r.n]),
    );
    for (const name of ['app_open', 'site_visit', 'product_view', 'add_to_cart', 'purchase', 'app_install']) expect(own[name], name).toBeGreaterThan(0);
    expect(own['add_to_cart']!).toBeGreaterThan(own['purchase']!);
    // New customers signed up as the days passed (the demo grows), each with its first visit.
    expect((await engine.call('customers/count', {})).count).toBeGreaterThan(1500);
    expect(Date.parse((await engine.call('engine/clock', {})).now)).toBe(since + 30 * DAY);

    const perFlow = db
      .prepare(
        `SELECT f.name, (SELECT count(*) FROM journeys j WHERE j.flow_id = f.id) AS entrants,
           (SELECT count(*) FROM messages m WHERE m.flow_id = f.id AND m.status = 'sent') AS sent FROM flows f`,
      )
      .all() as { name: string; entrants: number; sent: number }[];
    expect(perFlow.map((f) => f.name).sort()).toEqual(FLOW_TEMPLATES.map((t) => t.name).sort());
    for (const flow of perFlow) {
      expect(flow.entrants, flow.name).toBeGreaterThan(0);
      expect(flow.sent, flow.name).toBeGreaterThan(0);
    }
    // The funnel: push clicks per delivery near the reference 6 % (sensitivity and fatigue move it
    // per customer), email opens near a quarter of deliveries.
    const rate = (channel: string, type: string) =>
      db
        .prepare(`SELECT CAST(sum(e.type = ?) AS REAL) / sum(e.type = 'delivered') FROM message_events e JOIN messages m ON m.id = e.message_id WHERE m.channel = ?`)
        .pluck()
        .get(type, channel) as number;
    expect(rate('push', 'clicked')).toBeGreaterThan(0.03);
    expect(rate('push', 'clicked')).toBeLessThan(0.09);
    expect(rate('email', 'opened')).toBeGreaterThan(0.15);
    expect(rate('email', 'opened')).toBeLessThan(0.32);
    // A click brings the customer back: a visit at the click's time.
    const visitsFromMessages = db.prepare(`SELECT count(*) FROM events WHERE source = 'simulation' AND properties ->> 'from' = 'message'`).pluck().get() as number;
    expect(visitsFromMessages).toBeGreaterThan(0);
  }, 120_000);

  test('the same seed gives the same simulation, event for event and message for message; another seed another one', async () => {
    const [first, second, other] = await Promise.all([demoAfter(4, { customers: 400, seed: 9 }), demoAfter(4, { customers: 400, seed: 9 }), demoAfter(4, { customers: 400, seed: 10 })]);
    const simulated = (db: BetterSqlite3.Database) => db.prepare(`SELECT count(*) FROM events WHERE source = 'simulation'`).pluck().get() as number;
    expect(simulated(first.db)).toBeGreaterThan(50);
    expect(digestOf(second.db)).toBe(digestOf(first.db));
    expect(digestOf(other.db)).not.toBe(digestOf(first.db));
  }, 120_000);

  test('customers live only where the workspace asks: a virtual clock without simulated customers adds no events of theirs', async () => {
    const temp = makeTempDir();
    temps.push(temp);
    const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', customerRowsWorker: CUSTOMER_ROWS_WORKER });
    engines.push(engine);
    await createDemoShop(engine, { customers: 200, seed: 2, start: START });
    await engine.call('settings/update', { simulatedCustomers: false });
    // A start written without a zone (a date-time field's value) is the workspace's local time: 09:00 in Algiers is 08:00 UTC.
    await engine.call('engine/set-clock', { mode: 'virtual', start: '2026-03-01T09:00' });
    expect((await engine.call('engine/clock', {})).now).toBe('2026-03-01T08:00:00.000Z');
    await engine.call('engine/advance', { by: { amount: 3, unit: 'days' } });
    const db = new BetterSqlite3(engine.dataFile, { readonly: true });
    try {
      expect(db.prepare(`SELECT count(*) FROM events WHERE source = 'simulation'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  }, 60_000);
});
