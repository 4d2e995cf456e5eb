import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Times are INTEGER milliseconds since the epoch (UTC); JSON columns are TEXT.
 * Booleans are INTEGER 0/1, and consent is NULL when the customer never said.
 */
export interface CustomersTable {
  id: Generated<number>;
  external_id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  language: string | null;
  time_zone: string | null;
  city: string | null;
  signup_at: number | null;
  consent_email: number | null;
  consent_sms: number | null;
  consent_push: number | null;
  consent_whatsapp: number | null;
  push_token: string | null;
  score: Generated<number>;
  attributes: Generated<string>;
  created_at: number;
  updated_at: number;
  erased_at: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  customer_id: number;
  name: string;
  ts: number;
  properties: Generated<string>;
  source: string | null;
  /** '' or the file's event id or a hash of the properties: with (customer, name, ts) it identifies the event. */
  dedupe_key: Generated<string>;
}

export interface CustomerEventStatsTable {
  name: string;
  customer_id: number;
  count: number;
  first_ts: number;
  last_ts: number;
}

export interface ScoringRulesTable {
  id: Generated<number>;
  name: string;
  kind: 'event' | 'attribute';
  event: string | null;
  condition: string;
  points: number;
  enabled: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ScoringAppliedTable {
  rule_id: number;
  customer_id: number;
  applied_at: number;
}

export interface SuppressionsTable {
  hash: string;
  kind: 'external_id' | 'email' | 'phone';
  reason: string;
  created_at: number;
}

export interface SegmentsTable {
  id: Generated<number>;
  name: string;
  kind: 'dynamic' | 'static';
  filter: string | null;
  description: string | null;
  created_at: number;
  updated_at: number;
}

export interface SegmentMembersTable {
  segment_id: number;
  customer_id: number;
  added_at: number;
}

export interface FlowsTable {
  id: Generated<number>;
  name: string;
  status: 'draft' | 'live' | 'paused' | 'archived';
  draft_graph: string;
  settings: Generated<string>;
  current_version_id: number | null;
  created_at: number;
  updated_at: number;
  description: Generated<string>;
}

export interface FlowVersionsTable {
  id: Generated<number>;
  flow_id: number;
  version: number;
  graph: string;
  settings: string;
  published_at: number;
  entrants: Generated<'stay' | 'move'>;
}

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  channel: string;
  status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'archived';
  audience: string;
  content: string;
  schedule: string;
  provider_id: number | null;
  /** When its next run is due (null: none), kept by the scheduler. */
  next_run_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ProvidersTable {
  id: Generated<number>;
  name: string;
  kind: string;
  channel: string;
  config: Generated<string>;
  secret_ciphertext: Buffer | null;
  is_default: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface MessagesTable {
  id: Generated<number>;
  customer_id: number;
  channel: string;
  provider_id: number | null;
  flow_id: number | null;
  flow_version_id: number | null;
  node_id: string | null;
  campaign_id: number | null;
  status: 'queued' | 'claimed' | 'attempting' | 'sent' | 'failed' | 'suppressed' | 'unknown';
  idempotency_key: string;
  payload: Generated<string>;
  due_at: number;
  deadline_at: number | null;
  lease_until: number | null;
  attempts: Generated<number>;
  last_error: string | null;
  provider_message_id: string | null;
  journey_id: number | null;
  /** 1 for marketing messages (consent, caps and quiet hours apply), 0 for transactional ones. */
  marketing: Generated<number>;
  /** The engine instance holding its lease while it is claimed or attempting. */
  claimed_by: string | null;
  attempted_at: number | null;
  /** When the provider was first asked to send it (the window of its idempotency key counts from here). */
  first_attempted_at: number | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MessageEventsTable {
  id: Generated<number>;
  message_id: number;
  type: 'delivered' | 'opened' | 'clicked' | 'converted' | 'bounced' | 'unsubscribed' | 'failed';
  ts: number;
  provider_event_id: string | null;
  details: string | null;
}

export interface ImportsTable {
  id: Generated<number>;
  kind: 'customers' | 'events';
  file_name: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'dry_run';
  started_at: number;
  finished_at: number | null;
  rows: Generated<number>;
  imported: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  skipped: Generated<number>;
  rejected: Generated<number>;
  errors: string | null;
  warnings: string | null;
  message: string | null;
  encoding: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: number;
}

export interface TrackingKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface Database {
  customers: CustomersTable;
  events: EventsTable;
  customer_event_stats: CustomerEventStatsTable;
  scoring_rules: ScoringRulesTable;
  scoring_applied: ScoringAppliedTable;
  suppressions: SuppressionsTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  campaigns: CampaignsTable;
  providers: ProvidersTable;
  messages: MessagesTable;
  message_events: MessageEventsTable;
  imports: ImportsTable;
  tracking_keys: TrackingKeysTable;
  settings: SettingsTable;
  schema_migrations: SchemaMigrationsTable;
}
