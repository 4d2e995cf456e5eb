import BetterSqlite3 from 'better-sqlite3';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { describe, expect, test } from 'vitest';
import type { Attribution } from '../shared/domain/analytics';
import { writeFixture, type FixtureMessage, type FixturePurchase } from './helpers/analytics-fixture';
import { useEngine } from './helpers/engine';
import { flow as journeyFlow, step } from './helpers/journey-world';
import { PurchaseMonths } from '../engine/analytics/purchase-months';
import { createEngine } from '../engine/app';
import { ASSETS_DIR, makeTempDir } from './helpers/temp-dir';

const H = 3_600_000;
const MAY_1 = Date.parse('2025-05-01T00:00:00+01:00'); // Africa/Algiers, the workspace's zone
const MAY = { from: '2025-05-01', to: '2025-05-20' };

/** Reports read from the workspace's rows; each test writes the rows a real run would have left. */
describe('flow funnel', () => {
  const { engine } = useEngine();

  async function onboarding() {
    const flow = await engine().call('flows/create', { name: 'Onboarding', templateId: 'onboarding' });
    await engine().call('flows/publish', { id: flow.id });
    const detail = await engine().call('flows/get', { id: flow.id });
    const sendId = (label: string) => detail.draft.nodes.find((n) => n.type === 'send' && n.label === label)!.id;
    return { flowId: flow.id, pn1: sendId('PN1'), pn2: sendId('PN2'), pn3: sendId('PN3') };
  }

  test('a fixture built like the reference table 09 reads back as 2400/181/98, 1900/182/54, 684/22/6 with its rates', async () => {
    const { flowId, pn1, pn2, pn3 } = await onboarding();
    const messages: FixtureMessage[] = [];
    const purchases: FixturePurchase[] = [];
    let customer = 0;
    // Each step: `delivered` of `sent` reach a phone, `clicks` are clicked, `conversions` customers buy within the 72 h window.
    const step = (nodeId: string, sent: number, delivered: number, clicks: number, conversions: number, day: number) => {
      for (let i = 0; i < sent; i++) {
        const c = ++customer;
        const at = MAY_1 + day * 24 * H + (i % 600) * 60_000;
        const reached = i < delivered;
        messages.push({
          customer: c,
          flowId,
          nodeId,
          sentAt: at,
          ...(reached ? { deliveredAt: at + 30_000 } : {}),
          ...(reached && i < clicks ? { openedAt: at + 60_000, clickedAt: at + 90_000 } : {}),
        });
        // Conversions come from the first delivered customers (some clicked, some not), 5 hours after.
        if (reached && i >= delivered - conversions) purchases.push({ customer: c, ts: at + 5 * H, amount: 2500 });
        // A purchase after the window never counts.
        if (reached && i < 10) purchases.push({ customer: c, ts: at + 80 * H, amount: 999 });
      }
    };
    step(pn1, 2450, 2400, 181, 98, 1);
    step(pn2, 1930, 1900, 182, 54, 3);
    step(pn3, 700, 684, 22, 6, 6);
    writeFixture(engine().dataFile, { customers: customer, messages, purchases });

    const report = await engine().call('analytics/funnel', { flowId, period: MAY, attribution: { model: 'view_through', counting: 'all' } });
    expect(report.scope).toEqual({ kind: 'flow', id: flowId, name: 'Onboarding' });
    expect(report.attribution).toEqual({ model: 'view_through', counting: 'all', windowHours: 72, event: 'purchase' });
    expect(report.timeZone).toBe('Africa/Algiers');
    const rows = report.rows.filter((r) => r.sent > 0).map((r) => [r.label, r.sent, r.impressions, r.clicked, r.conversions, (r.ctr! * 100).toFixed(2), (r.cvr! * 100).toFixed(2)]);
    expect(rows).toEqual([
      ['PN1', 2450, 2400, 181, 98, '7.54', '4.08'],
      ['PN2', 1930, 1900, 182, 54, '9.58', '2.84'],
      ['PN3', 700, 684, 22, 6, '3.22', '0.88'],
    ]);
    expect(report.total).toMatchObject({ impressions: 4984, clicked: 385, conversions: 158, revenue: 158 * 2500 });

    // Click-through counts only the clickers who bought: none of the first `clicks` bought within the window here.
    const clickThrough = await engine().call('analytics/funnel', { flowId, period: MAY, attribution: { model: 'click_through', counting: 'all' } });
    expect(clickThrough.rows.filter((r) => r.sent > 0).map((r) => r.conversions)).toEqual([0, 0, 0]);
    // A period that ends before PN2 and PN3 went.
    const early = await engine().call('analytics/funnel', { flowId, period: { from: '2025-05-01', to: '2025-05-02' }, attribution: { model: 'view_through', counting: 'all' } });
    expect(early.rows.map((r) => r.sent)).toEqual(expect.arrayContaining([2450, 0, 0]));
  });

  test('attribution models on hand-built timelines, with a step converting more than it was clicked (as table 10 has)', async () => {
    const { flowId, pn1 } = await onboarding();
    const t = MAY_1 + 24 * H;
    writeFixture(engine().dataFile, {
      customers: 5,
      messages: [
        // 1: delivered, clicked, buys 10 min after the click and again 20 h later.
        { customer: 1, flowId, nodeId: pn1, sentAt: t, deliveredAt: t + 60_000, clickedAt: t + 2 * 60_000 },
        // 2: delivered, never clicked, buys 3 h later (view-through only).
        { customer: 2, flowId, nodeId: pn1, sentAt: t, deliveredAt: t + 60_000 },
        // 3: delivered, clicked, buys 2 h after the click (click-through, not in-session).
        { customer: 3, flowId, nodeId: pn1, sentAt: t, deliveredAt: t + 60_000, clickedAt: t + 5 * 60_000 },
        // 4: never delivered (the sandbox reports deliveries): no impression, its purchase never counts.
        { customer: 4, flowId, nodeId: pn1, sentAt: t },
        // 5: delivered, buys before the message: not caused by it.
        { customer: 5, flowId, nodeId: pn1, sentAt: t, deliveredAt: t + 60_000 },
      ],
      purchases: [
        { customer: 1, ts: t + 12 * 60_000, amount: 1000 },
        { customer: 1, ts: t + 20 * H, amount: 500 },
        { customer: 2, ts: t + 3 * H, amount: 700 },
        { customer: 3, ts: t + 2 * H + 5 * 60_000, amount: 300 },
        { customer: 4, ts: t + H, amount: 100 },
        { customer: 5, ts: t - H, amount: 50 },
      ],
    });
    const read = async (attribution: Attribution) => {
      const row = (await engine().call('analytics/funnel', { flowId, period: MAY, attribution })).rows.find((r) => r.nodeId === pn1)!;
      return { sent: row.sent, impressions: row.impressions, clicked: row.clicked, conversions: row.conversions, revenue: row.revenue };
    };
    expect(await read({ model: 'view_through', counting: 'all' })).toEqual({ sent: 5, impressions: 4, clicked: 2, conversions: 4, revenue: 2500 });
    expect(await read({ model: 'view_through', counting: 'one_per_message' })).toEqual({ sent: 5, impressions: 4, clicked: 2, conversions: 3, revenue: 2000 });
    expect(await read({ model: 'click_through', counting: 'all' })).toEqual({ sent: 5, impressions: 4, clicked: 2, conversions: 3, revenue: 1800 });
    expect(await read({ model: 'in_session', counting: 'all' })).toEqual({ sent: 5, impressions: 4, clicked: 2, conversions: 1, revenue: 1000 });
    // A window of 12 h drops customer 1's second purchase.
    expect(await read({ model: 'view_through', counting: 'all', windowHours: 12 })).toMatchObject({ conversions: 3, revenue: 2000 });
  });
});

describe('rollups', () => {
  const { engine } = useEngine();

  test('kept incrementally, they give what the raw rows give, whatever order sends, reports and purchases arrive in', async () => {
    const flow = await engine().call('flows/create', { name: 'Onboarding', templateId: 'onboarding' });
    await engine().call('flows/publish', { id: flow.id });
    const sends = flow.draft.nodes.filter((n) => n.type === 'send').map((n) => n.id);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const t0 = MAY_1 + 24 * H;
    const messages: FixtureMessage[] = [];
    for (let i = 0; i < 400; i++) messages.push({ customer: 1 + Math.floor(next() * 60), flowId: flow.id, nodeId: sends[i % sends.length]!, sentAt: t0 + Math.floor(next() * 10 * 24) * H });
    const purchases = (count: number): FixturePurchase[] =>
      Array.from({ length: count }, () => ({ customer: 1 + Math.floor(next() * 60), ts: t0 + Math.floor(next() * 14 * 24 * 60) * 60_000, amount: 100 + Math.floor(next() * 900) }));
    const models = ['view_through', 'click_through', 'in_session'] as const;
    const compare = async () => {
      for (const model of models) {
        for (const counting of ['all', 'one_per_message'] as const) {
          const rolled = await engine().call('analytics/funnel', { flowId: flow.id, period: MAY, attribution: { model, counting } });
          const raw = await engine().call('analytics/funnel', { flowId: flow.id, period: MAY, attribution: { model, counting, windowHours: 72 } });
          expect(rolled.rows, `${model} ${counting}`).toEqual(raw.rows);
        }
      }
    };
    // Sends first, read before any report came back; purchases; then the delivery and click reports, late; then more purchases.
    writeFixture(engine().dataFile, { customers: 60, messages, purchases: [] });
    await compare();
    writeFixture(engine().dataFile, { customers: 60, messages: [], purchases: purchases(150) });
    await compare();
    const db = new BetterSqlite3(engine().dataFile);
    try {
      const rows = db.prepare('SELECT id, finished_at FROM messages').all() as { id: number; finished_at: number }[];
      const add = db.prepare('INSERT INTO message_events (message_id, type, ts, provider_event_id) VALUES (?, ?, ?, ?)');
      for (const row of rows) {
        const roll = next();
        if (roll < 0.9) add.run(row.id, 'delivered', row.finished_at + 60_000, `d${row.id}`);
        if (roll < 0.3) add.run(row.id, 'clicked', row.finished_at + Math.floor(next() * 120) * 60_000, `c${row.id}`);
      }
    } finally {
      db.close();
    }
    await compare();
    writeFixture(engine().dataFile, { customers: 60, messages: [], purchases: purchases(150) });
    await compare();
    const funnel = await engine().call('analytics/funnel', { flowId: flow.id, period: MAY, attribution: { model: 'view_through', counting: 'all' } });
    expect(funnel.total.conversions).toBeGreaterThan(50);
    expect(funnel.total.clicked).toBeGreaterThan(50);
    const flows = await engine().call('analytics/flows', { period: MAY, attribution: { model: 'click_through', counting: 'all' } });
    const rawFlows = await engine().call('analytics/flows', { period: MAY, attribution: { model: 'click_through', counting: 'all', windowHours: 72 } });
    expect(flows.rows).toEqual(rawFlows.rows);
  });
});

describe('counting in the background', () => {
  test('a report that may not wait answers with what is counted, and analytics/status says how many rows are left', async () => {
    const temp = makeTempDir();
    try {
      const open = (reportWaitMs?: number) => createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', ...(reportWaitMs === undefined ? {} : { reportWaitMs }) });
      let engine = await open(0);
      const campaign = await engine.call('campaigns/save', {
        name: 'Promo',
        channel: 'push',
        audience: { filter: { type: 'group', op: 'and', conditions: [] } },
        content: { channel: 'push', providerId: null, title: 'x', body: 'x', subject: '', html: '', templateName: '', templateParams: [], link: '', trackConversion: true, marketing: false },
        schedule: defaultCampaignSchedule('Africa/Algiers'),
      });
      // Ten sent messages, each delivered, and three purchases: 10 + 10 + 3 rows to count.
      const messages = Array.from({ length: 10 }, (_, i) => ({ customer: i + 1, campaignId: campaign.id, sentAt: MAY_1 + 10 * H, deliveredAt: MAY_1 + 10 * H + 1000 }));
      const purchases = [1, 2, 3].map((customer) => ({ customer, ts: MAY_1 + 12 * H, amount: 500 }));
      writeFixture(engine.dataFile, { customers: 10, messages, purchases });
      const partial = await engine.call('analytics/funnel', { campaignId: campaign.id, period: MAY });
      expect(partial.rows.reduce((n, r) => n + r.sent, 0)).toBe(0);
      expect(await engine.call('analytics/status', {})).toEqual({ rowsBehind: 23 });
      await engine.close();
      // Without a limit (the CLI, scripts) a report waits until every row is counted.
      engine = await open();
      const whole = await engine.call('analytics/funnel', { campaignId: campaign.id, period: MAY });
      expect(whole.rows.reduce((n, r) => n + r.sent, 0)).toBe(10);
      expect(whole.rows.reduce((n, r) => n + r.conversions, 0)).toBe(3);
      expect(await engine.call('analytics/status', {})).toEqual({ rowsBehind: 0 });
      await engine.close();
    } finally {
      temp.cleanup();
    }
  });
});

describe('purchase links', () => {
  const { engine } = useEngine();

  test('new and reactivated customers from the kept links and month counts equal a fresh read of the raw events, with purchases arriving out of order and the zone changed', async () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const start = Date.parse('2024-06-01T00:00:00Z');
    const make = () => Array.from({ length: 300 }, () => ({ customer: 1 + Math.floor(next() * 40), ts: start + Math.floor(next() * 540) * 86_400_000 + Math.floor(next() * 86_400_000) }));
    const first = make();
    const later = make().sort((a, b) => b.ts - a.ts); // newest first: each one lands before purchases already linked
    // The same purchases under another name are read the raw way.
    writeFixture(engine().dataFile, { customers: 40, messages: [], purchases: first, events: first.map((p) => ({ customer: p.customer, name: 'order', ts: p.ts })) });
    const wholeMonths = { from: '2024-09-01', to: '2025-10-31' };
    const cutMonths = { from: '2024-09-17', to: '2025-10-12' };
    // Gaps of exactly 30 days (to the millisecond) and 30 days and one: "more than 30 days" counts only the second.
    const exact = [
      { customer: 40, ts: Date.parse('2025-03-01T10:00:00+01:00') },
      { customer: 40, ts: Date.parse('2025-03-31T10:00:00+01:00') },
      { customer: 39, ts: Date.parse('2025-03-01T10:00:00+01:00') },
      { customer: 39, ts: Date.parse('2025-03-31T10:00:01+01:00') },
    ];
    writeFixture(engine().dataFile, { customers: 40, messages: [], purchases: exact, events: exact.map((p) => ({ customer: p.customer, name: 'order', ts: p.ts })) });
    const check = async () => {
      for (const period of [wholeMonths, cutMonths]) {
        for (const days of [1, 30, 45, 90]) {
          const kept = await engine().call('analytics/customers', { period, reactivationDays: days });
          const raw = await engine().call('analytics/customers', { period, reactivationDays: days, event: 'order' });
          expect(kept.months).toEqual(raw.months);
        }
      }
      // The whole months came from the month counts, not from the links.
      const { timeZone } = await engine().call('settings/get', {});
      const db = new BetterSqlite3(engine().dataFile, { readonly: true });
      try {
        const raw = await engine().call('analytics/customers', { period: wholeMonths, reactivationDays: 30, event: 'order' });
        const counted = PurchaseMonths.read(
          db,
          timeZone,
          raw.months.map((m) => m.month),
          30,
        );
        expect(counted).not.toBeNull();
        expect(raw.months.map((m) => counted!.get(m.month))).toEqual(raw.months.map((m) => m.reactivated));
      } finally {
        db.close();
      }
    };
    await check();
    writeFixture(engine().dataFile, { customers: 40, messages: [], purchases: later, events: later.map((p) => ({ customer: p.customer, name: 'order', ts: p.ts })) });
    await check();
    const months = (await engine().call('analytics/customers', { period: wholeMonths, reactivationDays: 30 })).months;
    expect(months.reduce((n, m) => n + m.reactivated, 0)).toBeGreaterThan(10);
    // Months in another zone: a purchase late on the last day of a month in Algiers is in the next month in Tokyo.
    const settings = await engine().call('settings/get', {});
    await engine().call('settings/update', { ...settings, timeZone: 'Asia/Tokyo' });
    await check();
  });
});

describe('comparisons over a period', () => {
  const { engine } = useEngine();

  test('flows compared (open-and-click and conversion rates), channels by month, a campaign report', async () => {
    const a = await engine().call('flows/create', { name: 'Active users', templateId: 'active-users' });
    const b = await engine().call('flows/create', { name: 'Reactivation', templateId: 'reactivation' });
    await engine().call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id\nF-1\n' } });
    const campaign = await engine().call('campaigns/save', {
      name: 'Newsletter',
      channel: 'email',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { channel: 'email', providerId: null, title: '', body: 'Hi', subject: 'News', html: '', templateName: '', templateParams: [], link: '', trackConversion: true, marketing: false },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    const apr = Date.parse('2025-04-10T10:00:00+01:00');
    const may = Date.parse('2025-05-10T10:00:00+01:00');
    const messages: FixtureMessage[] = [];
    const purchases: FixturePurchase[] = [];
    // Flow A: 10 pushes in April, 4 opened (2 of them clicked), 3 buyers; flow B: 10 pushes, 1 click, 1 buyer.
    for (let i = 1; i <= 10; i++) {
      messages.push({ customer: i, flowId: a.id, nodeId: 'n', sentAt: apr, deliveredAt: apr + 1000, ...(i <= 4 ? { openedAt: apr + 2000 } : {}), ...(i <= 2 ? { clickedAt: apr + 3000 } : {}) });
      if (i <= 3) purchases.push({ customer: i, ts: apr + H, amount: 1000 });
      messages.push({ customer: 10 + i, flowId: b.id, nodeId: 'n', sentAt: apr, deliveredAt: apr + 1000, ...(i === 1 ? { clickedAt: apr + 3000 } : {}) });
    }
    purchases.push({ customer: 11, ts: apr + H, amount: 400 });
    // May: one push conversion (flow A) and three email conversions (the campaign, which reports no deliveries: sent counts as seen).
    messages.push({ customer: 21, flowId: a.id, nodeId: 'n', sentAt: may, deliveredAt: may + 1000 });
    purchases.push({ customer: 21, ts: may + H, amount: 100 });
    for (let i = 22; i <= 24; i++) {
      messages.push({ customer: i, channel: 'email', campaignId: campaign.id, sentAt: may, deliveredAt: may + 1000 });
      purchases.push({ customer: i, ts: may + 2 * H, amount: 200 });
    }
    writeFixture(engine().dataFile, { customers: 24, messages, purchases });

    const period = { from: '2025-04-01', to: '2025-05-31' };
    const flows = await engine().call('analytics/flows', { period, attribution: { model: 'view_through', counting: 'all' } });
    expect(flows.rows.map((r) => [r.name, r.sent, r.impressions, r.openedOrClicked, r.openClickRate, r.conversions, r.conversionRate, r.revenue])).toEqual([
      ['Active users', 11, 11, 4, 4 / 11, 4, 4 / 11, 3100],
      ['Reactivation', 10, 10, 1, 0.1, 1, 0.1, 400],
    ]);
    const channels = await engine().call('analytics/channels', { period, attribution: { model: 'view_through', counting: 'all' } });
    expect(channels.channels).toEqual(['email', 'push']);
    expect(channels.months).toEqual([
      { month: '2025-04', total: 4, byChannel: { push: { conversions: 4, share: 1 }, email: { conversions: 0, share: 0 } } },
      { month: '2025-05', total: 4, byChannel: { push: { conversions: 1, share: 0.25 }, email: { conversions: 3, share: 0.75 } } },
    ]);
    const report = await engine().call('analytics/funnel', { campaignId: campaign.id, period, attribution: { model: 'view_through', counting: 'all' } });
    expect(report.attribution.windowHours).toBe(72);
    expect(report.rows).toEqual([expect.objectContaining({ label: 'Newsletter', channel: 'email', sent: 3, impressions: 3, conversions: 3, cvr: 1, revenue: 600 })]);
  });

  test('new customers (a first purchase) and reactivated ones (after N days without) per month; commerce per day with YoY and MoM', async () => {
    const day = (iso: string) => Date.parse(`${iso}T12:00:00+01:00`);
    writeFixture(engine().dataFile, {
      customers: 5,
      messages: [],
      purchases: [
        { customer: 1, ts: day('2025-01-05'), amount: 1000 }, // new in January
        { customer: 1, ts: day('2025-01-20'), amount: 1000 }, // again 15 days later: neither
        { customer: 2, ts: day('2024-09-01'), amount: 1000 },
        { customer: 2, ts: day('2025-01-10'), amount: 3000 }, // back after 131 days: reactivated in January
        { customer: 3, ts: day('2025-02-01'), amount: 500 }, // new in February
        { customer: 3, ts: day('2025-02-02'), amount: 500 },
        { customer: 4, ts: day('2024-11-30'), amount: 200 },
        { customer: 4, ts: day('2025-02-15'), amount: 200 }, // 77 days: reactivated only with N = 60
        { customer: 5, ts: day('2024-01-10'), amount: 4000 }, // a year before January 10
        { customer: 5, ts: day('2024-12-10'), amount: 1500 }, // a month before January 10
      ],
      events: [
        { customer: 5, name: 'app_open', ts: day('2025-01-10') },
        { customer: 3, name: 'app_open', ts: day('2025-01-10') },
      ],
    });
    const customers = await engine().call('analytics/customers', { period: { from: '2025-01-01', to: '2025-02-28' } });
    expect(customers.months).toEqual([
      { month: '2025-01', newCustomers: 1, reactivated: 1 },
      { month: '2025-02', newCustomers: 1, reactivated: 0 },
    ]);
    const shorter = await engine().call('analytics/customers', { period: { from: '2025-01-01', to: '2025-02-28' }, reactivationDays: 60 });
    expect(shorter.months[1]).toEqual({ month: '2025-02', newCustomers: 1, reactivated: 1 });

    const commerce = await engine().call('analytics/commerce', { period: { from: '2025-01-09', to: '2025-01-10' } });
    expect(commerce.days).toEqual([
      expect.objectContaining({ day: '2025-01-09', gmv: 0, orders: 0, sessions: 0, conversionRate: null, gmvYoY: null }),
      {
        day: '2025-01-10',
        gmv: 3000,
        orders: 1,
        // Two app opens (customers 5 and 3) that day.
        sessions: 2,
        conversionRate: 1 / 2,
        gmvYoY: (3000 - 4000) / 4000,
        gmvMoM: (3000 - 1500) / 1500,
        ordersYoY: 0,
        ordersMoM: 0,
        // No sessions a year or a month before: no rate to compare with.
        conversionRateYoY: null,
        conversionRateMoM: null,
      },
    ]);
  });
});

describe('experiments', () => {
  const { engine } = useEngine();

  test('a random split with a control group: each variant against control, with a warning while the sample is small', async () => {
    const flow = await engine().call('flows/create', { name: 'Split test' });
    const detail = await engine().call('flows/get', { id: flow.id });
    const at = (y: number) => ({ x: 0, y });
    const definition = {
      settings: detail.draft.settings,
      nodes: [
        { id: 'start', type: 'trigger_event', label: 'Installed', position: at(0), data: { event: 'app_install', where: [], key: '' } },
        {
          id: 'split',
          type: 'split_random',
          label: 'Voucher test',
          position: at(100),
          data: {
            variants: [
              { id: 'a', label: '10 % voucher', percent: 45 },
              { id: 'b', label: 'Free delivery', percent: 45 },
            ],
            controlPercent: 10,
          },
        },
        { id: 'end', type: 'exit', label: 'Done', position: at(200), data: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', exit: 'next', target: 'split' },
        { id: 'e2', source: 'split', exit: 'a', target: 'end' },
        { id: 'e3', source: 'split', exit: 'b', target: 'end' },
        { id: 'e4', source: 'split', exit: 'control', target: 'end' },
      ],
    };
    await engine().call('flows/save', { id: flow.id, definition });
    await engine().call('engine/set-clock', { mode: 'virtual', start: '2025-05-02T09:00:00Z' });
    await engine().call('flows/publish', { id: flow.id });
    const events = Array.from({ length: 300 }, (_, i) => ({ customerId: `S-${i}`, event: 'app_install', time: '2025-05-02T10:00:00Z' }));
    await engine().call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: `external_id\n${events.map((e) => e.customerId).join('\n')}\n` } });
    await engine().call('events/track', { events });
    const purchases = (from: number, to: number, time: string) => Array.from({ length: to - from }, (_, i) => ({ customerId: `S-${from + i}`, event: 'purchase', time }));
    // Purchases inside the 72-hour window read before anyone is assigned (the assignment looks back at them)...
    await engine().call('events/track', { events: [...purchases(0, 60, '2025-05-03T12:00:00Z'), ...purchases(0, 10, '2025-05-04T08:00:00Z')] });
    await engine().call('analytics/commerce', { period: { from: '2025-05-01', to: '2025-05-31' } });
    await engine().call('engine/advance', { by: { amount: 2, unit: 'hours' } });
    // ...and after (each purchase finds the assignments before it); outside the window, or before the split: no conversion.
    await engine().call('events/track', {
      events: [...purchases(60, 120, '2025-05-04T12:00:00Z'), ...purchases(120, 140, '2025-05-10T12:00:00Z'), ...purchases(140, 150, '2025-05-02T08:00:00Z')],
    });
    const small = (await engine().call('analytics/experiments', { flowId: flow.id })).experiments;
    expect(small).toHaveLength(1);
    const arms = small[0]!.arms;
    expect(arms.map((a) => a.variant)).toEqual(['a', 'b', 'control']);
    expect(arms.reduce((n, a) => n + a.customers, 0)).toBe(300);
    expect(arms.reduce((n, a) => n + a.conversions, 0)).toBe(120);
    // The same counts read straight from the raw events, group by group.
    const db = new BetterSqlite3(engine().dataFile, { readonly: true });
    try {
      const raw = db
        .prepare(
          `SELECT a.variant, count(*) AS customers, total(EXISTS (SELECT 1 FROM events p WHERE p.customer_id = a.customer_id AND p.name = 'purchase' AND p.ts > a.ts AND p.ts <= a.ts + 72 * 3600000)) AS conversions
           FROM experiment_assignments a WHERE a.flow_id = ? GROUP BY a.variant ORDER BY a.variant`,
        )
        .all(flow.id) as { variant: string; customers: number; conversions: number }[];
      expect(arms.map((a) => ({ variant: a.variant, customers: a.customers, conversions: a.conversions }))).toEqual(raw);
    } finally {
      db.close();
    }
    expect(small[0]!.warning).toContain('Too few customers');
  });

  test('a journey that passes the split again is counted from its new assignment: a conversion before it no longer counts', async () => {
    const flow = await engine().call('flows/create', { name: 'Weekly test' });
    // Both arms wait five days and come back to the split.
    const definition = journeyFlow(
      [
        step('start', 'trigger_event', { event: 'signup' }),
        step('split', 'split_random', {
          variants: [
            { id: 'a', label: 'A', percent: 50 },
            { id: 'b', label: 'B', percent: 50 },
          ],
          controlPercent: 0,
        }),
        step('wait', 'wait_delay', { delay: { amount: 5, unit: 'days' } }),
      ],
      ['start>split', 'split:a>wait', 'split:b>wait', 'wait>split'],
    );
    await engine().call('flows/save', { id: flow.id, definition });
    await engine().call('engine/set-clock', { mode: 'virtual', start: '2025-05-02T09:00:00Z' });
    await engine().call('flows/publish', { id: flow.id });
    await engine().call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id\nL-1\nL-2\n' } });
    await engine().call('events/track', { events: ['L-1', 'L-2'].map((customerId) => ({ customerId, event: 'signup', time: '2025-05-02T09:30:00Z' })) });
    await engine().call('engine/advance', { by: { amount: 1, unit: 'hours' } });
    const conversions = async () => {
      const [experiment] = (await engine().call('analytics/experiments', { flowId: flow.id })).experiments;
      return { customers: experiment!.arms.reduce((n, a) => n + a.customers, 0), conversions: experiment!.arms.reduce((n, a) => n + a.conversions, 0) };
    };
    // L-1 buys the next day: inside the 72 hours after its first pass.
    await engine().call('engine/advance', { by: { amount: 1, unit: 'days' } });
    await engine().call('events/track', { events: [{ customerId: 'L-1', event: 'purchase', time: '2025-05-03T09:00:00Z' }] });
    expect(await conversions()).toEqual({ customers: 2, conversions: 1 });
    // Five days after the first pass both come through the split again: that purchase came before it.
    await engine().call('engine/advance', { by: { amount: 4, unit: 'days' } });
    const db = new BetterSqlite3(engine().dataFile, { readonly: true });
    try {
      const passes = db.prepare(`SELECT count(*) FROM journey_log WHERE node_id = 'split' AND kind = 'split'`).pluck();
      expect(passes.get()).toBe(4);
      expect(await conversions()).toEqual({ customers: 2, conversions: 0 });
      // L-2 buys after its second pass.
      await engine().call('engine/advance', { by: { amount: 1, unit: 'days' } });
      await engine().call('events/track', { events: [{ customerId: 'L-2', event: 'purchase', time: '2025-05-08T09:00:00Z' }] });
      expect(await conversions()).toEqual({ customers: 2, conversions: 1 });
      const raw = db
        .prepare(
          `SELECT c.external_id FROM experiment_assignments a JOIN customers c ON c.id = a.customer_id
           WHERE a.flow_id = ? AND EXISTS (SELECT 1 FROM events p WHERE p.customer_id = a.customer_id AND p.name = 'purchase' AND p.ts > a.ts AND p.ts <= a.ts + 72 * 3600000)`,
        )
        .pluck()
        .all(flow.id);
      expect(raw).toEqual(['L-2']);
    } finally {
      db.close();
    }
  });
});
