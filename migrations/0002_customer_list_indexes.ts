import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * The Audience table sorts a million customers by any of its columns; without an index each sorted
 * page is a full scan and sort. Case-insensitive names sort the way people read them.
 */
export const customerListIndexes: Migration = {
  name: '0002_customer_list_indexes',
  async up(db) {
    await sql`CREATE INDEX customers_created_at ON customers (created_at, id)`.execute(db);
    await sql`CREATE INDEX customers_last_name ON customers (last_name COLLATE NOCASE, id)`.execute(db);
    await sql`CREATE INDEX customers_first_name ON customers (first_name COLLATE NOCASE, id)`.execute(db);
    await sql`CREATE INDEX customers_city ON customers (city COLLATE NOCASE, id)`.execute(db);
    await sql`CREATE INDEX customers_signup_at ON customers (signup_at, id)`.execute(db);
    await sql`CREATE INDEX customers_score ON customers (score, id)`.execute(db);
    await sql`CREATE INDEX customers_email_sort ON customers (email COLLATE NOCASE, id)`.execute(db);
  },
};
