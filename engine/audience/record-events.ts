import { eventIdentity } from './event-identity';
import type BetterSqlite3 from 'better-sqlite3';
import type { Workspace } from '../db/connection';
import type { ScoringEngine } from './scoring';

/**
 * Writes single events as they happen (POST /track, the sandbox's simulated conversions), with the
 * same identity as imported events (a repeat adds nothing), the per-customer rollup the segment
 * counts read, and scoring. The engine's event cursor then feeds them to flows.
 */
export interface NewEvent {
  customerId: number;
  name: string;
  ts: number;
  properties: Record<string, unknown>;
  eventId?: string | undefined;
  source: string;
}

export class EventRecorder {
  private readonly insert: BetterSqlite3.Statement;
  private readonly rollup: BetterSqlite3.Statement;
  private scoring: ScoringEngine | undefined;

  constructor(
    ws: Workspace,
    private readonly loadScoring: () => ScoringEngine,
  ) {
    this.insert = ws.sqlite.prepare(
      `INSERT INTO events (customer_id, name, ts, properties, source, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (customer_id, name, ts, dedupe_key) DO NOTHING`,
    );
    this.rollup = ws.sqlite.prepare(
      `INSERT INTO customer_event_stats (name, customer_id, count, first_ts, last_ts) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (name, customer_id) DO UPDATE SET count = count + 1, first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)`,
    );
  }

  /** Call before each batch: scoring rules are read once per batch, and edits take effect at the next. */
  beginBatch(): void {
    this.scoring = undefined;
  }

  /** True when the event was new. Call inside a transaction. */
  record(event: NewEvent): boolean {
    const properties = JSON.stringify(event.properties);
    const dedupeKey = eventIdentity(event.eventId, properties);
    if (this.insert.run(event.customerId, event.name, event.ts, properties, event.source, dedupeKey).changes === 0) return false;
    this.rollup.run(event.name, event.customerId, event.ts, event.ts);
    this.scoring ??= this.loadScoring();
    this.scoring.scoreEvent(event.customerId, event.name, event.properties);
    return true;
  }
}
