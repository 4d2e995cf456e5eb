import type BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { EVENT_AMOUNT_SQL } from '../../migrations/0004_event_amount';

/**
 * For each migration, rows written at the schema before it, and a check that they are intact after
 * it. A new migration adds its entry here; the test below fails if one is missing.
 */
export const rowsSurvive: Record<string, { seed(db: BetterSqlite3.Database): void; check(db: BetterSqlite3.Database): void }> = {
  '0001_initial_schema': {
    seed: () => undefined,
    check: (db) => expect(db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 0 }),
  },
  '0002_customer_list_indexes': {
    seed(db) {
      const insert = db.prepare(
        `INSERT INTO customers (external_id, first_name, last_name, city, attributes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      insert.run('C-1', 'Amine', 'Benali', 'Oran', '{"tier":"gold"}', 1_700_000_000_000, 1_700_000_000_000);
      insert.run('C-2', 'نور', 'حداد', 'Alger', '{}', 1_700_000_000_001, 1_700_000_000_001);
      db.prepare(`INSERT INTO events (customer_id, name, ts, properties) VALUES (1, 'purchase', 1, '{"amount":1200}')`).run();
    },
    check(db) {
      expect(db.prepare('SELECT external_id, first_name, city, attributes FROM customers ORDER BY id').all()).toEqual([
        { external_id: 'C-1', first_name: 'Amine', city: 'Oran', attributes: '{"tier":"gold"}' },
        { external_id: 'C-2', first_name: 'نور', city: 'Alger', attributes: '{}' },
      ]);
      expect(db.prepare('SELECT name, properties FROM events').all()).toEqual([{ name: 'purchase', properties: '{"amount":1200}' }]);
      const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers'`).all();
      expect(indexes).toContainEqual({ name: 'customers_last_name' });
    },
  },
  '0003_audience_at_scale': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('C-1', 1, 1), ('C-2', 1, 1)`).run();
      const event = db.prepare(`INSERT INTO events (customer_id, name, ts, properties, dedupe_key) VALUES (?, ?, ?, ?, ?)`);
      event.run(1, 'app_open', 1000, '{}', null);
      event.run(1, 'app_open', 5000, '{}', null);
      event.run(2, 'purchase', 3000, '{"amount":1500}', 'order-77');
    },
    check(db) {
      expect(db.prepare('SELECT customer_id, name, ts, properties, dedupe_key FROM events ORDER BY id').all()).toEqual([
        { customer_id: 1, name: 'app_open', ts: 1000, properties: '{}', dedupe_key: 'legacy:1' },
        { customer_id: 1, name: 'app_open', ts: 5000, properties: '{}', dedupe_key: 'legacy:2' },
        { customer_id: 2, name: 'purchase', ts: 3000, properties: '{"amount":1500}', dedupe_key: 'order-77' },
      ]);
      expect(db.prepare('SELECT name, customer_id, count, first_ts, last_ts FROM customer_event_stats ORDER BY name').all()).toEqual([
        { name: 'app_open', customer_id: 1, count: 2, first_ts: 1000, last_ts: 5000 },
        { name: 'purchase', customer_id: 2, count: 1, first_ts: 3000, last_ts: 3000 },
      ]);
      // Erasing a customer takes their events and rollups with them.
      db.prepare(`DELETE FROM customers WHERE external_id = 'C-1'`).run();
      expect(db.prepare('SELECT count(*) AS n FROM customer_event_stats').get()).toEqual({ n: 1 });
    },
  },
  '0004_event_amount': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('C-1', 1, 1)`).run();
      const event = db.prepare(`INSERT INTO events (customer_id, name, ts, properties, dedupe_key) VALUES (1, ?, ?, ?, ?)`);
      event.run('purchase', 1000, '{"amount":1500}', 'a');
      event.run('purchase', 2000, '{"amount":"1500"}', 'b');
      event.run('purchase', 3000, '{"amount":99.5,"cart_id":"K1"}', 'c');
      event.run('app_open', 4000, '{}', '');
    },
    check(db) {
      // The index holds the amounts of the events already there (text is not an amount) and covers an amount test.
      const amounts = `SELECT ts, ${EVENT_AMOUNT_SQL} AS amount FROM events INDEXED BY events_name_ts_customer_amount WHERE name = 'purchase' AND ts >= 0 ORDER BY ts`;
      expect(db.prepare(amounts).all()).toEqual([
        { ts: 1000, amount: 1500 },
        { ts: 2000, amount: null },
        { ts: 3000, amount: 99.5 },
      ]);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT customer_id FROM events WHERE name = 'purchase' AND ts >= 0 AND (${EVENT_AMOUNT_SQL}) >= 1000`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('COVERING INDEX events_name_ts_customer_amount');
    },
  },
  '0005_flow_lifecycle': {
    seed(db) {
      db.prepare(`INSERT INTO flows (name, status, draft_graph, created_at, updated_at) VALUES ('Onboarding', 'live', '{"nodes":[],"edges":[]}', 1, 1)`).run();
      db.prepare(`INSERT INTO flow_versions (flow_id, version, graph, settings, published_at) VALUES (1, 1, '{"nodes":[],"edges":[]}', '{}', 2)`).run();
    },
    check(db) {
      expect(db.prepare('SELECT name, status, description FROM flows').all()).toEqual([{ name: 'Onboarding', status: 'live', description: '' }]);
      expect(db.prepare('SELECT version, entrants FROM flow_versions').all()).toEqual([{ version: 1, entrants: 'stay' }]);
      expect(() => db.prepare(`INSERT INTO flows (name, status, draft_graph, created_at, updated_at) VALUES ('ONBOARDING', 'draft', '{}', 1, 1)`).run()).toThrow(/UNIQUE/);
    },
  },
  '0006_journeys_and_outbox': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, created_at, updated_at) VALUES (1, 'push', 'sent', 'k1', 5, 5, 5)`).run();
    },
    check(db) {
      // An existing message counts as marketing and keeps its state; every channel gets a default sandbox provider.
      expect(db.prepare('SELECT status, marketing, journey_id, claimed_by FROM messages').all()).toEqual([{ status: 'sent', marketing: 1, journey_id: null, claimed_by: null }]);
      expect(db.prepare(`SELECT channel FROM providers WHERE kind = 'sandbox' AND is_default = 1 ORDER BY channel`).pluck().all()).toEqual(['email', 'in_app', 'push', 'sms', 'webhook', 'whatsapp']);
    },
  },
  '0007_outbox_indexes': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, created_at, updated_at) VALUES (1, 'push', 'queued', 'k1', 5, 5, 5)`).run();
      db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, created_at, updated_at) VALUES (1, 'push', 'sent', 'k2', 5, 5, 5)`).run();
    },
    check(db) {
      expect(db.prepare('SELECT idempotency_key, status FROM messages ORDER BY id').all()).toEqual([
        { idempotency_key: 'k1', status: 'queued' },
        { idempotency_key: 'k2', status: 'sent' },
      ]);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM messages WHERE status = 'queued' AND due_at <= 10 ORDER BY due_at, id LIMIT 5`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('messages_queued_due');
    },
  },
  '0008_provider_message_ids': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      db.prepare(`INSERT INTO messages (customer_id, channel, provider_id, status, idempotency_key, provider_message_id, due_at, created_at, updated_at)
        VALUES (1, 'sms', 1, 'sent', 'k1', 'SM123', 5, 5, 5)`).run();
    },
    check(db) {
      expect(db.prepare(`SELECT idempotency_key FROM messages WHERE provider_id = 1 AND provider_message_id = 'SM123'`).pluck().all()).toEqual(['k1']);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM messages WHERE provider_id = 1 AND provider_message_id = 'SM123'`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('messages_provider_message');
    },
  },
  '0009_analytics': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, finished_at, created_at, updated_at) VALUES (1, 'push', 'sent', 'k1', 5, 7, 5, 5)`).run();
    },
    check(db) {
      expect(db.prepare(`SELECT count(*) FROM experiment_assignments`).pluck().get()).toBe(0);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM messages WHERE status = 'sent' AND finished_at >= 0 AND finished_at < 10`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('messages_sent_at');
    },
  },
  '0010_analytics_counts': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      db.prepare(`INSERT INTO purchase_gaps (customer_id, ts, previous_ts) VALUES (1, 100, NULL), (1, 200, 100)`).run();
      db.prepare(`INSERT INTO flows (name, status, draft_graph, created_at, updated_at) VALUES ('f', 'live', '{}', 1, 1)`).run();
      db.prepare(`INSERT INTO flow_versions (flow_id, version, graph, settings, published_at) VALUES (1, 1, '{}', '{}', 1)`).run();
      db.prepare(`INSERT INTO journeys (flow_id, flow_version_id, customer_id, node_id, state, entered_at, updated_at) VALUES (1, 1, 1, 'split', 'completed', 1, 1)`).run();
      db.prepare(`INSERT INTO experiment_assignments (journey_id, flow_id, node_id, variant, customer_id, ts) VALUES (1, 1, 'split', 'a', 1, 50)`).run();
    },
    check(db) {
      // Kept links stay; the months are rebuilt from them by the engine, not by the migration.
      expect(db.prepare(`SELECT count(*) FROM purchase_gaps`).pluck().get()).toBe(2);
      expect(db.prepare(`SELECT count(*) FROM purchase_months`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM reactivation_days`).pluck().get()).toBe(0);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT count(DISTINCT customer_id) FROM purchase_gaps WHERE previous_ts IS NOT NULL AND ts >= 0 AND ts < 300 AND ts - previous_ts > 50`).all() as {
        detail: string;
      }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('COVERING INDEX purchase_gaps_linked');
      const firsts = db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM purchase_gaps WHERE previous_ts IS NULL AND ts >= 0 AND ts < 300`).all() as { detail: string }[];
      expect(firsts.map((p) => p.detail).join('\n')).toContain('COVERING INDEX purchase_gaps_first');
      // Assignments made before keep their group and wait to be looked at once for conversions.
      expect(db.prepare(`SELECT variant, converted_at FROM experiment_assignments`).all()).toEqual([{ variant: 'a', converted_at: null }]);
      expect(db.prepare(`SELECT journey_id, node_id FROM experiment_queue`).all()).toEqual([{ journey_id: 1, node_id: 'split' }]);
    },
  },
  '0011_marketing_attempts_index': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      const insert = db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, marketing, due_at, attempted_at, created_at, updated_at)
        VALUES (1, 'push', 'sent', ?, ?, 5, ?, 5, 5)`);
      insert.run('promo', 1, 10);
      insert.run('receipt', 0, 20);
      insert.run('queued-promo', 1, null);
    },
    check(db) {
      const counted = `SELECT count(*) FROM messages WHERE customer_id = 1 AND attempted_at >= 0 AND marketing = 1 AND status IN ('attempting', 'sent', 'unknown')`;
      expect(db.prepare(counted).pluck().get()).toBe(1);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${counted}`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('messages_customer_marketing_attempted');
      // Only the attempted marketing message has an entry (the receipt and the queued one none).
      expect(db.prepare(`SELECT sum(ncell) FROM dbstat WHERE name = 'messages_customer_marketing_attempted'`).pluck().get()).toBe(1);
      expect(db.prepare(`SELECT count(*) FROM messages`).pluck().get()).toBe(3);
    },
  },
  '0012_status_counts': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1), ('c2', 1, 1)`).run();
      db.prepare(
        `INSERT INTO campaigns (name, channel, status, audience, content, schedule, created_at, updated_at) VALUES ('A', 'push', 'running', '{}', '{}', '{}', 1, 1), ('B', 'push', 'running', '{}', '{}', '{}', 1, 1)`,
      ).run();
      db.prepare(`INSERT INTO flows (name, status, draft_graph, created_at, updated_at) VALUES ('F', 'live', '{}', 1, 1)`).run();
      db.prepare(`INSERT INTO flow_versions (flow_id, version, graph, settings, published_at) VALUES (1, 1, '{}', '{}', 1)`).run();
      const insert = db.prepare(
        `INSERT INTO messages (customer_id, channel, campaign_id, flow_id, node_id, status, idempotency_key, due_at, created_at, updated_at) VALUES (?, 'push', ?, ?, ?, ?, ?, 5, 5, 5)`,
      );
      insert.run(1, 1, null, null, 'sent', 'a1');
      insert.run(2, 1, null, null, 'sent', 'a2');
      insert.run(1, 1, null, null, 'queued', 'a3');
      insert.run(1, 2, null, null, 'failed', 'b1');
      insert.run(1, null, 1, 'pn1', 'sent', 'flow1');
    },
    check(db) {
      const kept = () => db.prepare(`SELECT campaign_id, flow_id, node_id, status, n FROM message_counts WHERE n > 0 ORDER BY campaign_id, flow_id, node_id, status`).all();
      const counted = () =>
        db
          .prepare(
            `SELECT coalesce(campaign_id, 0) AS campaign_id, coalesce(flow_id, 0) AS flow_id, coalesce(node_id, '') AS node_id, status, count(*) AS n
             FROM messages GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
          )
          .all();
      // Counted once from the rows already there (0 and '': no campaign, no flow)...
      expect(kept()).toEqual([
        { campaign_id: 0, flow_id: 1, node_id: 'pn1', status: 'sent', n: 1 },
        { campaign_id: 1, flow_id: 0, node_id: '', status: 'queued', n: 1 },
        { campaign_id: 1, flow_id: 0, node_id: '', status: 'sent', n: 2 },
        { campaign_id: 2, flow_id: 0, node_id: '', status: 'failed', n: 1 },
      ]);
      // ...then kept by the triggers: messages added, statuses changed, a change that is not one of
      // status, a customer erased (their messages go), a campaign and a flow deleted.
      db.prepare(`INSERT INTO messages (customer_id, channel, campaign_id, status, idempotency_key, due_at, created_at, updated_at) VALUES (2, 'push', 2, 'queued', 'b2', 5, 5, 5)`).run();
      db.prepare(
        `INSERT INTO messages (customer_id, channel, flow_id, node_id, status, idempotency_key, due_at, created_at, updated_at) VALUES (2, 'push', 1, 'pn2', 'queued', 'flow2', 5, 5, 5)`,
      ).run();
      db.prepare(`UPDATE messages SET status = 'attempting' WHERE idempotency_key IN ('a3', 'b2', 'flow2')`).run();
      db.prepare(`UPDATE messages SET status = 'sent' WHERE idempotency_key = 'a3'`).run();
      db.prepare(`UPDATE messages SET updated_at = 9 WHERE idempotency_key = 'a1'`).run();
      expect(kept()).toEqual(counted());
      db.pragma('foreign_keys = ON');
      db.prepare(`DELETE FROM customers WHERE external_id = 'c2'`).run();
      expect(kept()).toEqual([
        { campaign_id: 0, flow_id: 1, node_id: 'pn1', status: 'sent', n: 1 },
        { campaign_id: 1, flow_id: 0, node_id: '', status: 'sent', n: 2 },
        { campaign_id: 2, flow_id: 0, node_id: '', status: 'failed', n: 1 },
      ]);
      expect(kept()).toEqual(counted());
      db.prepare(`DELETE FROM campaigns WHERE id = 2`).run();
      db.prepare(`DELETE FROM flows WHERE id = 1`).run();
      expect(kept()).toEqual([
        { campaign_id: 0, flow_id: 0, node_id: '', status: 'failed', n: 1 },
        { campaign_id: 0, flow_id: 0, node_id: 'pn1', status: 'sent', n: 1 },
        { campaign_id: 1, flow_id: 0, node_id: '', status: 'sent', n: 2 },
      ]);
      expect(kept()).toEqual(counted());
    },
  },
  '0013_messages_ended_badly_index': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      const insert = db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, created_at, updated_at) VALUES (1, 'push', ?, ?, 5, 5, 5)`);
      for (const [status, key] of [
        ['sent', 's1'],
        ['failed', 'f1'],
        ['sent', 's2'],
        ['suppressed', 'x1'],
        ['failed', 'f2'],
        ['queued', 'q1'],
      ])
        insert.run(status, key);
    },
    check(db) {
      // Only the failed and suppressed messages have an entry: sending writes nothing more to it.
      expect(db.prepare(`SELECT sum(ncell) FROM dbstat WHERE name = 'messages_ended_badly'`).pluck().get()).toBe(3);
      const failed = `SELECT idempotency_key FROM messages WHERE status IN ('failed', 'suppressed') AND status = 'failed' ORDER BY id DESC`;
      expect(db.prepare(failed).pluck().all()).toEqual(['f2', 'f1']);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${failed}`).all() as { detail: string }[]).map((p) => p.detail).join('\n');
      expect(plan).toContain('messages_ended_badly');
      // Newest first straight from the index, no sort.
      expect(plan).not.toContain('TEMP B-TREE');
    },
  },
  '0014_tracking_keys': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
    },
    check(db) {
      expect(db.prepare('SELECT external_id FROM customers').pluck().all()).toEqual(['c1']);
      // A key's hash is unique: the same key cannot be stored twice.
      db.prepare(`INSERT INTO tracking_keys (name, prefix, key_hash, created_at) VALUES ('Site', 'cstk_a', 'h1', 1)`).run();
      expect(() => db.prepare(`INSERT INTO tracking_keys (name, prefix, key_hash, created_at) VALUES ('Copy', 'cstk_a', 'h1', 2)`).run()).toThrow(/UNIQUE/);
    },
  },
  '0015_first_attempt': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
      const insert = db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, attempted_at, created_at, updated_at) VALUES (1, 'sms', ?, ?, 5, ?, 5, 5)`);
      insert.run('unknown', 'u1', 700);
      insert.run('sent', 's1', 800);
      insert.run('queued', 'q1', null);
    },
    check(db) {
      // A message in doubt keeps when it was tried; the others had no window to count.
      expect(db.prepare('SELECT idempotency_key, first_attempted_at FROM messages ORDER BY id').all()).toEqual([
        { idempotency_key: 'u1', first_attempted_at: 700 },
        { idempotency_key: 's1', first_attempted_at: null },
        { idempotency_key: 'q1', first_attempted_at: null },
      ]);
    },
  },
  '0016_simulated_population': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
    },
    check(db) {
      expect(db.prepare('SELECT external_id FROM customers').pluck().all()).toEqual(['c1']);
      // A model and a planned event go with their customer.
      db.prepare(
        `INSERT INTO simulated_customers (customer_id, activity, peak_hour, propensity, app_user, push_sensitivity, email_sensitivity, sms_sensitivity, whatsapp_sensitivity) VALUES (1, 0.1, 19, 0.3, 1, 1, 1, 1, 1)`,
      ).run();
      db.prepare(`INSERT INTO simulated_activity (customer_id, due_at, name, properties) VALUES (1, 5, 'app_open', '{}')`).run();
      db.prepare('DELETE FROM customers').run();
      expect(db.prepare('SELECT (SELECT count(*) FROM simulated_customers) + (SELECT count(*) FROM simulated_activity)').pluck().get()).toBe(0);
    },
  },
  '0017_voucher_codes': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
    },
    check(db) {
      expect(db.prepare('SELECT external_id FROM customers').pluck().all()).toEqual(['c1']);
      db.prepare(`INSERT INTO voucher_codes (pool, code, imported_at) VALUES ('RAMADAN', 'A1', 1)`).run();
      // A code is in a pool once; another pool may hold the same code.
      expect(() => db.prepare(`INSERT INTO voucher_codes (pool, code, imported_at) VALUES ('RAMADAN', 'A1', 2)`).run()).toThrow(/UNIQUE/);
      db.prepare(`INSERT INTO voucher_codes (pool, code, imported_at) VALUES ('EID', 'A1', 2)`).run();
    },
  },
  '0018_product_catalogue': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
    },
    check(db) {
      expect(db.prepare('SELECT external_id FROM customers').pluck().all()).toEqual(['c1']);
      db.prepare(`INSERT INTO products (id, name, category, price, updated_at) VALUES ('P1', 'Phone', 'phones', 42000, 1)`).run();
      expect(() => db.prepare(`INSERT INTO products (id, name, category, price, in_stock, updated_at) VALUES ('P2', 'Case', 'cases', 1200, 2, 1)`).run()).toThrow(/CHECK/);
    },
  },
  '0019_message_templates': {
    seed(db) {
      db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1)`).run();
    },
    check(db) {
      expect(db.prepare('SELECT external_id FROM customers').pluck().all()).toEqual(['c1']);
      db.prepare(`INSERT INTO message_templates (name, channel, content, created_at, updated_at) VALUES ('Welcome', 'sms', '{}', 1, 1)`).run();
      expect(() => db.prepare(`INSERT INTO message_templates (name, channel, content, created_at, updated_at) VALUES ('welcome', 'sms', '{}', 1, 1)`).run()).toThrow(/UNIQUE/);
    },
  },
  '0020_import_warnings': {
    seed(db) {
      db.prepare(`INSERT INTO imports (kind, file_name, status, started_at, errors) VALUES ('customers', 'old.csv', 'completed', 1, '[]')`).run();
    },
    check(db) {
      expect(db.prepare('SELECT file_name, errors, warnings FROM imports').all()).toEqual([{ file_name: 'old.csv', errors: '[]', warnings: null }]);
    },
  },
};
