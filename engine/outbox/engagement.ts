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
    /** A click brings a simulated customer to the shop (engine/demo/population.ts). */
    private readonly clicked: (customerId: number, at: number, channel: string) => void = () => undefined,
  ) {
    this.due = sqlite.prepare('SELECT id, message_id, type, due_at, details FROM simulated_engagement WHERE due_at <= ? ORDER BY due_at, id LIMIT ?');
    // A batch's events are written, and its rows removed, in one statement each (hundreds of thousands after a big send).
    this.remove = sqlite.prepare('DELETE FROM simulated_engagement WHERE id IN (SELECT value FROM json_each(?))');
    this.insert = sqlite.prepare(
      `INSERT INTO message_events (message_id, type, ts, provider_event_id, details)
       SELECT event.value ->> 0, event.value ->> 1, event.value ->> 2, event.value ->> 3, event.value ->> 4 FROM json_each(?) AS event WHERE true ORDER BY event.key
       ON CONFLICT (message_id, type, provider_event_id) WHERE provider_event_id IS NOT NULL DO NOTHING`,
    );
    this.customerOf = sqlite.prepare('SELECT customer_id, channel FROM messages WHERE id = ?');
    this.nextDue = sqlite.prepare('SELECT min(due_at) FROM simulated_engagement').pluck();
  }

  /** Applies what is due; call inside a write transaction. Returns how many arrived. */
  apply(now: number, limit = 5000): number {
    const rows = this.due.all(now, limit) as { id: number; message_id: number; type: string; due_at: number; details: string | null }[];
    if (rows.length === 0) return 0;
    this.events.beginBatch();
    this.insert.run(JSON.stringify(rows.map((row) => [row.message_id, row.type, row.due_at, `sandbox:${row.id}`, row.details])));
    for (const row of rows) {
      if (row.type !== 'converted' && row.type !== 'clicked') continue;
      const message = this.customerOf.get(row.message_id) as { customer_id: number; channel: string } | undefined;
      if (!message) continue;
      if (row.type === 'clicked') this.clicked(message.customer_id, row.due_at, message.channel);
      else if (row.details) {
        const details = JSON.parse(row.details) as { event: string; amount: number };
        this.events.record({ customerId: message.customer_id, name: details.event, ts: row.due_at, properties: { amount: details.amount, message_id: row.message_id }, source: 'sandbox' });
      }
    }
    this.remove.run(JSON.stringify(rows.map((row) => row.id)));
    return rows.length;
  }

  nextDueAt(): number | null {
    return (this.nextDue.get() as number | null) ?? null;
  }
}
