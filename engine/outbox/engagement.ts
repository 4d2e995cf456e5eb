import type BetterSqlite3 from 'better-sqlite3';
import type { EventRecorder } from '../audience/record-events';

/**
 * Engagement the sandbox provider promised, arriving when its time comes, as a real provider's
 * webhook or status poll would: delivered, opened, clicked become message events (once each); a
 * conversion also becomes the customer's event (a purchase with an amount), which flows then see.
 */
export class SimulatedEngagement {
  private readonly due: BetterSqlite3.Statement;
  private readonly remove: BetterSqlite3.Statement;
  private readonly insert: BetterSqlite3.Statement;
  private readonly customerOf: BetterSqlite3.Statement;
  private readonly nextDue: BetterSqlite3.Statement;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly events: EventRecorder,
  ) {
    this.due = sqlite.prepare('SELECT id, message_id, type, due_at, details FROM simulated_engagement WHERE due_at <= ? ORDER BY due_at, id LIMIT ?');
    this.remove = sqlite.prepare('DELETE FROM simulated_engagement WHERE id = ?');
    this.insert = sqlite.prepare(
      `INSERT INTO message_events (message_id, type, ts, provider_event_id, details) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (message_id, type, provider_event_id) WHERE provider_event_id IS NOT NULL DO NOTHING`,
    );
    this.customerOf = sqlite.prepare('SELECT customer_id FROM messages WHERE id = ?').pluck();
    this.nextDue = sqlite.prepare('SELECT min(due_at) FROM simulated_engagement').pluck();
  }

  /** Applies what is due; call inside a write transaction. Returns how many arrived. */
  apply(now: number, limit = 5000): number {
    const rows = this.due.all(now, limit) as { id: number; message_id: number; type: string; due_at: number; details: string | null }[];
    this.events.beginBatch();
    for (const row of rows) {
      this.insert.run(row.message_id, row.type, row.due_at, `sandbox:${row.id}`, row.details);
      if (row.type === 'converted' && row.details) {
        const details = JSON.parse(row.details) as { event: string; amount: number };
        const customerId = this.customerOf.get(row.message_id) as number | undefined;
        if (customerId !== undefined) {
          this.events.record({ customerId, name: details.event, ts: row.due_at, properties: { amount: details.amount, message_id: row.message_id }, source: 'sandbox' });
        }
      }
      this.remove.run(row.id);
    }
    return rows.length;
  }

  nextDueAt(): number | null {
    return (this.nextDue.get() as number | null) ?? null;
  }
}
