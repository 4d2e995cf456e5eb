import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * What the analytics views read:
 * - experiment_assignments: who a random split put in which group (a variant or the control), so an
 *   experiment can be read: customers per group and their conversions after the split;
 * - messages sent in a period, found by their send time without reading every message kept.
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
  },
};
