import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { createEngine, type Engine } from '../engine/app';
import { DATA_FILE_NAME } from '../engine/db/connection';
import type { Period } from '../shared/domain/analytics';
import { makeTempDir, ASSETS_DIR } from '../tests/helpers/temp-dir';
import { seededRandom } from '../tests/helpers/customers-csv';
import { step } from '../tests/helpers/journey-world';
import type { Benchmark, Measurement } from './harness';

/**
 * The analytics views on a year of data: by default 4M sent messages with 4.6M message events
 * (deliveries, opens, clicks) and 5.4M customer events (2M purchases, app opens), 10M message and
 * purchase events in all, over 200k customers, four flows and two campaigns, and a random split every
 * customer went through (200k assignments, for the experiments view). Each view is timed
 * (median of 3) beside the bare query over the raw events of the same period: message events by
 * type and purchases with their amounts. Target: every view under 300 ms.
 * BENCH_ANALYTICS_SCALE=0.1 runs a tenth of it.
 */
const SCALE = Number(process.env.BENCH_ANALYTICS_SCALE ?? 1);
const CUSTOMERS = Math.round(200_000 * SCALE);
const MESSAGES = Math.round(4_000_000 * SCALE);
const PURCHASES = Math.round(2_000_000 * SCALE);
const APP_OPENS = Math.round(3_400_000 * SCALE);
const END = Date.parse('2025-12-31T23:00:00Z');
const YEAR = 365 * 86_400_000;

async function seed(dir: string): Promise<{ flowIds: number[] }> {
  let engine: Engine = await createEngine({ dataDir: dir, assetsDir: ASSETS_DIR, appVersion: 'bench' });
  const flowIds: number[] = [];
  const sendSteps: { flowId: number; nodeId: string }[] = [];
  for (const templateId of ['onboarding', 'active-users', 'reactivation', 'abandoned-cart-email']) {
    const flow = await engine.call('flows/create', { name: templateId, templateId });
    await engine.call('flows/publish', { id: flow.id });
    flowIds.push(flow.id);
    for (const node of flow.draft.nodes) if (node.type === 'send') sendSteps.push({ flowId: flow.id, nodeId: node.id });
  }
  const schedule = {
    kind: 'now' as const,
    at: '',
    repeat: 'daily' as const,
    time: '10:00',
    weekdays: [],
    dayOfMonth: 1,
    timeZone: 'Africa/Algiers',
    delivery: 'campaign_zone' as const,
    lateCustomers: 'next_day' as const,
    throttlePerMinute: 0,
  };
  const campaignIds: number[] = [];
  for (const [name, channel] of [
    ['Newsletter', 'email'],
    ['WhatsApp promo', 'whatsapp'],
  ] as const) {
    const campaign = await engine.call('campaigns/save', {
      name,
      channel,
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { channel, providerId: null, title: '', body: 'x', subject: 'x', html: '', templateName: '', templateParams: [], link: '', trackConversion: true, marketing: false },
      schedule,
    });
    campaignIds.push(campaign.id);
  }
  // An experiment every customer went through: a random split, 45 % / 45 % / 10 % control.
  const experiment = await engine.call('flows/create', { name: 'Voucher test' });
  await engine.call('flows/save', {
    id: experiment.id,
    definition: {
      nodes: [
        step('t', 'trigger_event', { event: 'app_open' }),
        step('r', 'split_random', {
          variants: [
            { id: 'a', label: 'A', percent: 45 },
            { id: 'b', label: 'B', percent: 45 },
          ],
          controlPercent: 10,
        }),
        step('x', 'exit'),
      ],
      edges: [
        { id: 'e1', source: 't', exit: 'next', target: 'r' },
        { id: 'e2', source: 'r', exit: 'a', target: 'x' },
        { id: 'e3', source: 'r', exit: 'b', target: 'x' },
        { id: 'e4', source: 'r', exit: 'control', target: 'x' },
      ],
      settings: experiment.draft.settings,
    },
  });
  await engine.call('flows/publish', { id: experiment.id });
  await engine.close();

  const db = new BetterSqlite3(join(dir, DATA_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const next = seededRandom(42);
  const providers = new Map((db.prepare("SELECT channel, id FROM providers WHERE kind = 'sandbox'").all() as { channel: string; id: number }[]).map((p) => [p.channel, p.id]));
  db.transaction(() => {
    const customer = db.prepare('INSERT INTO customers (external_id, created_at, updated_at) VALUES (?, 0, 0)');
    for (let i = 1; i <= CUSTOMERS; i++) customer.run(`A-${i}`);
    const message = db.prepare(
      `INSERT INTO messages (customer_id, channel, provider_id, flow_id, node_id, campaign_id, status, idempotency_key, due_at, finished_at, attempted_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?, ?, ?, ?, ?)`,
    );
    const messageEvent = db.prepare('INSERT INTO message_events (message_id, type, ts, provider_event_id) VALUES (?, ?, ?, ?)');
    for (let i = 1; i <= MESSAGES; i++) {
      const at = END - Math.floor(next() * YEAR);
      const who = 1 + Math.floor(next() * CUSTOMERS);
      // 85 % from flows (push), 15 % from the two campaigns.
      const fromFlow = next() < 0.85;
      const step = sendSteps[Math.floor(next() * sendSteps.length)]!;
      const campaign = campaignIds[i % 2]!;
      const channel = fromFlow ? 'push' : i % 2 === 0 ? 'email' : 'whatsapp';
      const id = Number(
        message.run(who, channel, providers.get(channel)!, fromFlow ? step.flowId : null, fromFlow ? step.nodeId : null, fromFlow ? null : campaign, `a${i}`, at, at, at, at, at).lastInsertRowid,
      );
      const roll = next();
      if (roll < 0.95) messageEvent.run(id, 'delivered', at + 30_000, `d${id}`);
      if (roll < 0.09) messageEvent.run(id, 'opened', at + 5 * 60_000, `o${id}`);
      if (roll < 0.065) messageEvent.run(id, 'clicked', at + 6 * 60_000, `c${id}`);
    }
    const event = db.prepare("INSERT INTO events (customer_id, name, ts, properties, dedupe_key, source) VALUES (?, ?, ?, ?, ?, 'import')");
    for (let i = 1; i <= PURCHASES; i++) event.run(1 + Math.floor(next() * CUSTOMERS), 'purchase', END - Math.floor(next() * YEAR), `{"amount":${1000 + Math.floor(next() * 20_000)}}`, `p${i}`);
    for (let i = 1; i <= APP_OPENS; i++) event.run(1 + Math.floor(next() * CUSTOMERS), 'app_open', END - Math.floor(next() * YEAR), '{}', `o${i}`);
    const versionId = db.prepare('SELECT id FROM flow_versions WHERE flow_id = ?').pluck().get(experiment.id);
    const journey = db.prepare(`INSERT INTO journeys (flow_id, flow_version_id, customer_id, node_id, state, entered_at, updated_at) VALUES (?, ?, ?, 'x', 'completed', ?, ?) RETURNING id`).pluck();
    const assignment = db.prepare('INSERT INTO experiment_assignments (journey_id, flow_id, node_id, variant, customer_id, ts) VALUES (?, ?, ?, ?, ?, ?)');
    for (let customer = 1; customer <= CUSTOMERS; customer++) {
      const at = END - Math.floor(next() * YEAR);
      const draw = next();
      assignment.run(journey.get(experiment.id, versionId, customer, at, at), experiment.id, 'r', draw < 0.45 ? 'a' : draw < 0.9 ? 'b' : 'control', customer, at);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { flowIds };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function timeView(engine: Engine, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  void engine;
  return median(times);
}

/** The bare query over the raw events of the period: message events by type, purchases and their amounts. */
function bareMs(dataFile: string, period: Period): number {
  const db = new BetterSqlite3(dataFile, { readonly: true });
  try {
    const from = Date.parse(`${period.from}T00:00:00+01:00`);
    const to = Date.parse(`${period.to}T00:00:00+01:00`) + 86_400_000;
    const byType = db.prepare('SELECT type, count(*) FROM message_events WHERE ts >= ? AND ts < ? GROUP BY type');
    const purchases = db.prepare("SELECT count(*), total(json_extract(properties, '$.amount')) FROM events WHERE name = 'purchase' AND ts >= ? AND ts < ?");
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      byType.all(from, to);
      purchases.get(from, to);
      times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    db.close();
  }
}

interface Workspace {
  dir: string;
  engine: Engine;
  flowIds: number[];
  rows: number;
  seedSeconds: number;
  catchUpSeconds: number;
  cleanup(): void;
}

let prepared: Promise<Workspace> | null = null;
function workspace(): Promise<Workspace> {
  prepared ??= (async () => {
    const temp = makeTempDir('campaign-studio-bench-');
    const started = performance.now();
    const { flowIds } = await seed(temp.dir);
    const seedSeconds = (performance.now() - started) / 1000;
    const db = new BetterSqlite3(join(temp.dir, DATA_FILE_NAME), { readonly: true });
    const rows = ['messages', 'message_events', 'events'].reduce((n, table) => n + Number(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()), 0);
    db.close();
    console.error(`# analytics: seeded ${rows} rows (messages, message events, customer events) in ${seedSeconds.toFixed(1)} s`);
    const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'bench' });
    // The first report brings the rollups up to date with everything seeded: the catch-up after an import.
    const caught = performance.now();
    await engine.call('analytics/commerce', { period: MONTH });
    const catchUpSeconds = (performance.now() - caught) / 1000;
    return { dir: temp.dir, engine, flowIds, rows, seedSeconds, catchUpSeconds, cleanup: temp.cleanup };
  })();
  return prepared;
}

const MONTH: Period = { from: '2025-12-01', to: '2025-12-30' };
const YEAR_PERIOD: Period = { from: '2025-01-01', to: '2025-12-31' };
const attribution = { model: 'view_through' as const, counting: 'all' as const };

function view(name: string, period: Period, call: (engine: Engine, flowIds: number[]) => Promise<unknown>, last = false): Benchmark {
  return {
    name: `analytics.${name}`,
    async run(): Promise<Measurement> {
      const ws = await workspace();
      try {
        const ms = await timeView(ws.engine, () => call(ws.engine, ws.flowIds));
        const bare = bareMs(join(ws.dir, DATA_FILE_NAME), period);
        return {
          value: ms,
          unit: 'ms',
          baseline: bare,
          baselineLabel: `the bare query over the raw events of ${period.from} to ${period.to} (message events by type, purchases and amounts), ms; target: the view under 300 ms`,
        };
      } finally {
        if (last) {
          await ws.engine.close();
          ws.cleanup();
        }
      }
    },
  };
}

export const analyticsBenchmarks: Benchmark[] = [
  {
    name: 'analytics.rollups-catch-up',
    async run(): Promise<Measurement> {
      const ws = await workspace();
      return {
        value: ws.rows / ws.catchUpSeconds,
        unit: 'rows/s',
        baseline: ws.rows / ws.seedSeconds,
        baselineLabel: `bare better-sqlite3 inserts of the same ${ws.rows} rows (with their indexes) in ${ws.seedSeconds.toFixed(1)} s; the rollups caught up in ${ws.catchUpSeconds.toFixed(1)} s (once, after an import; afterwards in small steps as data arrives)`,
      };
    },
  },
  view('flow-funnel-30d', MONTH, (e, flows) => e.call('analytics/funnel', { flowId: flows[0], period: MONTH, attribution })),
  view('flows-compared-30d', MONTH, (e) => e.call('analytics/flows', { period: MONTH, attribution })),
  // The first campaign (ids start at 1 in a fresh workspace), so the listing is not timed with it.
  view('campaign-funnel-30d', MONTH, (e) => e.call('analytics/funnel', { campaignId: 1, period: MONTH, attribution })),
  view('channels-12m', YEAR_PERIOD, (e) => e.call('analytics/channels', { period: YEAR_PERIOD, attribution })),
  view('customers-12m', YEAR_PERIOD, (e) => e.call('analytics/customers', { period: YEAR_PERIOD })),
  view('commerce-30d', MONTH, (e) => e.call('analytics/commerce', { period: MONTH })),
  view('experiments', YEAR_PERIOD, (e) => e.call('analytics/experiments', {}), true),
];
