import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Audience at scale: per-customer event rollups (so "did X in the last N days" and "has not done X
 * in 90 days" read a small index instead of millions of events), a natural identity for events (so
 * re-importing a file adds nothing), lead-scoring rules, and the suppression list that outlives an
 * erased customer. The events table is rebuilt to drop 0001's dedupe_key UNIQUE column constraint.
 */
export const audienceAtScale: Migration = {
  name: '0003_audience_at_scale',
  async up(db) {
    await sql`CREATE TABLE events_new (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      ts INTEGER NOT NULL,
      properties TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties)),
      source TEXT,
      dedupe_key TEXT NOT NULL DEFAULT ''
    ) STRICT`.execute(db);
    await sql`INSERT INTO events_new (id, customer_id, name, ts, properties, source, dedupe_key)
      SELECT id, customer_id, name, ts, properties, source, coalesce(dedupe_key, 'legacy:' || id) FROM events`.execute(db);
    await sql`DROP TABLE events`.execute(db);
    await sql`ALTER TABLE events_new RENAME TO events`.execute(db);
    await sql`CREATE UNIQUE INDEX events_identity ON events (customer_id, name, ts, dedupe_key)`.execute(db);
    await sql`CREATE INDEX events_name_ts_customer ON events (name, ts, customer_id)`.execute(db);

    await sql`CREATE TABLE customer_event_stats (
      name TEXT NOT NULL,
      customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      count INTEGER NOT NULL,
      first_ts INTEGER NOT NULL,
      last_ts INTEGER NOT NULL,
      PRIMARY KEY (name, customer_id)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`CREATE INDEX customer_event_stats_last ON customer_event_stats (name, last_ts, customer_id)`.execute(db);
    await sql`CREATE INDEX customer_event_stats_customer ON customer_event_stats (customer_id)`.execute(db);
    await sql`INSERT INTO customer_event_stats (name, customer_id, count, first_ts, last_ts)
      SELECT name, customer_id, count(*), min(ts), max(ts) FROM events GROUP BY name, customer_id`.execute(db);

    await sql`CREATE TABLE scoring_rules (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('event', 'attribute')),
      event TEXT,
      condition TEXT NOT NULL CHECK (json_valid(condition)),
      points INTEGER NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT`.execute(db);
    await sql`CREATE TABLE scoring_applied (
      rule_id INTEGER NOT NULL REFERENCES scoring_rules (id) ON DELETE CASCADE,
      customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      applied_at INTEGER NOT NULL,
      PRIMARY KEY (rule_id, customer_id)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`CREATE INDEX scoring_applied_customer ON scoring_applied (customer_id)`.execute(db);

    await sql`CREATE TABLE suppressions (
      hash TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('external_id', 'email', 'phone')),
      reason TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID`.execute(db);

    await sql`ALTER TABLE imports ADD COLUMN encoding TEXT`.execute(db);
  },
};
