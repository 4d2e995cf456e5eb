import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createEngine } from '../engine/app';
import { DATA_FILE_NAME, openWorkspace } from '../engine/db/connection';
import { createDemoShop } from '../engine/demo/create-demo-shop';
import { writeDemoShopFiles } from '../engine/demo/demo-shop';
import { ASSETS_DIR, CUSTOMER_ROWS_WORKER, makeTempDir } from '../tests/helpers/temp-dir';
import { timed, type Benchmark } from './harness';

const CUSTOMERS = 100_000;
const SEED = 1;

/**
 * The demo shop made the way `demo create` makes it (generate the files, import customers, import a
 * year of events, through the engine) beside bare prepared INSERTs of the same rows into the same
 * tables in one transaction, with the files already parsed (rows/s, customers and events together).
 */
export const demoShopBenchmark: Benchmark = {
  name: 'demo.create-100k',
  async run() {
    const temp = makeTempDir('campaign-studio-bench-');
    try {
      const engineDir = join(temp.dir, 'engine');
      mkdirSync(engineDir);
      const engine = await createEngine({ dataDir: engineDir, assetsDir: ASSETS_DIR, appVersion: 'bench', customerRowsWorker: CUSTOMER_ROWS_WORKER });
      let rows = 0;
      const seconds = await timed(async () => {
        const summary = await createDemoShop(engine, { customers: CUSTOMERS, seed: SEED });
        if (summary.rejected > 0) throw new Error(`the demo import rejected ${summary.rejected} rows`);
        rows = summary.customers + summary.events;
      });
      await engine.close();

      const filesDir = join(temp.dir, 'files');
      mkdirSync(filesDir);
      const files = await writeDemoShopFiles(filesDir, { customers: CUSTOMERS, seed: SEED, now: Date.now() });
      const parse = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
      const customers = parse(files.customersCsv);
      const events = parse(files.eventsCsv);
      const baselineDir = join(temp.dir, 'baseline');
      mkdirSync(baselineDir);
      await (await openWorkspace({ dataDir: baselineDir })).close();
      const bare = new BetterSqlite3(join(baselineDir, DATA_FILE_NAME));
      bare.pragma('journal_mode = WAL');
      bare.pragma('synchronous = FULL');
      const insertCustomer = bare.prepare(
        `INSERT INTO customers (external_id, first_name, last_name, email, phone, city, language, time_zone, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertEvent = bare.prepare('INSERT INTO events (customer_id, name, ts, properties, source, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)');
      const baselineSeconds = await timed(() =>
        bare.transaction(() => {
          const now = Date.now();
          const ids = new Map<string, number | bigint>();
          for (const c of customers)
            ids.set(c.external_id as string, insertCustomer.run(c.external_id, c.first_name, c.last_name, c.email, c.phone, c.city, c.language, c.time_zone, now, now).lastInsertRowid);
          for (const e of events) {
            const properties = JSON.stringify({ product_id: e.product_id, category: e.category, amount: e.amount, cart_id: e.cart_id });
            insertEvent.run(ids.get(e.customer_id as string), e.event, Date.parse(e.time as string), properties, 'bench', e.event_id);
          }
        })(),
      );
      bare.close();
      return {
        value: rows / seconds,
        unit: 'rows/s',
        baseline: (customers.length + events.length) / baselineSeconds,
        baselineLabel: `bare better-sqlite3 prepared INSERTs of the same ${customers.length} customers and ${events.length} events, parsed beforehand, one transaction (rows/s)`,
      };
    } finally {
      temp.cleanup();
    }
  },
};

const SIMULATED_DAYS = 3;

/**
 * The demo shop living: the 100,000-customer demo (made first, not timed) advanced three days with
 * its seven flows and the weekly newsletter running, every customer planned each day (customer-days
 * per second). Baseline: the same customer-days at the speed of bare prepared INSERTs of the rows the
 * simulation wrote (its events and messages) into a workspace of the same schema, one transaction:
 * the floor of writing them at all.
 */
export const demoSimulationBenchmark: Benchmark = {
  name: 'demo.simulate-100k',
  async run() {
    const temp = makeTempDir('campaign-studio-bench-');
    try {
      const engineDir = join(temp.dir, 'engine');
      mkdirSync(engineDir);
      const engine = await createEngine({ dataDir: engineDir, assetsDir: ASSETS_DIR, appVersion: 'bench', customerRowsWorker: CUSTOMER_ROWS_WORKER });
      await createDemoShop(engine, { customers: CUSTOMERS, seed: SEED, start: '2026-03-02T00:00:00Z' });
      const start = Date.parse((await engine.call('engine/clock', {})).now);
      const seconds = await timed(() => engine.call('engine/advance', { by: { amount: SIMULATED_DAYS, unit: 'days' } }));
      const db = new BetterSqlite3(engine.dataFile, { readonly: true });
      const events = db.prepare(`SELECT customer_id, name, ts, properties FROM events WHERE ts >= ? AND source IN ('simulation', 'sandbox')`).raw().all(start) as [number, string, number, string][];
      const messages = db.prepare('SELECT count(*) FROM messages WHERE created_at >= ?').pluck().get(start) as number;
      const customerDays = (db.prepare('SELECT count(*) FROM customers').pluck().get() as number) * SIMULATED_DAYS;
      db.close();
      await engine.close();
      console.error(`# demo.simulate-100k: ${SIMULATED_DAYS} days in ${seconds.toFixed(1)} s, ${events.length} simulated events, ${messages} messages`);

      const baselineDir = join(temp.dir, 'baseline');
      mkdirSync(baselineDir);
      await (await openWorkspace({ dataDir: baselineDir })).close();
      const bare = new BetterSqlite3(join(baselineDir, DATA_FILE_NAME));
      bare.pragma('journal_mode = WAL');
      const insertCustomer = bare.prepare('INSERT INTO customers (id, external_id, created_at, updated_at) VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING');
      const insertEvent = bare.prepare('INSERT INTO events (customer_id, name, ts, properties, source, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)');
      const insertMessage = bare.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, payload, due_at, created_at, updated_at) VALUES (?, 'push', 'sent', ?, '{}', 0, 0, 0)`);
      bare.transaction(() => {
        for (const [customerId] of events) insertCustomer.run(customerId, `C${customerId}`);
      })();
      const baselineSeconds = await timed(() =>
        bare.transaction(() => {
          for (const [index, [customerId, name, ts, properties]] of events.entries()) insertEvent.run(customerId, name, ts, properties, 'bench', `b${index}`);
          for (let i = 0; i < messages; i++) insertMessage.run(events[i % Math.max(1, events.length)]?.[0] ?? 1, `m${i}`);
        })(),
      );
      bare.close();
      return {
        value: customerDays / seconds,
        unit: 'customer-days/s',
        baseline: customerDays / baselineSeconds,
        baselineLabel: `the same customer-days at the speed of bare prepared INSERTs of the rows the simulation wrote (${events.length} events, ${messages} messages), one transaction`,
      };
    } finally {
      temp.cleanup();
    }
  },
};
