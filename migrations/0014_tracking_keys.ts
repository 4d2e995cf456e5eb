import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Write-only keys for POST /track. Only a SHA-256 of each key is kept: keys are 32 random bytes, so
 * the hash cannot be walked back, and a copy of the file lets nobody send events as the shop.
 */
export const trackingKeys: Migration = {
  name: '0014_tracking_keys',
  async up(db) {
    await sql`CREATE TABLE tracking_keys (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      prefix TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER,
      last_used_at INTEGER
    ) STRICT`.execute(db);
  },
};
