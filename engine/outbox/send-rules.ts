import type BetterSqlite3 from 'better-sqlite3';
import { CHANNEL_INFO, consentColumn, isConsentChannel, type Channel, type ChannelInfo, type ConsentColumn } from '../../shared/domain/channels';
import { capToText, type DeliveryRules } from '../../shared/domain/delivery';
import { describeLocal, quietWindow, zoneOr } from '../time/local-time';
import { englishSentence, type LogSentence } from '../../shared/domain/journey-words';

/**
 * The rules a message must pass at the moment it would go (not when it was queued): the deadline,
 * a blocked channel, consent, an address to send to, quiet hours in the customer's own zone and the
 * frequency caps across every flow and campaign. Transactional messages skip consent, quiet hours
 * and caps; a flow can switch quiet hours or caps off for itself.
 */
export type RuleCustomer = {
  id: number;
  email: string | null;
  phone: string | null;
  push_token: string | null;
  time_zone: string | null;
} & Record<ConsentColumn, number | null>;

export interface RuleMessage {
  channel: string;
  marketing: boolean;
  dueAt: number;
  deadlineAt: number | null;
  quietHours: boolean;
  frequencyCaps: boolean;
}

/** Why a message is held or not sent: in English (`reason`, kept on the message) and by key (the journey log). */
export type RuleDecision = { action: 'send' } | { action: 'suppress'; reason: string; words: LogSentence } | { action: 'hold'; until: number; reason: string; words: LogSentence };

function because(key: LogSentence['key'], values: LogSentence['values'] = {}): { reason: string; words: LogSentence } {
  const words = { key, values };
  return { reason: englishSentence(words), words };
}

const DAY = 86_400_000;

/** The channel's address field when the customer has none (the catalogue says which field), else null. */
function missingAddress(channel: string, customer: RuleCustomer): NonNullable<ChannelInfo['address']> | null {
  const info = CHANNEL_INFO[channel as Channel] as ChannelInfo | undefined;
  if (!info?.address) return null;
  const value = info.address === 'email' ? customer.email : info.address === 'phone' ? customer.phone : customer.push_token;
  return value ? null : info.address;
}

export class SendRules {
  private readonly blocked: BetterSqlite3.Statement;
  private readonly anyBlocked: BetterSqlite3.Statement;
  /** Whether any channel is blocked for anyone: when none is (the usual case), no lookup per message. */
  private blockedExists: boolean | undefined;
  private readonly sentSince: BetterSqlite3.Statement;
  private readonly sentSinceOnChannel: BetterSqlite3.Statement;

  constructor(sqlite: BetterSqlite3.Database) {
    this.blocked = sqlite.prepare('SELECT reason FROM contact_suppressions WHERE customer_id = ? AND channel = ?').pluck();
    this.anyBlocked = sqlite.prepare('SELECT EXISTS (SELECT 1 FROM contact_suppressions)').pluck();
    // Attempted marketing messages count: sent, on their way, or of unknown fate.
    const counted = `customer_id = ? AND attempted_at >= ? AND marketing = 1 AND status IN ('attempting', 'sent', 'unknown')`;
    this.sentSince = sqlite.prepare(`SELECT count(*) FROM messages WHERE ${counted}`).pluck();
    this.sentSinceOnChannel = sqlite.prepare(`SELECT count(*) FROM messages WHERE ${counted} AND channel = ?`).pluck();
  }

  /** Call at the start of each batch: a block written since is then seen. */
  beginBatch(): void {
    this.blockedExists = undefined;
  }

  check(message: RuleMessage, customer: RuleCustomer, rules: DeliveryRules, workspaceZone: string, now: number): RuleDecision {
    if (message.deadlineAt !== null && now > message.deadlineAt) {
      const hours = Math.round((now - message.dueAt) / 3_600_000);
      return { action: 'suppress', ...because('reason.late', { hours, deadline: describeLocal(message.deadlineAt, workspaceZone, now) }) };
    }
    this.blockedExists ??= this.anyBlocked.get() === 1;
    const blocked = this.blockedExists ? (this.blocked.get(customer.id, message.channel) as string | undefined) : undefined;
    if (blocked) return { action: 'suppress', ...because('reason.blocked', { channel: message.channel, why: blocked }) };
    const missing = missingAddress(message.channel, customer);
    if (missing) return { action: 'suppress', ...because(`reason.noAddress.${missing}`) };
    if (!message.marketing) return { action: 'send' };

    if (isConsentChannel(message.channel) && customer[consentColumn(message.channel)] === 0) return { action: 'suppress', ...because('reason.optedOut', { channel: message.channel }) };

    if (message.quietHours && rules.quietHours.enabled) {
      const zone = zoneOr(customer.time_zone, workspaceZone);
      const window = quietWindow(now, rules.quietHours.start, rules.quietHours.end, zone);
      if (window.quiet) {
        if (rules.quietHours.mode === 'drop') return { action: 'suppress', ...because('reason.quietDropped', { start: rules.quietHours.start, end: rules.quietHours.end, zone }) };
        if (message.deadlineAt !== null && window.endsAt > message.deadlineAt) {
          return {
            action: 'suppress',
            ...because('reason.quietPastDeadline', { ends: describeLocal(window.endsAt, zone, now), deadline: describeLocal(message.deadlineAt, zone, now) }),
          };
        }
        return { action: 'hold', until: window.endsAt, ...because('reason.quietHeld', { until: describeLocal(window.endsAt, zone, now) }) };
      }
    }

    if (message.frequencyCaps) {
      for (const cap of rules.frequencyCaps) {
        if (cap.channel !== 'all' && cap.channel !== message.channel) continue;
        const since = now - cap.days * DAY;
        const count = (cap.channel === 'all' ? this.sentSince.get(customer.id, since) : this.sentSinceOnChannel.get(customer.id, since, cap.channel)) as number;
        if (count >= cap.max) return { action: 'suppress', ...because('reason.capped', { cap: capToText(cap) }) };
      }
    }
    return { action: 'send' };
  }
}
