import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * When a message was first handed to its provider. A provider drops a repeat of an idempotency key
 * only for a while after the first request (Brevo: 15 minutes); resending a message whose answer
 * was lost is safe only inside that window, counted from here (attempted_at moves with each try).
 * Adding a nullable column rewrites no row; messages attempted before it count from attempted_at.
 */
export const firstAttempt: Migration = {
  name: '0015_first_attempt',
  async up(db) {
    await sql`ALTER TABLE messages ADD COLUMN first_attempted_at INTEGER`.execute(db);
    await sql`UPDATE messages SET first_attempted_at = attempted_at WHERE attempted_at IS NOT NULL AND status IN ('attempting', 'unknown')`.execute(db);
  },
};
