import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Voucher pools: codes imported into a named pool, each given to one message at most. A code is
 * taken inside the outbox's write transaction, so two engines on one file never give the same code.
 */
export const voucherCodes: Migration = {
  name: '0017_voucher_codes',
  async up(db) {
    await sql`CREATE TABLE voucher_codes (
      id INTEGER PRIMARY KEY,
      pool TEXT NOT NULL,
      code TEXT NOT NULL,
      imported_at INTEGER NOT NULL,
      message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
      used_at INTEGER,
      UNIQUE (pool, code)
    ) STRICT`.execute(db);
    await sql`CREATE INDEX voucher_codes_free ON voucher_codes (pool, id) WHERE used_at IS NULL`.execute(db);
    await sql`CREATE INDEX voucher_codes_message ON voucher_codes (message_id) WHERE message_id IS NOT NULL`.execute(db);
  },
};
