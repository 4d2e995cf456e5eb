import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Delivery reports (status polls, webhooks, imported exports) name a message by the provider's id
 * for it: index those ids per provider so each report finds its message without a scan.
 */
export const providerMessageIds: Migration = {
  name: '0008_provider_message_ids',
  async up(db) {
    await sql`CREATE INDEX messages_provider_message ON messages (provider_id, provider_message_id) WHERE provider_message_id IS NOT NULL`.execute(db);
  },
};
