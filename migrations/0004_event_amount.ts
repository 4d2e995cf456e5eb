import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * An event's amount (a purchase's value) as SQL, exactly as the index below spells it: SQLite reads
 * an indexed expression from the index only when a query writes the same expression. Only JSON
 * numbers count; an amount written as text is no amount (the shared event matcher agrees).
 */
export const EVENT_AMOUNT_SQL = `CASE WHEN json_type(properties, '$.amount') IN ('integer', 'real') THEN json_extract(properties, '$.amount') END`;

/**
 * The amount joins the index that behaviour conditions walk, so "purchased for 40 000 DA or more in
 * the last 30 days" reads that index alone instead of parsing the JSON of every purchase in the
 * window (a virtual generated column would not do: SQLite does not cover queries with one).
 */
export const eventAmount: Migration = {
  name: '0004_event_amount',
  async up(db) {
    await sql`DROP INDEX events_name_ts_customer`.execute(db);
    await sql`CREATE INDEX events_name_ts_customer_amount ON events (name, ts, customer_id, (${sql.raw(EVENT_AMOUNT_SQL)}))`.execute(db);
  },
};
