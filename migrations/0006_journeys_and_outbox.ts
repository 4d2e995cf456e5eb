import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * What running flows and campaigns needs:
 * - journeys: each customer's place in a flow version, and the timer or event they wait for;
 * - journey_log: what happened to them at each step, and why, in words;
 * - engine_state: cursors (the last event read), next runs of schedules, the virtual clock;
 * - engine_instances: which processes hold leases, so a restart can tell a dead owner from a live one;
 * - contact_suppressions: a channel that must not be used again for a customer (hard bounce, dead token);
 * - simulated_engagement: what the sandbox provider will report back, and when;
 * - messages gain who claimed them, whether they are marketing, when they were attempted, their journey;
 * - campaign_runs: each time a campaign takes its audience.
 * The sandbox provider is created for every channel and made the default.
 */
export const journeysAndOutbox: Migration = {
  name: '0006_journeys_and_outbox',
  async up(db) {
    const statements = [
      sql`CREATE TABLE journeys (
        id INTEGER PRIMARY KEY,
        flow_id INTEGER NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        flow_version_id INTEGER NOT NULL REFERENCES flow_versions (id) ON DELETE CASCADE,
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        node_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'waiting', 'completed', 'exited')),
        wake_at INTEGER,
        wait_event TEXT,
        wait_key TEXT,
        trigger_key TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(context)),
        steps INTEGER NOT NULL DEFAULT 0,
        entered_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ended_at INTEGER
      ) STRICT`,
      sql`CREATE INDEX journeys_due ON journeys (wake_at) WHERE state IN ('active', 'waiting')`,
      sql`CREATE INDEX journeys_customer_flow ON journeys (customer_id, flow_id, entered_at)`,
      sql`CREATE INDEX journeys_flow_node ON journeys (flow_id, node_id) WHERE state IN ('active', 'waiting')`,
      sql`CREATE INDEX journeys_waiting_event ON journeys (wait_event, customer_id) WHERE state = 'waiting' AND wait_event IS NOT NULL`,

      sql`CREATE TABLE journey_log (
        id INTEGER PRIMARY KEY,
        journey_id INTEGER NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
        node_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT`,
      sql`CREATE INDEX journey_log_journey ON journey_log (journey_id, id)`,

      sql`CREATE TABLE engine_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`,
      sql`CREATE TABLE engine_instances (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      ) STRICT`,

      sql`CREATE TABLE contact_suppressions (
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (customer_id, channel)
      ) STRICT, WITHOUT ROWID`,

      sql`CREATE TABLE simulated_engagement (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        details TEXT
      ) STRICT`,
      sql`CREATE INDEX simulated_engagement_due ON simulated_engagement (due_at)`,

      sql`ALTER TABLE messages ADD COLUMN journey_id INTEGER REFERENCES journeys (id) ON DELETE SET NULL`,
      sql`ALTER TABLE messages ADD COLUMN marketing INTEGER NOT NULL DEFAULT 1 CHECK (marketing IN (0, 1))`,
      sql`ALTER TABLE messages ADD COLUMN claimed_by TEXT`,
      sql`ALTER TABLE messages ADD COLUMN attempted_at INTEGER`,
      sql`ALTER TABLE messages ADD COLUMN finished_at INTEGER`,
      sql`CREATE INDEX messages_customer_attempted ON messages (customer_id, attempted_at) WHERE attempted_at IS NOT NULL`,
      sql`CREATE INDEX messages_journey ON messages (journey_id, node_id) WHERE journey_id IS NOT NULL`,

      sql`CREATE TABLE campaign_runs (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        run_at INTEGER NOT NULL,
        audience INTEGER NOT NULL,
        queued INTEGER NOT NULL,
        UNIQUE (campaign_id, run_at)
      ) STRICT`,
      sql`ALTER TABLE campaigns ADD COLUMN next_run_at INTEGER`,
    ];
    for (const statement of statements) await statement.execute(db);
    const now = Date.now();
    for (const channel of ['push', 'email', 'sms', 'whatsapp', 'in_app', 'webhook']) {
      await sql`INSERT INTO providers (name, kind, channel, config, is_default, created_at, updated_at)
        VALUES (${`Sandbox ${channel}`}, 'sandbox', ${channel}, '{}', 1, ${now}, ${now})
        ON CONFLICT (name) DO NOTHING`.execute(db);
    }
  },
};
