import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Flow lifecycle: a description, and per published version what happens to the customers already
 * inside the flow when it replaces the previous one ('stay' on their version, or 'move' to the new
 * one at the node with the same id).
 */
export const flowLifecycle: Migration = {
  name: '0005_flow_lifecycle',
  async up(db) {
    await sql`ALTER TABLE flows ADD COLUMN description TEXT NOT NULL DEFAULT ''`.execute(db);
    await sql`ALTER TABLE flow_versions ADD COLUMN entrants TEXT NOT NULL DEFAULT 'stay' CHECK (entrants IN ('stay', 'move'))`.execute(db);
    await sql`CREATE UNIQUE INDEX flows_name ON flows (name COLLATE NOCASE)`.execute(db);
  },
};
