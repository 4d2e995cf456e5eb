import { sql } from 'kysely';
import type { Migration } from './types';

/** Saved messages to start send steps and campaigns from; content started from one names it (`libraryTemplateId`). */
export const messageTemplates: Migration = {
  name: '0019_message_templates',
  async up(db) {
    await sql`CREATE TABLE message_templates (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      channel TEXT NOT NULL,
      content TEXT NOT NULL CHECK (json_valid(content)),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT`.execute(db);
  },
};
