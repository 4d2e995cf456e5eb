import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Reactivated customers per month without reading a year of purchases (engine/analytics/purchase-months.ts):
 * - purchase_months: per customer and local month (in the workspace zone), the longest gap before one of
 *   their purchases that month (purchases with no previous one have no gap and no row);
 * - reactivation_days: per month, how many customers have that longest gap, by whole days rounded up,
 *   so "reactivated after more than N days" for any N is a sum over at most a few hundred rows.
 * engine_state 'facts:purchase-months' records the zone the months are in and how far a rebuild got.
 * A month the period cuts is read from the links by time (purchase_gaps_linked), which replaces the
 * index by gap length: that one read every long gap of all time to find one month's. The index of
 * first purchases gets previous_ts too: without it SQLite reads the table row of each one to count it.
 */
export const reactivationMonths: Migration = {
  name: '0010_reactivation_months',
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
  },
};
