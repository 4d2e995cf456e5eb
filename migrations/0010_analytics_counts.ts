import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Counts the customers and experiments views read instead of scanning a year of rows.
 *
 * Reactivated customers per month (engine/analytics/purchase-months.ts):
 * - purchase_months: per customer and local month (in the workspace zone), the longest gap before one of
 *   their purchases that month (purchases with no previous one have no gap and no row);
 * - reactivation_days: per month, how many customers have that longest gap, by whole days rounded up,
 *   so "reactivated after more than N days" for any N is a sum over at most a few hundred rows.
 * engine_state 'facts:purchase-months' records the zone the months are in and how far a rebuild got.
 * A month the period cuts is read from the links by time (purchase_gaps_linked), which replaces the
 * index by gap length: that one read every long gap of all time to find one month's. The index of
 * first purchases gets previous_ts too: without it SQLite reads the table row of each one to count it.
 *
 * Experiments (engine/analytics/message-facts.ts): each assignment to a random split keeps the time of
 * the customer's first conversion inside the flow's window after it (converted_at), set as conversion
 * events are read; experiment_queue holds assignments made or changed since (filled by triggers), which
 * look back once at the conversions already read. Existing assignments are queued here.
 */
export const analyticsCounts: Migration = {
  name: '0010_analytics_counts',
  async up(db) {
    await sql`CREATE TABLE purchase_months (
      customer_id INTEGER NOT NULL,
      month TEXT NOT NULL,
      max_gap INTEGER NOT NULL,
      PRIMARY KEY (customer_id, month)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`CREATE TABLE reactivation_days (
      month TEXT NOT NULL,
      gap_days INTEGER NOT NULL,
      customers INTEGER NOT NULL,
      PRIMARY KEY (month, gap_days)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`DROP INDEX purchase_gaps_gap`.execute(db);
    await sql`DROP INDEX purchase_gaps_first`.execute(db);
    await sql`CREATE INDEX purchase_gaps_first ON purchase_gaps (ts, previous_ts) WHERE previous_ts IS NULL`.execute(db);
    await sql`CREATE INDEX purchase_gaps_linked ON purchase_gaps (ts, customer_id, previous_ts) WHERE previous_ts IS NOT NULL`.execute(db);

    await sql`ALTER TABLE experiment_assignments ADD COLUMN converted_at INTEGER`.execute(db);
    await sql`DROP INDEX experiment_assignments_flow`.execute(db);
    await sql`CREATE INDEX experiment_assignments_flow ON experiment_assignments (flow_id, node_id, ts, variant, converted_at)`.execute(db);
    await sql`CREATE INDEX experiment_assignments_customer ON experiment_assignments (customer_id, ts)`.execute(db);
    await sql`CREATE TABLE experiment_queue (
      journey_id INTEGER NOT NULL,
      node_id TEXT NOT NULL,
      PRIMARY KEY (journey_id, node_id)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`CREATE TRIGGER experiment_assigned AFTER INSERT ON experiment_assignments
      BEGIN INSERT OR IGNORE INTO experiment_queue (journey_id, node_id) VALUES (NEW.journey_id, NEW.node_id); END`.execute(db);
    await sql`CREATE TRIGGER experiment_reassigned AFTER UPDATE OF variant, ts ON experiment_assignments
      BEGIN INSERT OR IGNORE INTO experiment_queue (journey_id, node_id) VALUES (NEW.journey_id, NEW.node_id); END`.execute(db);
    await sql`INSERT INTO experiment_queue (journey_id, node_id) SELECT journey_id, node_id FROM experiment_assignments`.execute(db);
  },
};
