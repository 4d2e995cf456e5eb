import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * What the analytics views read:
 * - experiment_assignments: who a random split put in which group (a variant or the control), so an
 *   experiment can be read: customers per group and their conversions after the split;
 * - messages sent in a period, found by their send time without reading every message kept;
 * - message_facts: per sent message, its impression, open and click times and the conversions each
 *   attribution model gives it (kept up to date by engine/analytics/message-facts.ts), and
 *   fact_hours, their sums per hour, flow or campaign, step and channel, which the views read;
 *   fact_queue: messages that became sent and have no facts yet (filled by triggers);
 * - event_hours: customer events per name and hour, with their amounts (orders and GMV, sessions);
 * - purchase_gaps: each purchase with the customer's previous one, for new and reactivated customers.
 */
export const analytics: Migration = {
  name: '0009_analytics',
  async up(db) {
    await sql`CREATE TABLE experiment_assignments (
      journey_id INTEGER NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
      flow_id INTEGER NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
      node_id TEXT NOT NULL,
      variant TEXT NOT NULL,
      customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      ts INTEGER NOT NULL,
      PRIMARY KEY (journey_id, node_id)
    ) STRICT`.execute(db);
    await sql`CREATE INDEX experiment_assignments_flow ON experiment_assignments (flow_id, node_id, variant, ts)`.execute(db);
    await sql`CREATE INDEX messages_sent_at ON messages (finished_at) WHERE status = 'sent'`.execute(db);

    // Per model: conversions, their revenue, and the earliest one's amount and time (for "one per message").
    const perModel = (model: string) => sql.raw(`${model}_n INTEGER NOT NULL DEFAULT 0, ${model}_rev REAL NOT NULL DEFAULT 0, ${model}_first REAL NOT NULL DEFAULT 0, ${model}_first_ts INTEGER`);
    await sql`CREATE TABLE message_facts (
      message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
      customer_id INTEGER NOT NULL,
      hour INTEGER NOT NULL,
      scope TEXT NOT NULL,
      node_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      reports_delivery INTEGER NOT NULL,
      sent_at INTEGER NOT NULL,
      delivered_at INTEGER,
      impression_at INTEGER,
      opened_at INTEGER,
      clicked_at INTEGER,
      undelivered INTEGER NOT NULL DEFAULT 0,
      event TEXT NOT NULL,
      window_ms INTEGER NOT NULL,
      ${perModel('view')}, ${perModel('click')}, ${perModel('session')}
    ) STRICT`.execute(db);
    await sql`CREATE INDEX message_facts_customer ON message_facts (customer_id, sent_at)`.execute(db);
    await sql`CREATE INDEX message_facts_bucket ON message_facts (scope, hour, node_id, channel)`.execute(db);
    const sums = (model: string) => sql.raw(`${model}_n INTEGER NOT NULL, ${model}_msgs INTEGER NOT NULL, ${model}_rev REAL NOT NULL, ${model}_first REAL NOT NULL`);
    await sql`CREATE TABLE fact_hours (
      scope TEXT NOT NULL,
      hour INTEGER NOT NULL,
      node_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      sent INTEGER NOT NULL,
      impressions INTEGER NOT NULL,
      opened INTEGER NOT NULL,
      clicked INTEGER NOT NULL,
      ${sums('view')}, ${sums('click')}, ${sums('session')},
      PRIMARY KEY (scope, hour, node_id, channel)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`CREATE TABLE fact_queue (message_id INTEGER PRIMARY KEY) STRICT`.execute(db);
    // Buckets whose sums are stale: summed again once a catch-up is done, not after every step.
    await sql`CREATE TABLE fact_dirty (scope TEXT NOT NULL, hour INTEGER NOT NULL, node_id TEXT NOT NULL, channel TEXT NOT NULL, PRIMARY KEY (scope, hour, node_id, channel)) STRICT, WITHOUT ROWID`.execute(
      db,
    );
    await sql`CREATE TRIGGER messages_sent_facts AFTER UPDATE OF status ON messages WHEN NEW.status = 'sent' AND OLD.status <> 'sent'
      BEGIN INSERT OR IGNORE INTO fact_queue (message_id) VALUES (NEW.id); END`.execute(db);
    await sql`CREATE TRIGGER messages_inserted_sent_facts AFTER INSERT ON messages WHEN NEW.status = 'sent'
      BEGIN INSERT OR IGNORE INTO fact_queue (message_id) VALUES (NEW.id); END`.execute(db);
    await sql`INSERT INTO fact_queue (message_id) SELECT id FROM messages WHERE status = 'sent'`.execute(db);
    await sql`CREATE TABLE event_hours (
      name TEXT NOT NULL,
      hour INTEGER NOT NULL,
      events INTEGER NOT NULL,
      amount REAL NOT NULL,
      PRIMARY KEY (name, hour)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`CREATE TABLE purchase_gaps (
      customer_id INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      previous_ts INTEGER,
      PRIMARY KEY (customer_id, ts)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`CREATE INDEX purchase_gaps_first ON purchase_gaps (ts) WHERE previous_ts IS NULL`.execute(db);
    await sql`CREATE INDEX purchase_gaps_gap ON purchase_gaps ((ts - previous_ts), ts, customer_id) WHERE previous_ts IS NOT NULL`.execute(db);
  },
};
