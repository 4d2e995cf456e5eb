import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Frequency caps count a customer's marketing messages attempted since a time; nothing else looks
 * messages up by customer and attempt time. Index only those: a transactional message (a receipt,
 * a webhook) no longer adds an index entry when it is attempted.
 */
export const marketingAttemptsIndex: Migration = {
  name: '0011_marketing_attempts_index',
  async up(db) {
    await sql`DROP INDEX messages_customer_attempted`.execute(db);
    await sql`CREATE INDEX messages_customer_marketing_attempted ON messages (customer_id, attempted_at) WHERE marketing = 1 AND attempted_at IS NOT NULL`.execute(db);
  },
};
