import { sql } from 'kysely';
import type { Migration } from './types';

/** An import keeps the values it dropped from rows it kept (and the rows it merged), beside the rows it refused. */
export const importWarnings: Migration = {
  name: '0020_import_warnings',
  async up(db) {
    await sql`ALTER TABLE imports ADD COLUMN warnings TEXT`.execute(db);
  },
};
