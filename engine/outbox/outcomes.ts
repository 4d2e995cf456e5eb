import type BetterSqlite3 from 'better-sqlite3';
import type { JourneyLog } from '../journeys/journey-log';
import type { ContactEffect, OutgoingMessage, ProviderAdapter, ProviderConfig, SendOutcome } from '../providers/provider';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff';
import type { ContactEffects } from './contact-effects';
import { resendsSafely } from './reconciliation';
import { encodeLogSentence } from '../../shared/domain/journey-words';

/** A message row as the outbox claims it. */
export interface ClaimedRow {
  id: number;
  customer_id: number;
  channel: string;
  provider_id: number | null;
  flow_version_id: number | null;
  node_id: string | null;
  campaign_id: number | null;
  journey_id: number | null;
  marketing: number;
  due_at: number;
  deadline_at: number | null;
  attempts: number;
  idempotency_key: string;
  payload: string;
  first_attempted_at: number | null;
}

/** A claimed message, rendered, with the provider it goes to. */
export interface Prepared {
  row: ClaimedRow;
  message: OutgoingMessage;
  provider: ProviderConfig;
  adapter: ProviderAdapter;
  /** The language variant the customer got, or null for the default content. */
  variant?: string | null;
}

export interface SendSummary {
  sent: number;
  failed: number;
  suppressed: number;
  held: number;
  retried: number;
  /** Sent, no answer, and not safe to send again: left for the provider's reconciliation or the user. */
  unknown: number;
}

/**
 * What the outbox writes when providers answer: sent (one statement for the batch), tried again
 * later, of unknown fate, or failed (and what that says about the contact), each with its line in
 * the customer's journey log.
 */
export class Outcomes {
  constructor(
    private readonly statements: Record<string, BetterSqlite3.Statement>,
    private readonly contacts: ContactEffects,
    private readonly log: JourneyLog,
  ) {}

  /** A line in the journey log of a message sent from a flow (campaign messages have none). */
  logStep(row: ClaimedRow, now: number, kind: string, detail: string): void {
    if (row.journey_id !== null && row.node_id !== null) this.log.add(row.journey_id, row.node_id, now, kind, detail);
  }

  /** Answers of a batch: the successes (most of them) marked sent in one statement, the rest one by one. */
  recordAll(answers: [Prepared, SendOutcome][], now: number, summary: SendSummary): void {
    const sent: [number, string | null][] = [];
    for (const [prepared, outcome] of answers) {
      if (outcome.status === 'sent') {
        sent.push([prepared.row.id, outcome.providerMessageId]);
        this.afterSent(prepared, outcome, now);
      } else this.recordFailure(prepared, outcome, now, summary);
    }
    if (sent.length > 0) this.statements['sentMany']!.run({ answers: JSON.stringify(sent), now });
    summary.sent += sent.length;
  }

  /**
   * What follows a message marked sent: the journey's log line, and what the sandbox will report
   * later (opens, clicks, conversions), due at their simulated times.
   */
  afterSent(prepared: Prepared, outcome: SendOutcome & { status: 'sent' }, now: number): void {
    const { row, provider } = prepared;
    const sent = { channel: row.channel, id: row.id, provider: provider.name };
    this.logStep(row, now, 'sent', prepared.variant ? encodeLogSentence('sentVariant', { ...sent, language: prepared.variant }) : encodeLogSentence('sent', sent));
    for (const later of outcome.engagement ?? []) {
      this.statements['engagement']!.run(row.id, later.type, now + later.afterMs, later.details ? JSON.stringify(later.details) : null);
    }
  }

  recordFailure(prepared: Prepared, outcome: Exclude<SendOutcome, { status: 'sent' }>, now: number, summary: SendSummary): void {
    const { row } = prepared;
    if (outcome.status === 'unknown') {
      // The provider may have it. Send again only where it drops a repeat of the key, and still
      // would: its window counts from the first attempt (this one, if the row had none).
      if (resendsSafely(prepared.adapter, row.first_attempted_at ?? now, now) && row.attempts < MAX_ATTEMPTS) {
        const dueAt = now + retryDelayMs(row.attempts, undefined);
        const reason = `attempt ${row.attempts}: ${outcome.error}; sending again under the same idempotency key (${prepared.provider.name} drops repeats)`;
        this.statements['retry']!.run({ id: row.id, dueAt, reason, now });
        this.logStep(row, now, 'retry', reason);
        summary.retried++;
        return;
      }
      this.statements['unknown']!.run({ id: row.id, reason: outcome.error, now });
      this.logStep(row, now, 'unknown', `${row.channel} message #${row.id}: ${outcome.error}`);
      summary.unknown++;
      return;
    }
    if (outcome.status === 'retry' && row.attempts < MAX_ATTEMPTS) {
      const dueAt = now + retryDelayMs(row.attempts, outcome.retryAfterMs);
      this.statements['retry']!.run({ id: row.id, dueAt, reason: `attempt ${row.attempts} failed: ${outcome.error}`, now });
      this.logStep(row, now, 'retry', `attempt ${row.attempts} failed (${outcome.error}); trying again at ${new Date(dueAt).toISOString()}`);
      summary.retried++;
      return;
    }
    const reason = outcome.status === 'retry' ? `gave up after ${row.attempts} attempts: ${outcome.error}` : outcome.error;
    this.statements['fail']!.run({ id: row.id, reason, now });
    if (outcome.status === 'failed' && outcome.contact) this.applyContactEffect(row, outcome.contact, outcome.error, now);
    this.logStep(row, now, 'failed', `${row.channel} message #${row.id} failed: ${reason}`);
    summary.failed++;
  }

  /** A permanent error says something about the contact: remember it so nobody sends there again. */
  private applyContactEffect(row: ClaimedRow, effect: ContactEffect, error: string, now: number): void {
    if (effect === 'opt_out') this.contacts.optOut(row.customer_id, row.channel, now);
    if (effect === 'dead_push_token') this.contacts.dropPushToken(row.customer_id, now);
    if (effect === 'bad_address') this.contacts.block(row.customer_id, row.channel, error, now);
  }
}
