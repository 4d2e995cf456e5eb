import { reasonWords, type LogSentence } from '../../shared/domain/journey-words';
import type BetterSqlite3 from 'better-sqlite3';
import type { MessageDetail, MessageRow, MessageStatus } from '../../shared/domain/delivery';
import { EngineError } from '../errors';
import { IN_FLIGHT } from './in-flight-index';

export interface MessageListInput {
  status?: MessageStatus | undefined;
  customerExternalId?: string | undefined;
  flowId?: number | undefined;
  campaignId?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/**
 * The partial index holding a status's messages, and its condition repeated so SQLite may use it
 * (migrations 0007, 0009, 0013).
 */
const STATUS_INDEX: Record<MessageStatus, { index: string; condition: string }> = {
  queued: { index: 'messages_queued_due', condition: `m.status = 'queued'` },
  claimed: { index: 'messages_in_flight', condition: `m.${IN_FLIGHT}` },
  attempting: { index: 'messages_in_flight', condition: `m.${IN_FLIGHT}` },
  unknown: { index: 'messages_in_flight', condition: `m.${IN_FLIGHT}` },
  sent: { index: 'messages_sent_at', condition: `m.status = 'sent'` },
  failed: { index: 'messages_ended_badly', condition: `m.status IN ('failed', 'suppressed')` },
  suppressed: { index: 'messages_ended_badly', condition: `m.status IN ('failed', 'suppressed')` },
};
/** Up to this many, a status's messages are read through its index and sorted. */
const FEW = 2_000;

interface ListedRow {
  id: number;
  external_id: string;
  channel: string;
  provider: string | null;
  flow: string | null;
  node_id: string | null;
  campaign: string | null;
  status: MessageStatus;
  due_at: number;
  attempted_at: number | null;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  payload: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The outbox as the user reads it: messages newest first, by status, customer, flow or campaign, a
 * page at a time, through the reader connection. A status with few messages (nothing queued
 * between runs, a few unknown after a crash) is read through its partial index and sorted: walking
 * every message newest first read the whole table for it (0.24 s at 2M messages). A common one
 * (sent) is found at once by that walk. At most FEW index entries are read to tell which; failed
 * and suppressed are always read from their index, which keeps them in id order.
 */
export class MessageList {
  private readonly countsUpToFew = new Map<MessageStatus, BetterSqlite3.Statement>();

  constructor(private readonly reader: BetterSqlite3.Database) {}

  list(input: MessageListInput): MessageRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    // Narrowed by customer, flow or campaign, their own indexes lead; by status alone, its index may.
    let indexedBy = '';
    if (input.status) {
      const alone = !input.customerExternalId && !input.flowId && !input.campaignId;
      const index = alone ? this.statusIndexFor(input.status) : null;
      if (index) indexedBy = `INDEXED BY ${index}`;
      where.push(STATUS_INDEX[input.status].condition, 'm.status = ?');
      params.push(input.status);
    }
    if (input.customerExternalId) where.push('c.external_id = ?'), params.push(input.customerExternalId);
    if (input.flowId) where.push('m.flow_id = ?'), params.push(input.flowId);
    if (input.campaignId) where.push('m.campaign_id = ?'), params.push(input.campaignId);
    if (input.beforeId) where.push('m.id < ?'), params.push(input.beforeId);
    const rows = this.reader
      .prepare(
        `SELECT m.id, c.external_id, m.channel, p.name AS provider, f.name AS flow, m.node_id, k.name AS campaign, m.status, m.due_at,
           m.attempted_at, m.attempts, m.last_error, m.provider_message_id, m.payload
         FROM messages m ${indexedBy}
         JOIN customers c ON c.id = m.customer_id LEFT JOIN providers p ON p.id = m.provider_id
         LEFT JOIN flows f ON f.id = m.flow_id LEFT JOIN campaigns k ON k.id = m.campaign_id
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.id DESC LIMIT ?`,
      )
      .all(...params, input.limit) as ListedRow[];
    return rows.map(toMessageRow);
  }

  /** One message opened from the outbox: as sent, what happened since, and the step that sent it. */
  get(id: number): MessageDetail {
    const row = this.reader
      .prepare(
        `SELECT m.id, c.external_id, m.channel, p.name AS provider, f.name AS flow, m.node_id, k.name AS campaign, m.status, m.due_at,
           m.attempted_at, m.attempts, m.last_error, m.provider_message_id, m.payload, v.version, v.graph
         FROM messages m JOIN customers c ON c.id = m.customer_id LEFT JOIN providers p ON p.id = m.provider_id
         LEFT JOIN flows f ON f.id = m.flow_id LEFT JOIN campaigns k ON k.id = m.campaign_id LEFT JOIN flow_versions v ON v.id = m.flow_version_id
         WHERE m.id = ?`,
      )
      .get(id) as (ListedRow & { version: number | null; graph: string | null }) | undefined;
    if (!row) throw new EngineError('not_found', `No message has the id ${id}.`, { field: 'id' });
    const events = (this.reader.prepare('SELECT type, ts, details FROM message_events WHERE message_id = ? ORDER BY ts, id').all(id) as { type: string; ts: number; details: string | null }[]).map(
      (e) => ({ type: e.type, at: iso(e.ts)!, details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null }),
    );
    const node = row.graph && row.node_id ? (JSON.parse(row.graph) as { nodes: { id: string; label: string; type: string }[] }).nodes.find((n) => n.id === row.node_id) : undefined;
    return {
      message: toMessageRow(row),
      content: (JSON.parse(row.payload) as { rendered?: MessageDetail['content'] }).rendered ?? null,
      events,
      step: row.flow && node && row.version !== null ? { flow: row.flow, version: row.version, nodeId: node.id, label: node.label || node.type } : null,
    };
  }

  /** The index to read a status's messages through, or null to walk the messages newest first. */
  private statusIndexFor(status: MessageStatus): string | null {
    const { index, condition } = STATUS_INDEX[status];
    if (index === 'messages_ended_badly') return index;
    let countUpToFew = this.countsUpToFew.get(status);
    if (!countUpToFew) {
      countUpToFew = this.reader.prepare(`SELECT count(*) FROM (SELECT 1 FROM messages m INDEXED BY ${index} WHERE ${condition} AND m.status = ? LIMIT ${FEW + 1})`).pluck();
      this.countsUpToFew.set(status, countUpToFew);
    }
    return (countUpToFew.get(status) as number) <= FEW ? index : null;
  }
}

function withWords(reason: string): { lastErrorWords?: LogSentence } {
  const words = reasonWords(reason);
  return words ? { lastErrorWords: words } : {};
}

/** A message row as the outbox lists it, with a short preview of what was sent. */
function toMessageRow(r: ListedRow): MessageRow {
  const rendered = (JSON.parse(r.payload) as { rendered?: { title: string; subject: string; body: string } }).rendered;
  const preview = rendered ? [rendered.title || rendered.subject, rendered.body].filter(Boolean).join(' — ').slice(0, 200) : '';
  return {
    id: r.id,
    customerExternalId: r.external_id,
    channel: r.channel,
    provider: r.provider,
    flow: r.flow,
    nodeId: r.node_id,
    campaign: r.campaign,
    status: r.status,
    dueAt: iso(r.due_at)!,
    attemptedAt: iso(r.attempted_at),
    attempts: r.attempts,
    lastError: r.last_error,
    ...(r.last_error ? withWords(r.last_error) : {}),
    providerMessageId: r.provider_message_id,
    preview,
  };
}
