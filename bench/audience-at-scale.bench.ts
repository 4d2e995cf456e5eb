import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../engine/app';
import { DATA_FILE_NAME, openWorkspace } from '../engine/db/connection';
import type { FilterGroup } from '../shared/domain/segment-filter';
import { generateCustomersCsv } from '../tests/helpers/customers-csv';
import { ASSETS_DIR, makeTempDir, REPO_ROOT } from '../tests/helpers/temp-dir';
import { customerExternalId, writeEventsCsv, writeLines } from './audience-data';
import type { Benchmark, Measurement } from './harness';

/**
 * Audience at scale (issue 3): 1M customers and 10M events imported end to end beside bare
 * prepared inserts of the same rows, peak memory of the import process beside an idle engine's,
 * and segment counts beside the bare indexed SQL over the raw events. Sizes can be lowered with
 * BENCH_CUSTOMERS and BENCH_EVENTS for a quick run.
 */
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;

/**
 * The import child as the app runs its engine: bundled (no TypeScript loader in the process, which
 * alone adds about 100 MB to its peak memory), beside the bundled worker.
 */
let bundledChild: string | null = null;
function childScript(): string {
  if (bundledChild) return bundledChild;
  // Two folders deep, as bench/ is one below tests/helpers' root: the helpers find the repository from their own place.
  const out = join(REPO_ROOT, '.bench-tmp', 'child', 'import-child.mjs');
  buildSync({
    entryPoints: [join(REPO_ROOT, 'bench', 'import-child.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Bundled CommonJS dependencies call require(): give the ES module one.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    external: ['better-sqlite3', 'electron', 'mjml'],
    logLevel: 'warning',
  });
  bundledChild = out;
  return out;
}

function runChild(method: string, dataDir: string, file: string): { seconds: number; rows: number; imported: number; rejected: number; maxRssMb: number } {
  const result = spawnSync(process.execPath, [childScript(), method, dataDir, file], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`import child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof runChild>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeMs(work: () => unknown, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function emptyWorkspace(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const ws = await openWorkspace({ dataDir: dir });
  await ws.close();
  return join(dir, DATA_FILE_NAME);
}

interface Prepared {
  results: { name: string; measurement: Measurement }[];
}

let prepared: Promise<Prepared> | null = null;

/** Everything is measured once, in order (customers, events, then segments on the loaded base). */
function prepare(): Promise<Prepared> {
  prepared ??= (async () => {
    const temp = makeTempDir('campaign-studio-bench-');
    const results: Prepared['results'] = [];
    try {
      const customersCsv = join(temp.dir, 'customers.csv');
      const csv = generateCustomersCsv(CUSTOMERS, 42);
      await writeLines(customersCsv, csv.trimEnd().split('\n'));
      const eventsCsv = join(temp.dir, 'events.csv');
      await writeEventsCsv(eventsCsv, EVENTS, CUSTOMERS, NOW);
      console.error(`# generated ${CUSTOMERS} customers and ${EVENTS} events`);

      // Baseline: bare prepared INSERTs of the same customer rows (same columns, no validation).
      const bareFile = await emptyWorkspace(join(temp.dir, 'bare'));
      const bare = new BetterSqlite3(bareFile);
      bare.pragma('journal_mode = WAL');
      bare.pragma('synchronous = FULL');
      const rows = csv
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','));
      const insertCustomer = bare.prepare(
        `INSERT INTO customers (external_id, first_name, last_name, email, phone, city, language, time_zone, signup_at,
           consent_email, consent_push, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let started = performance.now();
      bare.transaction(() => {
        for (const r of rows) {
          insertCustomer.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], NOW, r[9] === 'yes' ? 1 : 0, r[10] === 'yes' ? 1 : 0, `{"loyalty_tier":"${r[11]}","orders_count":${r[12]}}`, NOW, NOW);
        }
      })();
      const bareCustomersPerSecond = CUSTOMERS / ((performance.now() - started) / 1000);
      rows.length = 0;

      const idle = runChild('none', join(temp.dir, 'idle'), '-');
      const engineDir = join(temp.dir, 'engine');
      await emptyWorkspace(engineDir);
      const customers = runChild('customers/import', engineDir, customersCsv);
      if (customers.imported !== CUSTOMERS) throw new Error(`imported ${customers.imported} of ${CUSTOMERS} customers (${customers.rejected} rejected)`);
      results.push({
        name: 'import.customers-csv',
        measurement: {
          value: CUSTOMERS / customers.seconds,
          unit: 'rows/s',
          baseline: bareCustomersPerSecond,
          baselineLabel: `bare prepared INSERTs of the same ${CUSTOMERS} customer rows, one transaction`,
        },
      });
      results.push({
        name: 'import.customers-csv.peak-rss',
        measurement: { value: customers.maxRssMb, unit: 'MB', baseline: idle.maxRssMb, baselineLabel: 'peak RSS of the same process with the engine open and idle (target: import under 300 MB)' },
      });

      // Baseline for events: the same rows, customer ids resolved from a prebuilt map, into the same table and indexes.
      copyFileSync(join(engineDir, DATA_FILE_NAME), bareFile + '.events');
      const bareEvents = new BetterSqlite3(bareFile + '.events');
      bareEvents.pragma('journal_mode = WAL');
      bareEvents.pragma('synchronous = FULL');
      const idOf = new Map<string, number>();
      for (const row of bareEvents.prepare('SELECT id, external_id FROM customers').iterate() as Iterable<{ id: number; external_id: string }>) {
        idOf.set(row.external_id, row.id);
      }
      const insertEvent = bareEvents.prepare('INSERT INTO events (customer_id, name, ts, properties, dedupe_key) VALUES (?, ?, ?, ?, ?)');
      const lines = readFileSync(eventsCsv, 'utf8').split('\n');
      started = performance.now();
      bareEvents.transaction(() => {
        for (let i = 1; i < lines.length; i++) {
          const line = lines[i]!;
          if (line === '') continue;
          const [name, customer, time, amount, cart] = line.split(',');
          const properties = amount ? `{"amount":${amount},"cart_id":"${cart}"}` : '{}';
          insertEvent.run(idOf.get(customer!), name, Date.parse(time!), properties, amount ? String(i) : '');
        }
      })();
      const bareEventsPerSecond = EVENTS / ((performance.now() - started) / 1000);
      bareEvents.close();
      lines.length = 0;

      const events = runChild('events/import', engineDir, eventsCsv);
      if (events.imported !== EVENTS) throw new Error(`imported ${events.imported} of ${EVENTS} events (${events.rejected} rejected)`);
      results.push({
        name: 'import.events-csv',
        measurement: {
          value: EVENTS / events.seconds,
          unit: 'rows/s',
          baseline: bareEventsPerSecond,
          baselineLabel: `bare prepared INSERTs of the same ${EVENTS} event rows into the same table and indexes`,
        },
      });
      results.push({
        name: 'import.events-csv.peak-rss',
        measurement: { value: events.maxRssMb, unit: 'MB', baseline: idle.maxRssMb, baselineLabel: 'peak RSS of an idle engine process' },
      });

      results.push(...(await segmentCounts(engineDir)));
      bare.close();
    } finally {
      temp.cleanup();
    }
    return { results };
  })();
  return prepared;
}

export async function segmentCounts(dataDir: string): Promise<Prepared['results']> {
  const engine: Engine = await createEngine({ dataDir, assetsDir: ASSETS_DIR, appVersion: 'bench', now: () => NOW });
  const raw = new BetterSqlite3(join(dataDir, DATA_FILE_NAME), { readonly: true });
  const list = await engine.call('segments/save', { name: 'Hand-picked 10k', kind: 'static' });
  await engine.call('segments/add-members', { segmentId: list.id, externalIds: Array.from({ length: 10_000 }, (_, i) => customerExternalId(1 + i * 7)) });
  const g = (...conditions: FilterGroup['conditions']): FilterGroup => ({ type: 'group', op: 'and', conditions });
  const since = (days: number) => NOW - days * DAY;
  const cases: { name: string; filter: FilterGroup; bare: string; params: unknown[] }[] = [
    { name: 'property-equals', filter: g({ type: 'property', field: 'city', operator: 'equals', value: 'Oran' }), bare: `SELECT count(*) FROM customers WHERE city = ?`, params: ['Oran'] },
    { name: 'property-contains', filter: g({ type: 'property', field: 'email', operator: 'contains', value: '77@' }), bare: `SELECT count(*) FROM customers WHERE email LIKE ?`, params: ['%77@%'] },
    {
      name: 'property-in-list',
      filter: g({ type: 'property', field: 'city', operator: 'in', value: ['Alger', 'Sétif', 'Tlemcen'] }),
      bare: `SELECT count(*) FROM customers WHERE city IN (?, ?, ?)`,
      params: ['Alger', 'Sétif', 'Tlemcen'],
    },
    {
      name: 'property-numeric-range',
      filter: g({ type: 'property', field: 'attributes.orders_count', operator: 'between', value: [10, 20] }),
      bare: `SELECT count(*) FROM customers WHERE json_extract(attributes, '$.orders_count') BETWEEN 10 AND 20`,
      params: [],
    },
    {
      name: 'property-date-relative',
      filter: g({ type: 'property', field: 'signupAt', operator: 'more_than_ago', value: { amount: 400, unit: 'days' } }),
      bare: `SELECT count(*) FROM customers WHERE signup_at < ?`,
      params: [since(400)],
    },
    { name: 'property-is-set', filter: g({ type: 'property', field: 'phone', operator: 'is_set' }), bare: `SELECT count(*) FROM customers WHERE phone IS NOT NULL AND phone <> ''`, params: [] },
    {
      name: 'behaviour-add_to_cart-last-3-days',
      filter: g({ type: 'behaviour', event: 'add_to_cart', occurrence: 'at_least', count: 1, window: { kind: 'last', amount: 3, unit: 'days' }, where: [] }),
      bare: `SELECT count(DISTINCT customer_id) FROM events WHERE name = 'add_to_cart' AND ts >= ? AND ts <= ?`,
      params: [since(3), NOW],
    },
    {
      name: 'behaviour-no-app_open-90-days',
      filter: g({ type: 'behaviour', event: 'app_open', occurrence: 'at_most', count: 0, window: { kind: 'last', amount: 90, unit: 'days' }, where: [] }),
      bare: `SELECT count(*) FROM customers WHERE id NOT IN (SELECT customer_id FROM events WHERE name = 'app_open' AND ts >= ? AND ts <= ?)`,
      params: [since(90), NOW],
    },
    {
      name: 'behaviour-purchase-3-times-ever',
      filter: g({ type: 'behaviour', event: 'purchase', occurrence: 'at_least', count: 3, window: { kind: 'ever' }, where: [] }),
      bare: `SELECT count(*) FROM (SELECT customer_id FROM events WHERE name = 'purchase' GROUP BY customer_id HAVING count(*) >= 3)`,
      params: [],
    },
    {
      name: 'behaviour-purchase-amount-last-30-days',
      filter: g({
        type: 'behaviour',
        event: 'purchase',
        occurrence: 'at_least',
        count: 1,
        window: { kind: 'last', amount: 30, unit: 'days' },
        where: [{ property: 'amount', operator: 'gte', value: 40000 }],
      }),
      bare: `SELECT count(DISTINCT customer_id) FROM events WHERE name = 'purchase' AND ts >= ? AND ts <= ? AND json_extract(properties, '$.amount') >= 40000`,
      params: [since(30), NOW],
    },
    { name: 'segment-membership', filter: g({ type: 'segment', segmentId: list.id, member: true }), bare: `SELECT count(*) FROM segment_members WHERE segment_id = ?`, params: [list.id] },
    { name: 'score-threshold', filter: g({ type: 'score', operator: 'gte', value: 80 }), bare: `SELECT count(*) FROM customers WHERE score >= 80`, params: [] },
    {
      name: 'nested-group-of-three',
      filter: g(
        { type: 'behaviour', event: 'add_to_cart', occurrence: 'at_least', count: 1, window: { kind: 'last', amount: 3, unit: 'days' }, where: [] },
        {
          type: 'group',
          op: 'or',
          conditions: [
            { type: 'property', field: 'city', operator: 'equals', value: 'Alger' },
            { type: 'property', field: 'language', operator: 'equals', value: 'ar' },
          ],
        },
        { type: 'behaviour', event: 'app_install', occurrence: 'at_most', count: 0, window: { kind: 'last', amount: 7, unit: 'days' }, where: [] },
      ),
      bare: `SELECT count(*) FROM customers WHERE id IN (SELECT customer_id FROM events WHERE name = 'add_to_cart' AND ts >= ? AND ts <= ?)
             AND (city = 'Alger' OR language = 'ar')
             AND id NOT IN (SELECT customer_id FROM events WHERE name = 'app_install' AND ts >= ? AND ts <= ?)`,
      params: [since(3), NOW, since(7), NOW],
    },
  ];
  const results: Prepared['results'] = [];
  for (const c of cases) {
    // The first count of a filter is timed apart: it may be the one that leaves an index behind (custom attributes).
    const firstStarted = performance.now();
    const engineCount = (await engine.call('segments/count', { filter: c.filter })).count;
    const firstMs = performance.now() - firstStarted;
    const statement = raw.prepare(c.bare).pluck();
    const bareCount = statement.get(...c.params) as number;
    if (engineCount !== bareCount) console.error(`# segment.${c.name}: engine counted ${engineCount}, bare SQL ${bareCount}`);
    const engineMs = await timeMs(() => engine.call('segments/count', { filter: c.filter }));
    const bareMs = await timeMs(() => statement.get(...c.params));
    results.push({
      name: `segment.${c.name}`,
      measurement: {
        value: engineMs,
        unit: 'ms',
        baseline: bareMs,
        baselineLabel: `bare indexed SQL over the raw tables (count ${bareCount}); first count ${firstMs.toFixed(1)} ms; target under 100 ms`,
      },
    });
  }
  raw.close();
  await engine.close();
  return results;
}

const NAMES = [
  'import.customers-csv',
  'import.customers-csv.peak-rss',
  'import.events-csv',
  'import.events-csv.peak-rss',
  ...[
    'property-equals',
    'property-contains',
    'property-in-list',
    'property-numeric-range',
    'property-date-relative',
    'property-is-set',
    'behaviour-add_to_cart-last-3-days',
    'behaviour-no-app_open-90-days',
    'behaviour-purchase-3-times-ever',
    'behaviour-purchase-amount-last-30-days',
    'segment-membership',
    'score-threshold',
    'nested-group-of-three',
  ].map((n) => `segment.${n}`),
];

export const audienceAtScaleBenchmarks: Benchmark[] = NAMES.map((name) => ({
  name: `audience.${name}`,
  async run() {
    const { results } = await prepare();
    const found = results.find((r) => r.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found.measurement;
  },
}));
