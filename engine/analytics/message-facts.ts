import type BetterSqlite3 from 'better-sqlite3';
import { CHANNEL_WINDOW_HOURS, IN_SESSION_MINUTES } from '../../shared/domain/analytics';
import type { CampaignInput } from '../../shared/domain/campaign';
import type { FlowSettings } from '../../shared/domain/flow';
import { EVENT_AMOUNT_SQL } from '../../migrations/0004_event_amount';

/**
 * The rollups the analytics views read, kept up to date incrementally from three streams:
 * - messages that became sent (fact_queue, filled by triggers): a facts row each, with the
 *   conversion event and window of its flow or campaign as they are at that moment;
 * - message events after a cursor: impression, open and click times (the earliest of each); an
 *   anchor that appears for the first time collects the purchases already read inside its window;
 * - customer events after a cursor that are some flow's or campaign's conversion event: each counts
 *   for every facts row of that customer whose anchor it follows within the window, per model, and
 *   marks the customer's random-split assignments it follows within the flow's window as converted
 *   (assignments made since, queued by triggers, look back once at the events already read).
 * A (message, purchase) pair is counted once: by the purchase when the anchor was there first, by
 * the anchor otherwise. Touched (scope, hour, step, channel) buckets are then summed again into
 * fact_hours. Work goes in bounded batches so the runner can do it between other work.
 */
const HOUR = 3_600_000;
const SESSION_MS = IN_SESSION_MINUTES * 60_000;
/** Providers that report deliveries without any setup: their messages are impressions only once delivered. */
const REPORTING_KINDS = ['sandbox', 'twilio', 'mailgun'];
const MODELS = ['view', 'click', 'session'] as const;
type Model = (typeof MODELS)[number];

interface FactRow {
  message_id: number;
  customer_id: number;
  scope: string;
  node_id: string;
  channel: string;
  hour: number;
  impression_at: number | null;
  clicked_at: number | null;
  event: string;
  window_ms: number;
  view_n: number;
  click_n: number;
  session_n: number;
}

export class MessageFacts {
  private readonly statements: Record<string, BetterSqlite3.Statement>;
  private readonly conversionStatements = new Map<string, BetterSqlite3.Statement>();

  /** `purchasesLinked` hears, per step, which customers' purchases got a new previous purchase (the months of reactivations follow them). */
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly purchasesLinked: (changes: { customerId: number; purchaseTimes: number[] }[]) => void = () => {},
  ) {
    const s = (text: string) => sqlite.prepare(text);
    this.statements = {
      queued: s('SELECT message_id FROM fact_queue ORDER BY message_id LIMIT ?').pluck(),
      message: s(`SELECT m.id, m.customer_id, m.channel, m.flow_id, m.node_id, m.campaign_id, m.finished_at, coalesce(p.kind, '') AS kind
        FROM messages m LEFT JOIN providers p ON p.id = m.provider_id WHERE m.id = ? AND m.status = 'sent'`),
      insertFact: s(`INSERT OR IGNORE INTO message_facts (message_id, customer_id, hour, scope, node_id, channel, reports_delivery, sent_at, impression_at, event, window_ms)
        VALUES (@id, @customer, @hour, @scope, @node, @channel, @reports, @sentAt, @impression, @event, @window)`),
      unqueue: s('DELETE FROM fact_queue WHERE message_id = ?'),
      eventsOfMessage: s('SELECT type, ts FROM message_events WHERE message_id = ? ORDER BY ts'),
      cursor: s('SELECT value FROM engine_state WHERE key = ?').pluck(),
      setCursor: s('INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      messageEvents: s('SELECT id, message_id, type, ts FROM message_events WHERE id > ? ORDER BY id LIMIT ?'),
      fact: s('SELECT * FROM message_facts WHERE message_id = ?'),
      setAnchors: s(`UPDATE message_facts SET delivered_at = @delivered, impression_at = @impression, opened_at = @opened, clicked_at = @clicked, undelivered = @undelivered WHERE message_id = @id`),
      maxEventId: s('SELECT max(id) FROM events').pluck(),
      purchasesAfter: s(`SELECT ts, ${EVENT_AMOUNT_SQL} AS amount FROM events WHERE customer_id = ? AND name = ? AND ts > ? AND ts <= ? AND id <= ? ORDER BY ts`),
      customerEvents: s(`SELECT id, customer_id, name, ts, ${EVENT_AMOUNT_SQL} AS amount FROM events WHERE id > ? AND id <= ? ORDER BY id`),
      previousPurchase: s('SELECT max(ts) FROM purchase_gaps WHERE customer_id = ? AND ts < ?').pluck(),
      nextPurchase: s('SELECT min(ts) FROM purchase_gaps WHERE customer_id = ? AND ts > ?').pluck(),
      insertPurchase: s('INSERT OR IGNORE INTO purchase_gaps (customer_id, ts, previous_ts) VALUES (?, ?, ?)'),
      relinkPurchase: s('UPDATE purchase_gaps SET previous_ts = ? WHERE customer_id = ? AND ts = ?'),
      addEventHour: s(
        'INSERT INTO event_hours (name, hour, events, amount) VALUES (?, ?, ?, ?) ON CONFLICT (name, hour) DO UPDATE SET events = events + excluded.events, amount = amount + excluded.amount',
      ),
      lastEventIdOf: s('SELECT max(id) FROM (SELECT id FROM events WHERE id > ? ORDER BY id LIMIT ?)').pluck(),
      factsOfCustomer: s(`SELECT * FROM message_facts WHERE customer_id = ? AND event = ? AND sent_at <= ? AND sent_at > ?`),
      markDirty: s('INSERT OR IGNORE INTO fact_dirty (scope, hour, node_id, channel) VALUES (?, ?, ?, ?)'),
      dirty: s('SELECT scope, hour, node_id, channel FROM fact_dirty LIMIT ?'),
      clean: s('DELETE FROM fact_dirty WHERE scope = ? AND hour = ? AND node_id = ? AND channel = ?'),
      behind: s(`SELECT (SELECT count(*) FROM fact_queue) + (SELECT count(*) FROM experiment_queue) + (SELECT count(*) FROM fact_dirty) AS queued,
        (SELECT coalesce(max(id), 0) FROM message_events) AS lastMessageEvent, (SELECT coalesce(max(id), 0) FROM events) AS lastEvent`),
      queuedAssignments: s(`SELECT q.journey_id, q.node_id, a.flow_id, a.customer_id, a.ts FROM experiment_queue q
        LEFT JOIN experiment_assignments a ON a.journey_id = q.journey_id AND a.node_id = q.node_id LIMIT ?`),
      unqueueAssignment: s('DELETE FROM experiment_queue WHERE journey_id = ? AND node_id = ?'),
      firstConversionRead: s('SELECT min(ts) FROM events WHERE customer_id = ? AND name = ? AND ts > ? AND ts <= ? AND id <= ?').pluck(),
      assignmentsBefore: s('SELECT journey_id, node_id, flow_id, ts, converted_at FROM experiment_assignments WHERE customer_id = ? AND ts < ? AND ts >= ?'),
      // The earliest conversion wins, whichever step reads it first (a reassignment clears it).
      convertedAt: s(`UPDATE experiment_assignments SET converted_at = @ts
        WHERE journey_id = @journey AND node_id = @node AND (converted_at IS NULL OR converted_at > @ts)`),
      rebuildBucket: s(`INSERT OR REPLACE INTO fact_hours
        SELECT scope, hour, node_id, channel, count(*), count(impression_at), count(opened_at), count(clicked_at),
          ${MODELS.map((m) => `total(${m}_n), count(CASE WHEN ${m}_n > 0 THEN 1 END), total(${m}_rev), total(${m}_first)`).join(', ')}
        FROM message_facts WHERE scope = ? AND hour = ? AND node_id = ? AND channel = ? GROUP BY scope, hour, node_id, channel`),
    };
  }

  /** The conversion event and window of every flow and campaign, as their facts rows take them. */
  private measures(): Map<string, { event: string; windowMs: number }> {
    const out = new Map<string, { event: string; windowMs: number }>();
    const flows = this.sqlite.prepare('SELECT f.id, (SELECT v.settings FROM flow_versions v WHERE v.flow_id = f.id ORDER BY v.version DESC LIMIT 1) AS settings FROM flows f').all() as {
      id: number;
      settings: string | null;
    }[];
    for (const flow of flows) {
      const settings = flow.settings ? (JSON.parse(flow.settings) as FlowSettings) : null;
      out.set(`f${flow.id}`, { event: settings?.conversion.event ?? 'purchase', windowMs: (settings?.conversion.windowHours ?? 72) * HOUR });
    }
    for (const campaign of this.sqlite.prepare('SELECT id, channel, content FROM campaigns').all() as { id: number; channel: string; content: string }[]) {
      const content = JSON.parse(campaign.content) as CampaignInput['content'];
      out.set(`c${campaign.id}`, { event: content.trackConversion === false ? '' : 'purchase', windowMs: (CHANNEL_WINDOW_HOURS[campaign.channel] ?? 24) * HOUR });
    }
    return out;
  }

  /** Rows not counted yet: sent messages and split assignments queued, events after the cursors (by id), stale buckets. */
  rowsBehind(): number {
    const cursor = (key: string) => Number(this.statements['cursor']!.get(key) ?? 0);
    const counts = this.statements['behind']!.get() as { queued: number; lastMessageEvent: number; lastEvent: number };
    return counts.queued + Math.max(0, counts.lastMessageEvent - cursor('facts:message_events')) + Math.max(0, counts.lastEvent - cursor('facts:events'));
  }

  /** One bounded step of catching up; call inside a write transaction. Returns whether anything is left. */
  step(batch = 20_000): { more: boolean } {
    const touched = new Set<string>();
    const touch = (f: { scope: string; hour: number; node_id: string; channel: string }) => touched.add(JSON.stringify([f.scope, f.hour, f.node_id, f.channel]));
    const eventsCursor = Number(this.statements['cursor']!.get('facts:events') ?? 0);
    let more = false;
    // Every flow's and campaign's conversion event and window, read once per step and only if needed.
    let measured: Map<string, { event: string; windowMs: number }> | undefined;
    const measureOf = () => (measured ??= this.measures());

    // 1. Messages that became sent.
    const queued = this.statements['queued']!.all(batch) as number[];
    if (queued.length > 0) {
      const measures = measureOf();
      let longest = Number(this.statements['cursor']!.get('facts:max-window') ?? 0);
      const longestBefore = longest;
      for (const id of queued) {
        this.statements['unqueue']!.run(id);
        const m = this.statements['message']!.get(id) as
          | { id: number; customer_id: number; channel: string; flow_id: number | null; node_id: string | null; campaign_id: number | null; finished_at: number | null; kind: string }
          | undefined;
        if (!m || m.finished_at === null) continue;
        const scope = m.flow_id !== null ? `f${m.flow_id}` : m.campaign_id !== null ? `c${m.campaign_id}` : 'other';
        const measure = measures.get(scope) ?? { event: '', windowMs: 0 };
        const reports = REPORTING_KINDS.includes(m.kind) ? 1 : 0;
        const fact = {
          id: m.id,
          customer: m.customer_id,
          hour: Math.floor(m.finished_at / HOUR),
          scope,
          node: m.node_id ?? '',
          channel: m.channel,
          reports,
          sentAt: m.finished_at,
          impression: null,
          event: measure.event,
          window: measure.windowMs,
        };
        if (this.statements['insertFact']!.run(fact).changes === 0) continue;
        if (fact.window > longest) longest = fact.window;
        // Events that came before this row existed (read earlier, or written by an import), then the send itself.
        const before = this.statements['eventsOfMessage']!.all(m.id) as { type: string; ts: number }[];
        for (const e of before) this.applyMessageEvent(m.id, e.type, e.ts, eventsCursor, touch);
        this.applyMessageEvent(m.id, 'sent', m.finished_at, eventsCursor, touch);
        touch({ scope, hour: fact.hour, node_id: fact.node, channel: fact.channel });
      }
      if (longest > longestBefore) this.statements['setCursor']!.run('facts:max-window', String(longest));
      more ||= queued.length === batch;
    }

    // 2. Message events: impressions, opens, clicks, failures.
    const meCursor = Number(this.statements['cursor']!.get('facts:message_events') ?? 0);
    const events = this.statements['messageEvents']!.all(meCursor, batch) as { id: number; message_id: number; type: string; ts: number }[];
    for (const e of events) this.applyMessageEvent(e.message_id, e.type, e.ts, eventsCursor, touch);
    if (events.length > 0) this.statements['setCursor']!.run('facts:message_events', String(events.at(-1)!.id));
    more ||= events.length === batch;

    // 3. Assignments to random splits made since: the conversions already read after each one.
    const assignments = this.statements['queuedAssignments']!.all(batch) as { journey_id: number; node_id: string; flow_id: number | null; customer_id: number; ts: number }[];
    if (assignments.length > 0) {
      for (const a of assignments) {
        this.statements['unqueueAssignment']!.run(a.journey_id, a.node_id);
        const measure = a.flow_id === null ? undefined : measureOf().get(`f${a.flow_id}`);
        if (!measure || measure.event === '') continue;
        const first = this.statements['firstConversionRead']!.get(a.customer_id, measure.event, a.ts, a.ts + measure.windowMs, eventsCursor) as number | null;
        if (first !== null) this.statements['convertedAt']!.run({ ts: first, journey: a.journey_id, node: a.node_id });
      }
      more ||= assignments.length === batch;
    }

    // 4. Customer events after the cursor: hourly counts for all, purchase links, conversions for messages and experiments.
    const upTo = Number(this.statements['lastEventIdOf']!.get(eventsCursor, batch) ?? eventsCursor);
    if (upTo > eventsCursor) {
      // Conversion events and the longest window, from the flows' and campaigns' settings and the
      // longest any facts row was given (kept, so reading it never scans the facts).
      const measures = [...measureOf().values()];
      const names = new Set(measures.map((m) => m.event).filter((e) => e !== ''));
      const maxWindow = Math.max(SESSION_MS, Number(this.statements['cursor']!.get('facts:max-window') ?? 0), ...measures.map((m) => m.windowMs));
      const read = this.statements['customerEvents']!.all(eventsCursor, upTo) as { id: number; customer_id: number; name: string; ts: number; amount: number | null }[];
      // Every event counts in its name's hour (orders, GMV, sessions); conversion events also go to messages.
      const hours = new Map<string, { name: string; hour: number; events: number; amount: number }>();
      for (const e of read) {
        const key = `${e.name}\u0000${Math.floor(e.ts / HOUR)}`;
        const bucket = hours.get(key) ?? { name: e.name, hour: Math.floor(e.ts / HOUR), events: 0, amount: 0 };
        bucket.events++;
        bucket.amount += e.amount ?? 0;
        hours.set(key, bucket);
      }
      for (const b of hours.values()) this.statements['addEventHour']!.run(b.name, b.hour, b.events, b.amount);
      // Purchases keep a link to the customer's previous one, whatever order they arrive in.
      const relinked: { customerId: number; purchaseTimes: number[] }[] = [];
      for (const e of read) {
        if (e.name !== 'purchase') continue;
        const purchaseTimes = this.linkPurchase(e.customer_id, e.ts);
        if (purchaseTimes.length > 0) relinked.push({ customerId: e.customer_id, purchaseTimes });
      }
      this.purchasesLinked(relinked);
      for (const c of read) {
        if (!names.has(c.name)) continue;
        // An experiment's group converted at its first conversion inside the flow's window after the split.
        for (const a of this.statements['assignmentsBefore']!.all(c.customer_id, c.ts, c.ts - maxWindow) as {
          journey_id: number;
          node_id: string;
          flow_id: number;
          ts: number;
          converted_at: number | null;
        }[]) {
          const measure = measureOf().get(`f${a.flow_id}`);
          if (measure?.event !== c.name || c.ts > a.ts + measure.windowMs || (a.converted_at !== null && a.converted_at <= c.ts)) continue;
          this.statements['convertedAt']!.run({ ts: c.ts, journey: a.journey_id, node: a.node_id });
        }
        const candidates = this.statements['factsOfCustomer']!.all(c.customer_id, c.name, c.ts, c.ts - maxWindow - HOUR) as FactRow[];
        for (const fact of candidates) {
          const hits = MODELS.filter((model) => within(model, fact, c.ts));
          if (hits.length > 0) {
            this.addConversion(fact.message_id, hits, c.amount ?? 0, c.ts);
            touch(fact);
          }
        }
      }
      this.statements['setCursor']!.run('facts:events', String(upTo));
      more ||= upTo - eventsCursor >= batch;
    }

    for (const key of touched) this.statements['markDirty']!.run(...(JSON.parse(key) as [string, number, string, string]));
    return { more };
  }

  /**
   * Sums stale buckets again into fact_hours, a bounded number per call; call inside a write
   * transaction once the streams are read (a backfill touches each bucket many times: summing it
   * once at the end saves rereading it after every step). Returns whether stale buckets are left.
   */
  flush(batch = 20_000): { more: boolean } {
    const stale = this.statements['dirty']!.all(batch) as { scope: string; hour: number; node_id: string; channel: string }[];
    for (const b of stale) {
      this.statements['rebuildBucket']!.run(b.scope, b.hour, b.node_id, b.channel);
      this.statements['clean']!.run(b.scope, b.hour, b.node_id, b.channel);
    }
    return { more: stale.length === batch };
  }

  /** Links the purchase to the customer's previous one (and the next one to it); returns the times of the purchases whose link changed. */
  private linkPurchase(customerId: number, ts: number): number[] {
    const previous = (this.statements['previousPurchase']!.get(customerId, ts) as number | null) ?? null;
    if (this.statements['insertPurchase']!.run(customerId, ts, previous).changes === 0) return [];
    const next = this.statements['nextPurchase']!.get(customerId, ts) as number | null;
    if (next === null) return [ts];
    this.statements['relinkPurchase']!.run(ts, customerId, next);
    return [ts, next];
  }

  /**
   * Sets the message's earliest delivery, open and click; an anchor seen for the first time collects
   * the conversions already read (ids up to the cursor) inside its window.
   */
  private applyMessageEvent(messageId: number, type: string, ts: number, eventsCursor: number, touch: (f: FactRow) => void): void {
    const fact = this.statements['fact']!.get(messageId) as
      | (FactRow & { delivered_at: number | null; opened_at: number | null; undelivered: number; reports_delivery: number; sent_at: number })
      | undefined;
    if (!fact) return;
    const earliest = (current: number | null) => (current === null || ts < current ? ts : current);
    const delivered = ['delivered', 'opened', 'clicked'].includes(type) ? earliest(fact.delivered_at) : fact.delivered_at;
    const opened = ['opened', 'clicked'].includes(type) ? earliest(fact.opened_at) : fact.opened_at;
    const clicked = type === 'clicked' ? earliest(fact.clicked_at) : fact.clicked_at;
    const undelivered = fact.undelivered || (['bounced', 'failed'].includes(type) && delivered === null) ? 1 : 0;
    // A provider that reports deliveries: the delivery is the impression. One that does not: the
    // send is, unless it was reported bounced and never delivered.
    const impression = fact.reports_delivery ? delivered : undelivered && delivered === null ? null : fact.sent_at;
    this.statements['setAnchors']!.run({ id: messageId, delivered, impression, opened, clicked, undelivered });
    const newAnchors: Model[] = [];
    if (fact.impression_at === null && impression !== null) newAnchors.push('view');
    if (fact.clicked_at === null && clicked !== null) newAnchors.push('click', 'session');
    if (fact.impression_at !== null && impression === null) {
      // A bounce took back a send counted as seen: so are its view-through conversions.
      this.sqlite.prepare('UPDATE message_facts SET view_n = 0, view_rev = 0, view_first = 0 WHERE message_id = ?').run(messageId);
    }
    const updated = { ...fact, impression_at: impression, clicked_at: clicked };
    if (newAnchors.length > 0 && fact.event !== '') {
      const from = Math.min(...newAnchors.map((m) => (m === 'view' ? impression! : clicked!)));
      const purchases = this.statements['purchasesAfter']!.all(fact.customer_id, fact.event, from, from + Math.max(fact.window_ms, SESSION_MS), eventsCursor) as {
        ts: number;
        amount: number | null;
      }[];
      for (const p of purchases) {
        const hits = newAnchors.filter((model) => within(model, updated, p.ts));
        if (hits.length > 0) this.addConversion(messageId, hits, p.amount ?? 0, p.ts);
      }
    }
    touch(updated);
  }

  /** Counts one conversion for the models; "one per message" keeps the earliest one's amount, whatever order they are read in. */
  private addConversion(messageId: number, models: Model[], amount: number, ts: number): void {
    const key = models.join(',');
    let statement = this.conversionStatements.get(key);
    if (!statement) {
      const earlier = (m: Model) => `(${m}_n = 0 OR @ts < ${m}_first_ts)`;
      const sets = models.map(
        (m) =>
          `${m}_n = ${m}_n + 1, ${m}_rev = ${m}_rev + @amount, ${m}_first = CASE WHEN ${earlier(m)} THEN @amount ELSE ${m}_first END, ${m}_first_ts = CASE WHEN ${earlier(m)} THEN @ts ELSE ${m}_first_ts END`,
      );
      statement = this.sqlite.prepare(`UPDATE message_facts SET ${sets.join(', ')} WHERE message_id = @id`);
      this.conversionStatements.set(key, statement);
    }
    statement.run({ id: messageId, amount, ts });
  }
}

/** Whether a conversion at `ts` falls in the model's window after the fact's anchor. */
function within(model: Model, fact: { impression_at: number | null; clicked_at: number | null; window_ms: number }, ts: number): boolean {
  const anchor = model === 'view' ? fact.impression_at : fact.clicked_at;
  if (anchor === null) return false;
  return ts > anchor && ts <= anchor + (model === 'session' ? SESSION_MS : fact.window_ms);
}
