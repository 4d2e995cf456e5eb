import type BetterSqlite3 from 'better-sqlite3';
import { adapterFor } from '../providers/registry';
import type { ProviderAdapter, ProviderConfig, ReconcileRequest, ReconcileVerdict, RenderedContent } from '../providers/provider';
import { MAX_ATTEMPTS } from './backoff';
import { IN_FLIGHT } from './in-flight-index';

/**
 * Messages of unknown fate (the app stopped mid-send, or a provider's answer was lost after the
 * request left) are settled here, never by a blind resend: the provider is asked where it can tell
 * (Twilio, Mailgun: the adapter's `reconcile`), a message is resent where the provider drops repeats
 * of its key and still would, and the rest stay listed for the user in the Outbox.
 */

/** How long after its first attempt a message of unknown fate is still asked about (Twilio's and Mailgun's records cover it). */
const RECONCILE_FOR_MS = 2 * 86_400_000;
const EMPTY_CONTENT: RenderedContent = { title: '', subject: '', body: '', html: '', link: '', templateName: '', templateParams: [] };

/** Whether sending a message again under its key cannot deliver it twice: the provider drops repeats, and still would. */
export function resendsSafely(adapter: ProviderAdapter, firstAttemptAt: number, now: number): boolean {
  return adapter.idempotent && (adapter.idempotencyWindowMs === undefined || now - firstAttemptAt < adapter.idempotencyWindowMs);
}

interface UnknownRow {
  id: number;
  attempts: number;
  provider_id: number | null;
  idempotency_key: string;
  channel: string;
  payload: string;
  first_attempted_at: number;
  external_id: string;
  email: string | null;
  phone: string | null;
  push_token: string | null;
}

export interface UnknownMessagesOptions {
  now: () => number;
  lock: <T>(work: () => T) => Promise<T>;
  providerConfig: (providerId: number | null, channel: string) => ProviderConfig;
}

export class UnknownMessages {
  private readonly select;
  private readonly markSent;
  private readonly requeue;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly options: UnknownMessagesOptions,
  ) {
    this.select = sqlite.prepare(
      `SELECT m.id, m.provider_id, m.idempotency_key, m.channel, m.payload, m.attempts, coalesce(m.first_attempted_at, m.attempted_at, m.created_at) AS first_attempted_at,
         c.external_id, c.email, c.phone, c.push_token
       FROM messages m JOIN customers c ON c.id = m.customer_id
       WHERE ${IN_FLIGHT} AND m.status = 'unknown' AND coalesce(m.first_attempted_at, m.attempted_at, m.created_at) >= ? ORDER BY m.id LIMIT 1000`,
    );
    this.markSent = sqlite.prepare(
      `UPDATE messages SET status = 'sent', provider_message_id = @providerId, last_error = @reason, finished_at = @now, updated_at = @now WHERE id = @id AND status = 'unknown'`,
    );
    this.requeue = sqlite.prepare(`UPDATE messages SET status = 'queued', due_at = @now, last_error = @reason, updated_at = @now WHERE id = @id AND status = 'unknown'`);
  }

  /** Asks, resends or leaves each message of unknown fate first tried in the last two days. */
  async settle(): Promise<{ sent: number; resent: number; left: number }> {
    const rows = (await this.options.lock(() => this.select.all(this.options.now() - RECONCILE_FOR_MS))) as UnknownRow[];
    const result = { sent: 0, resent: 0, left: 0 };
    for (const row of rows) {
      const provider = this.options.providerConfig(row.provider_id, row.channel);
      const adapter = adapterFor(provider.kind);
      const answer = adapter?.reconcile ? await adapter.reconcile(this.requestFor(row), provider).catch((): ReconcileVerdict => ({ verdict: 'unknown' })) : { verdict: 'unknown' as const };
      const now = this.options.now();
      // Sent again only a bounded number of times: a provider that keeps losing our requests is the user's to look at.
      const resend = row.attempts < MAX_ATTEMPTS && (answer.verdict === 'not_sent' || (adapter !== undefined && resendsSafely(adapter, row.first_attempted_at, now)));
      if (answer.verdict === 'sent') {
        await this.options.lock(() => this.markSent.run({ id: row.id, providerId: answer.providerMessageId, reason: `${provider.name} has it: sent`, now }));
        result.sent++;
      } else if (resend) {
        const reason = answer.verdict === 'not_sent' ? `${provider.name} never got it: sending again` : 'sending again under the same idempotency key (the provider drops repeats)';
        await this.options.lock(() => this.requeue.run({ id: row.id, reason, now }));
        result.resent++;
      } else result.left++;
    }
    return result;
  }

  private requestFor(row: UnknownRow): ReconcileRequest {
    const rendered = (JSON.parse(row.payload) as { rendered?: Partial<RenderedContent> }).rendered ?? {};
    return {
      messageId: row.id,
      idempotencyKey: row.idempotency_key,
      channel: row.channel,
      to: { externalId: row.external_id, email: row.email, phone: row.phone, pushToken: row.push_token },
      content: { ...EMPTY_CONTENT, ...rendered },
      firstAttemptAt: row.first_attempted_at,
      now: this.options.now(),
    };
  }
}
