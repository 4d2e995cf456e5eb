import { sql } from 'kysely';
import type { Migration } from './types';

/** The tables every later capability stands on. Times are INTEGER ms UTC; JSON lives in TEXT. */
const statements = [
  sql`CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    email TEXT,
    phone TEXT,
    first_name TEXT,
    last_name TEXT,
    language TEXT,
    time_zone TEXT,
    city TEXT,
    signup_at INTEGER,
    consent_email INTEGER CHECK (consent_email IN (0, 1)),
    consent_sms INTEGER CHECK (consent_sms IN (0, 1)),
    consent_push INTEGER CHECK (consent_push IN (0, 1)),
    consent_whatsapp INTEGER CHECK (consent_whatsapp IN (0, 1)),
    push_token TEXT,
    score INTEGER NOT NULL DEFAULT 0,
    attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    erased_at INTEGER
  ) STRICT`,
  sql`CREATE INDEX customers_email ON customers (email) WHERE email IS NOT NULL`,
  sql`CREATE INDEX customers_phone ON customers (phone) WHERE phone IS NOT NULL`,

  sql`CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    ts INTEGER NOT NULL,
    properties TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties)),
    source TEXT,
    dedupe_key TEXT UNIQUE
  ) STRICT`,
  sql`CREATE INDEX events_name_ts_customer ON events (name, ts, customer_id)`,
  sql`CREATE INDEX events_customer_ts ON events (customer_id, ts)`,

  sql`CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('dynamic', 'static')),
    filter TEXT CHECK (filter IS NULL OR json_valid(filter)),
    description TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`,
  sql`CREATE TABLE segment_members (
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (segment_id, customer_id)
  ) STRICT, WITHOUT ROWID`,
  sql`CREATE INDEX segment_members_customer ON segment_members (customer_id)`,

  sql`CREATE TABLE flows (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'live', 'paused', 'archived')),
    draft_graph TEXT NOT NULL CHECK (json_valid(draft_graph)),
    settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    current_version_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`,
  sql`CREATE TABLE flow_versions (
    id INTEGER PRIMARY KEY,
    flow_id INTEGER NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    graph TEXT NOT NULL CHECK (json_valid(graph)),
    settings TEXT NOT NULL CHECK (json_valid(settings)),
    published_at INTEGER NOT NULL,
    UNIQUE (flow_id, version)
  ) STRICT`,

  sql`CREATE TABLE providers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
    secret_ciphertext BLOB,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`,

  sql`CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'archived')),
    audience TEXT NOT NULL CHECK (json_valid(audience)),
    content TEXT NOT NULL CHECK (json_valid(content)),
    schedule TEXT NOT NULL CHECK (json_valid(schedule)),
    provider_id INTEGER REFERENCES providers (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`,

  sql`CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    provider_id INTEGER REFERENCES providers (id) ON DELETE SET NULL,
    flow_id INTEGER REFERENCES flows (id) ON DELETE SET NULL,
    flow_version_id INTEGER REFERENCES flow_versions (id) ON DELETE SET NULL,
    node_id TEXT,
    campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'claimed', 'attempting', 'sent', 'failed', 'suppressed', 'unknown')),
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    due_at INTEGER NOT NULL,
    deadline_at INTEGER,
    lease_until INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    provider_message_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`,
  sql`CREATE INDEX messages_status_due ON messages (status, due_at)`,
  sql`CREATE INDEX messages_customer ON messages (customer_id, created_at)`,
  sql`CREATE INDEX messages_flow_node ON messages (flow_id, node_id) WHERE flow_id IS NOT NULL`,
  sql`CREATE INDEX messages_campaign ON messages (campaign_id) WHERE campaign_id IS NOT NULL`,

  sql`CREATE TABLE message_events (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('delivered', 'opened', 'clicked', 'converted', 'bounced', 'unsubscribed', 'failed')),
    ts INTEGER NOT NULL,
    provider_event_id TEXT,
    details TEXT CHECK (details IS NULL OR json_valid(details))
  ) STRICT`,
  sql`CREATE INDEX message_events_message_type ON message_events (message_id, type)`,
  sql`CREATE UNIQUE INDEX message_events_provider_event ON message_events (message_id, type, provider_event_id)
      WHERE provider_event_id IS NOT NULL`,
  sql`CREATE INDEX message_events_type_ts ON message_events (type, ts)`,

  sql`CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('customers', 'events')),
    file_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'dry_run')),
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    rows INTEGER NOT NULL DEFAULT 0,
    imported INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    errors TEXT CHECK (errors IS NULL OR json_valid(errors)),
    message TEXT
  ) STRICT`,

  sql`CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value)),
    updated_at INTEGER NOT NULL
  ) STRICT`,
];

export const initialSchema: Migration = {
  name: '0001_initial_schema',
  async up(db) {
    for (const statement of statements) await statement.execute(db);
  },
};
