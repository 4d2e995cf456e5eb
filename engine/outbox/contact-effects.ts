import type BetterSqlite3 from 'better-sqlite3';
import { CONSENT_CHANNELS, consentColumn } from '../../shared/domain/channels';

/**
 * What a provider's answer or report says about a contact, written once for the outbox (permanent
 * send errors) and for delivery reports (bounces, unsubscribes): consent off for the channel, a dead
 * push token removed, or the channel blocked for that customer.
 */
export class ContactEffects {
  private readonly optOutStatement: BetterSqlite3.Statement;
  private readonly dropTokenStatement: BetterSqlite3.Statement;
  private readonly blockStatement: BetterSqlite3.Statement;

  constructor(sqlite: BetterSqlite3.Database) {
    // One statement for every channel with consent (the catalogue's): only the named channel's column turns off.
    const consentOff = CONSENT_CHANNELS.map((channel) => `${consentColumn(channel)} = CASE WHEN @channel = '${channel}' THEN 0 ELSE ${consentColumn(channel)} END`).join(', ');
    this.optOutStatement = sqlite.prepare(`UPDATE customers SET updated_at = @now, ${consentOff} WHERE id = @customer`);
    this.dropTokenStatement = sqlite.prepare('UPDATE customers SET push_token = NULL, updated_at = ? WHERE id = ?');
    this.blockStatement = sqlite.prepare('INSERT INTO contact_suppressions (customer_id, channel, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET reason = excluded.reason');
  }

  optOut(customerId: number, channel: string, now: number): void {
    this.optOutStatement.run({ now, channel, customer: customerId });
  }

  dropPushToken(customerId: number, now: number): void {
    this.dropTokenStatement.run(now, customerId);
  }

  block(customerId: number, channel: string, reason: string, now: number): void {
    this.blockStatement.run(customerId, channel, reason.slice(0, 200), now);
  }
}
