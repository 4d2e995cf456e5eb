import { sql } from 'kysely';
import type { Migration } from './types';

/** The shop's products and which categories go with which (a phone with cases and chargers), for recommendations in messages. */
export const productCatalogue: Migration = {
  name: '0018_product_catalogue',
  async up(db) {
    await sql`CREATE TABLE products (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      category TEXT NOT NULL,
      price REAL NOT NULL,
      url TEXT,
      image TEXT,
      in_stock INTEGER NOT NULL DEFAULT 1 CHECK (in_stock IN (0, 1)),
      updated_at INTEGER NOT NULL
    ) STRICT`.execute(db);
    await sql`CREATE INDEX products_category ON products (category, in_stock)`.execute(db);
    await sql`CREATE TABLE complementary_categories (
      category TEXT NOT NULL,
      complement TEXT NOT NULL,
      PRIMARY KEY (category, complement)
    ) STRICT`.execute(db);
  },
};
