import type BetterSqlite3 from 'better-sqlite3';
import type { ProviderStatusResult } from '../../shared/rpc/provider-methods';
import type { ProviderEvent } from './provider';
import { ContactEffects } from '../outbox/contact-effects';

/**
 * What providers report about sent messages (status polls, webhooks, imported exports) becomes
 * message events, each once however often it is seen (the provider's event id is unique per
 * message and type). A hard bounce blocks the channel for that customer; an unsubscribe turns
 * that channel's consent off, as the customer asked.
 */
export class ProviderEvents {
  private readonly byId: BetterSqlite3.Statement;
  private readonly byProviderId: BetterSqlite3.Statement;
  private readonly insert: BetterSqlite3.Statement;
  private readonly contacts: ContactEffects;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.byId = sqlite.prepare('SELECT id, customer_id, channel FROM messages WHERE id = ? AND provider_id = ?');
    this.byProviderId = sqlite.prepare('SELECT id, customer_id, channel FROM messages WHERE provider_id = ? AND provider_message_id = ?');
    this.insert = sqlite.prepare(
      `INSERT INTO message_events (message_id, type, ts, provider_event_id, details) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (message_id, type, provider_event_id) WHERE provider_event_id IS NOT NULL DO NOTHING`,
    );
    this.contacts = new ContactEffects(sqlite);
  }

  /** Records the events in one transaction (the caller holds the write lock). */
  apply(providerId: number, events: readonly ProviderEvent[], now: number): ProviderStatusResult {
    const result: ProviderStatusResult = { seen: events.length, recorded: 0, unmatched: 0 };
    this.sqlite.transaction(() => {
      for (const event of events) {
        const message = (
          event.messageId !== undefined ? this.byId.get(event.messageId, providerId) : event.providerMessageId !== undefined ? this.byProviderId.get(providerId, event.providerMessageId) : undefined
        ) as { id: number; customer_id: number; channel: string } | undefined;
        if (!message) {
          result.unmatched++;
          continue;
        }
        const details = event.details ? JSON.stringify(event.details) : null;
        if (this.insert.run(message.id, event.type, Number.isFinite(event.ts) ? event.ts : now, `${providerId}:${event.eventId}`, details).changes === 0) continue;
        result.recorded++;
        if (event.type === 'bounced') this.contacts.block(message.customer_id, message.channel, `bounced (reported by the provider for message #${message.id})`, now);
        if (event.type === 'unsubscribed') this.contacts.optOut(message.customer_id, message.channel, now);
      }
    })();
    return result;
  }
}
