import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * The outbox's status index held every message ever sent, and every status change rewrote an entry
 * in it. Only messages still on their way are looked up by status (the next due, leases to recover,
 * unknown ones to reconcile): index just those, so a sent message leaves the indexes it no longer
 * needs and the indexes stay small however many messages the workspace keeps.
 */
export const outboxIndexes: Migration = {
  name: '0007_outbox_indexes',
  async up(db) {
    await sql`DROP INDEX messages_status_due`.execute(db);
    await sql`CREATE INDEX messages_queued_due ON messages (due_at) WHERE status = 'queued'`.execute(db);
    await sql`CREATE INDEX messages_in_flight ON messages (status, lease_until) WHERE status IN ('claimed', 'attempting', 'unknown')`.execute(db);
  },
};
