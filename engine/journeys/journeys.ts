import { jsonMemberPath } from '../db/sql-names';
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { FlowNode, FlowNodeOf } from '../../shared/domain/flow';
import { matchesEventFilters } from '../../shared/domain/event-filter';
import type { DeliveryRules } from '../../shared/domain/delivery';
import { sql } from 'kysely';
import type { SegmentFilter } from '../../shared/domain/segment-filter';
import type { Workspace } from '../db/connection';
import { addSpan, describeLocal, nextTimeOfDay } from '../time/local-time';
import { CustomerMatcher } from './customer-matcher';
import type { FlowVersions, LiveVersion } from './flow-graph';
import { JourneyLog } from './journey-log';
import { encodeLogSentence, type LogSentence } from '../../shared/domain/journey-words';
import { spanWords } from '../../shared/domain/flow-describe';

/**
 * Customers walking published flows. Each journey is a row (which version, which step, what it
 * waits for and until when); each batch of due journeys is advanced in one write transaction, so a
 * crash loses nothing and repeats nothing. Journeys move in waves, step by step, so a condition is
 * one query for every customer that reached it in the batch, not one query each.
 */
export interface JourneyRow {
  id: number;
  flow_id: number;
  flow_version_id: number;
  customer_id: number;
  node_id: string;
  state: 'active' | 'waiting';
  wake_at: number | null;
  wait_key: string | null;
  trigger_key: string;
  context: string;
  steps: number;
}

export interface EnterRequest {
  customerId: number;
  triggerKey?: string;
  context?: Record<string, unknown>;
  /** Enter now but start moving at this time (a schedule in each customer's own zone). */
  startAt?: number;
}

export interface JourneySettings {
  timeZone: string;
  rules: DeliveryRules;
}

interface Cursor {
  row: JourneyRow;
  version: LiveVersion;
  node: FlowNode | undefined;
  steps: number;
}

type Outcome = { kind: 'next'; exit: string } | { kind: 'wait'; wakeAt: number; waitEvent?: string; waitKey?: string | null } | { kind: 'end'; state: 'completed' | 'exited' };

const MAX_STEPS_PER_TICK = 100;
const ENTRY_CHUNK = 50_000;
const HOUR = 3_600_000;

/** A stable draw in [0, 100) for a journey at a split, so a replay takes the same branch. */
function percentile(journeyId: number, nodeId: string): number {
  return (createHash('sha1').update(`${journeyId}:${nodeId}`).digest().readUInt32BE(0) / 2 ** 32) * 100;
}

export class Journeys {
  readonly log: JourneyLog;
  private readonly sqliteDb: BetterSqlite3.Database;
  private readonly db: Workspace['db'];
  private readonly selectDue: BetterSqlite3.Statement;
  private readonly update: BetterSqlite3.Statement;
  private readonly insertMessage: BetterSqlite3.Statement;
  private readonly engagement: BetterSqlite3.Statement;
  private readonly defaultProvider: BetterSqlite3.Statement;
  private readonly statements: Record<
    'setAttribute' | 'assign' | 'listAdd' | 'listRemove' | 'addScore' | 'waitingFor' | 'resolveWait' | 'inside' | 'completeAtGoal' | 'pastEntries' | 'maxJourneyId' | 'bulkEnter' | 'bulkEnterLog',
    BetterSqlite3.Statement
  >;

  constructor(
    ws: Workspace,
    private readonly versions: FlowVersions,
    private readonly matcher: CustomerMatcher,
    private readonly settings: () => JourneySettings,
  ) {
    this.log = new JourneyLog(ws.sqlite);
    this.sqliteDb = ws.sqlite;
    this.db = ws.db;
    this.selectDue = ws.sqlite.prepare(
      `SELECT id, flow_id, flow_version_id, customer_id, node_id, state, wake_at, wait_key, trigger_key, context, steps
       FROM journeys WHERE state IN ('active', 'waiting') AND wake_at <= ?
         AND flow_id NOT IN (SELECT id FROM flows WHERE status <> 'live')
       ORDER BY wake_at, id LIMIT ?`,
    );
    this.update = ws.sqlite.prepare(`UPDATE journeys SET node_id = ?, state = ?, wake_at = ?, wait_event = ?, wait_key = ?, steps = ?, updated_at = ?, ended_at = ? WHERE id = ?`);
    this.insertMessage = ws.sqlite
      .prepare(
        `INSERT INTO messages (customer_id, channel, provider_id, flow_id, flow_version_id, node_id, journey_id, status, idempotency_key,
         payload, due_at, deadline_at, marketing, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      )
      .pluck();
    this.engagement = ws.sqlite
      .prepare(
        `SELECT 1 FROM messages m JOIN message_events e ON e.message_id = m.id
       WHERE m.journey_id = ? AND m.node_id = ? AND e.type IN (SELECT value FROM json_each(?)) AND e.ts <= ? LIMIT 1`,
      )
      .pluck();
    this.defaultProvider = ws.sqlite.prepare('SELECT id FROM providers WHERE channel = ? ORDER BY is_default DESC, id LIMIT 1').pluck();
    this.statements = {
      setAttribute: ws.sqlite.prepare(`UPDATE customers SET attributes = json_set(attributes, ?, json(?)), updated_at = ? WHERE id = ?`),
      listAdd: ws.sqlite.prepare('INSERT INTO segment_members (segment_id, customer_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      listRemove: ws.sqlite.prepare('DELETE FROM segment_members WHERE segment_id = ? AND customer_id = ?'),
      addScore: ws.sqlite.prepare('UPDATE customers SET score = score + ?, updated_at = ? WHERE id = ?'),
      assign: ws.sqlite.prepare(
        'INSERT INTO experiment_assignments (journey_id, flow_id, node_id, variant, customer_id, ts) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET variant = excluded.variant, ts = excluded.ts, converted_at = NULL',
      ),
      waitingFor: ws.sqlite.prepare(`SELECT id, flow_version_id, node_id, wait_key, updated_at, wake_at FROM journeys WHERE state = 'waiting' AND wait_event = ? AND customer_id = ?`),
      resolveWait: ws.sqlite.prepare(`UPDATE journeys SET node_id = ?, state = ?, wake_at = ?, wait_event = NULL, wait_key = NULL, updated_at = ?, ended_at = ? WHERE id = ?`),
      inside: ws.sqlite.prepare(`SELECT id, flow_version_id, node_id FROM journeys WHERE customer_id = ? AND state IN ('active', 'waiting')`),
      completeAtGoal: ws.sqlite.prepare(`UPDATE journeys SET state = 'completed', node_id = ?, wake_at = NULL, wait_event = NULL, wait_key = NULL, updated_at = ?, ended_at = ? WHERE id = ?`),
      maxJourneyId: ws.sqlite.prepare('SELECT max(id) FROM journeys').pluck(),
      bulkEnter: ws.sqlite.prepare(
        `INSERT INTO journeys (flow_id, flow_version_id, customer_id, node_id, state, wake_at, trigger_key, context, entered_at, updated_at)
         SELECT ?, ?, value ->> '$[0]', ?, CASE WHEN (value ->> '$[3]') > ? THEN 'waiting' ELSE 'active' END, value ->> '$[3]',
           value ->> '$[1]', value ->> '$[2]', ?, ?
         FROM json_each(?) ORDER BY key`,
      ),
      bulkEnterLog: ws.sqlite.prepare(`INSERT INTO journey_log (journey_id, node_id, ts, kind, detail) SELECT ? + key + 1, ?, ?, 'entered', value ->> '$[4]' FROM json_each(?) ORDER BY key`),
      pastEntries: ws.sqlite.prepare(`SELECT customer_id, entered_at, trigger_key, state FROM journeys WHERE flow_id = ? AND customer_id IN (SELECT value FROM json_each(?))`),
    };
  }

  /**
   * Enters customers into a version, by its entry rules (once, again after N days, unlimited but
   * one at a time per trigger key) and its exclusion filter. Returns how many entered. Call inside
   * a write transaction.
   */
  enter(version: LiveVersion, requests: readonly EnterRequest[], now: number, why: LogSentence): number {
    const trigger = version.trigger;
    if (!trigger || requests.length === 0) return 0;
    const ids = [...new Set(requests.map((r) => r.customerId))];
    const past = new Map<number, { last: number; activeKeys: Set<string> }>();
    const rows = this.statements.pastEntries.all(version.flowId, JSON.stringify(ids)) as { customer_id: number; entered_at: number; trigger_key: string; state: string }[];
    for (const row of rows) {
      const entry = past.get(row.customer_id) ?? { last: 0, activeKeys: new Set<string>() };
      entry.last = Math.max(entry.last, row.entered_at);
      if (row.state === 'active' || row.state === 'waiting') entry.activeKeys.add(row.trigger_key);
      past.set(row.customer_id, entry);
    }
    const { mode, againAfterDays } = version.settings.entry;
    const timeZone = this.settings().timeZone;
    const excluded = CustomerMatcher.isEmpty(version.settings.exclusion) ? new Set<number>() : this.matcher.matching(version.settings.exclusion, ids, now);
    // Decide in memory, then write in bulk: a segment entry can bring a million customers at once.
    const accepted: [number, string, string, number, string][] = [];
    for (const request of requests) {
      if (excluded.has(request.customerId)) continue;
      const key = request.triggerKey ?? '';
      const before = past.get(request.customerId);
      if (before) {
        if (mode === 'once') continue;
        if (mode === 'again_after' && (before.activeKeys.size > 0 || before.last > now - againAfterDays * 24 * HOUR)) continue;
        if (mode === 'unlimited' && before.activeKeys.has(key)) continue;
      }
      const startAt = request.startAt ?? now;
      const detail = startAt > now ? encodeLogSentence('startsAt', { why, time: describeLocal(startAt, timeZone, now) }) : encodeLogSentence(why.key, why.values);
      accepted.push([request.customerId, key, JSON.stringify(request.context ?? {}), startAt, detail]);
      const entry = before ?? { last: now, activeKeys: new Set<string>() };
      entry.last = now;
      entry.activeKeys.add(key);
      past.set(request.customerId, entry);
    }
    for (let i = 0; i < accepted.length; i += ENTRY_CHUNK) {
      const chunk = JSON.stringify(accepted.slice(i, i + ENTRY_CHUNK));
      // Rowids of one INSERT in one write transaction are consecutive after the current maximum.
      const before = (this.statements.maxJourneyId.get() as number | null) ?? 0;
      this.statements.bulkEnter.run(version.flowId, version.id, trigger.id, now, now, now, chunk);
      this.statements.bulkEnterLog.run(before, trigger.id, now, chunk);
    }
    const entered = accepted.length;
    return entered;
  }

  /**
   * Enters every customer matching a filter (a segment entry, a scheduled run), by the same entry
   * rules, in set-based SQL: a million customers enter in one statement instead of a million rows
   * through JavaScript. Call inside a write transaction.
   */
  enterMatching(version: LiveVersion, filter: SegmentFilter, now: number, why: LogSentence): number {
    const trigger = version.trigger;
    if (!trigger) return 0;
    const { mode, againAfterDays } = version.settings.entry;
    const inside =
      mode === 'once' ? sql`1` : mode === 'again_after' ? sql`(j.state IN ('active', 'waiting') OR j.entered_at > ${now - againAfterDays * 24 * HOUR})` : sql`j.state IN ('active', 'waiting')`;
    const matches = this.matcher.condition(filter, now);
    const excluded = CustomerMatcher.isEmpty(version.settings.exclusion) ? sql`0` : sql`coalesce(${this.matcher.condition(version.settings.exclusion, now)}, 0)`;
    const before = (this.statements.maxJourneyId.get() as number | null) ?? 0;
    const insert = sql`INSERT INTO journeys (flow_id, flow_version_id, customer_id, node_id, state, wake_at, trigger_key, context, entered_at, updated_at)
      SELECT ${version.flowId}, ${version.id}, c.id, ${trigger.id}, 'active', ${now}, '', '{}', ${now}, ${now} FROM customers c
      WHERE ${matches} AND NOT ${excluded}
        AND NOT EXISTS (SELECT 1 FROM journeys j WHERE j.customer_id = c.id AND j.flow_id = ${version.flowId} AND ${inside})
      ORDER BY c.id`.compile(this.db);
    const entered = this.sqliteDb.prepare(insert.sql).run(...(insert.parameters as unknown[])).changes;
    if (entered > 0) {
      this.sqliteDb
        .prepare(`INSERT INTO journey_log (journey_id, node_id, ts, kind, detail) SELECT id, node_id, ?, 'entered', ? FROM journeys WHERE id > ?`)
        .run(now, encodeLogSentence(why.key, why.values), before);
    }
    return entered;
  }

  /** Advances up to `limit` journeys whose time has come; returns how many steps ran. Call inside a write transaction. */
  advanceDue(now: number, limit: number): { journeys: number; steps: number } {
    const rows = this.selectDue.all(now, limit) as JourneyRow[];
    if (rows.length === 0) return { journeys: 0, steps: 0 };
    const settings = this.settings();
    this.defaultProviders.clear();
    this.batchWaits.clear();
    let wave: Cursor[] = [];
    for (const row of rows) {
      const version = this.versions.get(row.flow_version_id);
      const at = version?.nodes.get(row.node_id);
      if (!version || !at) {
        this.finish({ row, version: version!, node: undefined, steps: row.steps }, now, 'exited', encodeLogSentence('stepGone'));
        continue;
      }
      const cursor: Cursor = { row, version, node: at, steps: row.steps };
      if (row.state === 'waiting' || at.type.startsWith('trigger_')) {
        const exit = at.type === 'wait_event' ? 'timeout' : 'next';
        if (at.type === 'wait_event') this.log.add(row.id, at.id, now, 'timeout', encodeLogSentence('timeout', { event: at.data.event, span: spanWords(at.data.timeout) }));
        cursor.node = version.next(at.id, exit);
      }
      wave.push(cursor);
    }
    let steps = 0;
    while (wave.length > 0) {
      const decisions = this.decideFilters(wave, now);
      const next: Cursor[] = [];
      for (const cursor of wave) {
        if (!cursor.node) {
          this.finish(cursor, now, 'completed', encodeLogSentence('endOfFlow'));
          continue;
        }
        steps++;
        cursor.steps++;
        const node = cursor.node;
        const outcome = this.execute(cursor, node, now, decisions, settings);
        if (outcome.kind === 'next') {
          cursor.node = cursor.version.next(node.id, outcome.exit);
          if (cursor.steps - cursor.row.steps >= MAX_STEPS_PER_TICK) {
            this.finish(cursor, now, 'exited', encodeLogSentence('tooManySteps', { steps: MAX_STEPS_PER_TICK }));
          } else next.push(cursor);
        } else if (outcome.kind === 'wait') {
          this.update.run(node.id, 'waiting', outcome.wakeAt, outcome.waitEvent ?? null, outcome.waitKey ?? null, cursor.steps, now, null, cursor.row.id);
        } else {
          this.update.run(node.id, outcome.state, null, null, null, cursor.steps, now, now, cursor.row.id);
        }
      }
      wave = next;
    }
    return { journeys: rows.length, steps };
  }

  private readonly defaultProviders = new Map<string, number | null>();
  /** Wake times of wait steps for the batch being advanced (they depend only on the step and now). */
  private readonly batchWaits = new Map<string, { wakeAt: number; text: string }>();

  /** The channel's default provider, read once per batch of journeys. */
  private defaultProviderOf(channel: string): number | null {
    if (!this.defaultProviders.has(channel)) this.defaultProviders.set(channel, (this.defaultProvider.get(channel) as number | undefined) ?? null);
    return this.defaultProviders.get(channel) ?? null;
  }

  private finish(cursor: Cursor, now: number, state: 'completed' | 'exited', why: string): void {
    const nodeId = cursor.node?.id ?? cursor.row.node_id;
    this.log.add(cursor.row.id, nodeId, now, state === 'completed' ? 'completed' : 'exited', why);
    this.update.run(nodeId, state, null, null, null, cursor.steps, now, now, cursor.row.id);
  }

  /** For every condition and audience split in the wave: which of its customers match, one query per filter. */
  private decideFilters(wave: readonly Cursor[], now: number): Map<string, Set<number>> {
    const groups = new Map<string, { filter: FlowNodeOf<'condition'>['data']['filter']; ids: number[] }>();
    const add = (key: string, filter: FlowNodeOf<'condition'>['data']['filter'], customerId: number) => {
      const group = groups.get(key) ?? { filter, ids: [] };
      group.ids.push(customerId);
      groups.set(key, group);
    };
    for (const { node, version, row } of wave) {
      if (node?.type === 'condition' && node.data.mode === 'filter') add(`${version.id}:${node.id}`, node.data.filter, row.customer_id);
      if (node?.type === 'split_audience') for (const path of node.data.paths) add(`${version.id}:${node.id}:${path.id}`, path.filter, row.customer_id);
    }
    const decisions = new Map<string, Set<number>>();
    for (const [key, group] of groups) decisions.set(key, this.matcher.matching(group.filter, group.ids, now));
    return decisions;
  }

  private execute(cursor: Cursor, node: FlowNode, now: number, decisions: Map<string, Set<number>>, settings: JourneySettings): Outcome {
    const { row, version } = cursor;
    const customer = row.customer_id;
    const label = `"${node.label || node.type}"`;
    const zone = version.settings.timeZone || settings.timeZone;
    switch (node.type) {
      case 'trigger_event':
      case 'trigger_segment':
      case 'trigger_schedule':
      case 'trigger_date':
        return { kind: 'next', exit: 'next' };
      case 'condition': {
        let yes: boolean;
        if (node.data.mode === 'filter') yes = decisions.get(`${version.id}:${node.id}`)?.has(customer) ?? false;
        else {
          const types = { delivered: ['delivered', 'opened', 'clicked'], opened: ['opened', 'clicked'], clicked: ['clicked'] }[node.data.engagement];
          yes = this.engagement.get(row.id, node.data.sendNodeId, JSON.stringify(types), now) !== undefined;
        }
        this.log.add(row.id, node.id, now, 'condition', encodeLogSentence(yes ? 'conditionTrue' : 'conditionFalse', { label }));
        return { kind: 'next', exit: yes ? 'yes' : 'no' };
      }
      case 'split_audience': {
        const path = node.data.paths.find((p) => decisions.get(`${version.id}:${node.id}:${p.id}`)?.has(customer));
        this.log.add(row.id, node.id, now, 'split', path ? encodeLogSentence('tookPath', { path: path.label || path.id }) : encodeLogSentence('noPath'));
        return { kind: 'next', exit: path?.id ?? 'else' };
      }
      case 'split_random': {
        const draw = percentile(row.id, node.id);
        let bound = 0;
        for (const variant of node.data.variants) {
          bound += variant.percent;
          if (draw < bound) {
            this.log.add(row.id, node.id, now, 'split', encodeLogSentence('randomVariant', { variant: variant.label || variant.id }));
            this.statements['assign']!.run(row.id, row.flow_id, node.id, variant.id, customer, now);
            return { kind: 'next', exit: variant.id };
          }
        }
        this.log.add(row.id, node.id, now, 'split', encodeLogSentence('randomControl'));
        if (node.data.controlPercent > 0) this.statements['assign']!.run(row.id, row.flow_id, node.id, 'control', customer, now);
        return node.data.controlPercent > 0 ? { kind: 'next', exit: 'control' } : { kind: 'next', exit: node.data.variants.at(-1)?.id ?? 'next' };
      }
      case 'wait_delay':
      case 'wait_until': {
        // Every customer reaching this step in the batch gets the same time: work it out once.
        const cacheKey = `${version.id}:${node.id}`;
        let wait = this.batchWaits.get(cacheKey);
        if (!wait) {
          const wakeAt = node.type === 'wait_delay' ? addSpan(now, node.data.delay, zone) : nextTimeOfDay(now, node.data.time, node.data.weekdays, zone);
          wait = { wakeAt, text: encodeLogSentence('waitingUntil', { time: describeLocal(wakeAt, zone, now) }) };
          this.batchWaits.set(cacheKey, wait);
        }
        this.log.add(row.id, node.id, now, 'waiting', wait.text);
        return { kind: 'wait', wakeAt: wait.wakeAt };
      }
      case 'wait_event': {
        const wakeAt = addSpan(now, node.data.timeout, zone);
        const waitKey = node.data.matchKey !== '' ? row.trigger_key : null;
        const waiting = encodeLogSentence(waitKey ? 'waitingForKey' : 'waitingFor', { event: node.data.event, key: node.data.matchKey, value: waitKey ?? '', time: describeLocal(wakeAt, zone, now) });
        this.log.add(row.id, node.id, now, 'waiting', waiting);
        return { kind: 'wait', wakeAt, waitEvent: node.data.event, waitKey };
      }
      case 'send': {
        const rules = settings.rules;
        const provider = node.data.providerId ?? this.defaultProviderOf(node.data.channel);
        const deadline = now + (node.data.deadlineHours ?? rules.deadlineHours) * HOUR;
        const key = `j${row.id}:${node.id}:${cursor.steps}`;
        const marketing = node.data.marketing ? 1 : 0;
        const id = this.insertMessage.get(customer, node.data.channel, provider, version.flowId, version.id, node.id, row.id, key, '{}', now, deadline, marketing, now, now) as number | undefined;
        this.log.add(row.id, node.id, now, 'queued', encodeLogSentence(id === undefined ? 'alreadyQueued' : 'queued', { channel: node.data.channel, label, id: id ?? '' }));
        return { kind: 'next', exit: 'next' };
      }
      case 'webhook': {
        const payload = JSON.stringify({ webhook: { url: node.data.url, body: node.data.body } });
        const key = `j${row.id}:${node.id}:${cursor.steps}`;
        const deadline = now + settings.rules.deadlineHours * HOUR;
        const id = this.insertMessage.get(customer, 'webhook', null, version.flowId, version.id, node.id, row.id, key, payload, now, deadline, 0, now, now) as number | undefined;
        this.log.add(row.id, node.id, now, 'queued', encodeLogSentence(id === undefined ? 'webhookAlreadyQueued' : 'webhookQueued', { label, url: node.data.url, id: id ?? '' }));
        return { kind: 'next', exit: 'next' };
      }
      case 'set_attribute':
        this.statements.setAttribute.run(jsonMemberPath(node.data.attribute), JSON.stringify(node.data.value), now, customer);
        this.log.add(row.id, node.id, now, 'action', encodeLogSentence('setAttribute', { attribute: node.data.attribute, value: JSON.stringify(node.data.value) }));
        return { kind: 'next', exit: 'next' };
      case 'list_membership':
        if (node.data.segmentId !== null) {
          if (node.data.op === 'add') this.statements.listAdd.run(node.data.segmentId, customer, now);
          else this.statements.listRemove.run(node.data.segmentId, customer);
        }
        this.log.add(row.id, node.id, now, 'action', encodeLogSentence(node.data.op === 'add' ? 'addedToList' : 'removedFromList', { list: node.data.listName || `#${node.data.segmentId}` }));
        return { kind: 'next', exit: 'next' };
      case 'add_score':
        this.statements.addScore.run(node.data.points, now, customer);
        this.log.add(row.id, node.id, now, 'action', encodeLogSentence('scorePoints', { points: `${node.data.points >= 0 ? '+' : ''}${node.data.points}` }));
        return { kind: 'next', exit: 'next' };
      case 'goal':
      case 'exit':
        this.log.add(row.id, node.id, now, 'completed', encodeLogSentence(node.type === 'exit' ? 'reachedExit' : 'reachedGoal'));
        return { kind: 'end', state: 'completed' };
    }
  }

  /**
   * One event for the flows: it resolves waits for it, takes customers out at goals, and enters
   * customers into flows it triggers. Returns entries by version for the caller to apply in bulk.
   */
  applyEvent(event: { customerId: number; name: string; ts: number; properties: Record<string, unknown> }, now: number, live: readonly LiveVersion[]): Map<LiveVersion, EnterRequest[]> {
    const waiting = this.statements.waitingFor.all(event.name, event.customerId) as {
      id: number;
      flow_version_id: number;
      node_id: string;
      wait_key: string | null;
      updated_at: number;
      wake_at: number;
    }[];
    for (const journey of waiting) {
      const version = this.versions.get(journey.flow_version_id);
      const node = version?.nodes.get(journey.node_id);
      if (!version || node?.type !== 'wait_event') continue;
      if (event.ts < journey.updated_at || event.ts > journey.wake_at) continue;
      if (!matchesEventFilters(node.data.where, event.properties)) continue;
      if (journey.wait_key !== null && String(event.properties[node.data.matchKey] ?? '') !== journey.wait_key) continue;
      const next = version.next(node.id, 'happened');
      const happened = { event: event.name, key: node.data.matchKey, value: journey.wait_key ?? '' };
      this.log.add(journey.id, node.id, now, 'event', encodeLogSentence(journey.wait_key !== null ? 'happenedKey' : 'happened', happened));
      // Parked at the step after the wait, active and due now: it runs like any other due journey.
      this.statements.resolveWait.run(next?.id ?? node.id, next ? 'active' : 'completed', next ? now : null, now, next ? null : now, journey.id);
    }

    const inside = this.statements.inside.all(event.customerId) as { id: number; flow_version_id: number; node_id: string }[];
    for (const journey of inside) {
      const version = this.versions.get(journey.flow_version_id);
      const goal = version?.goals.find((g) => g.data.event === event.name && matchesEventFilters(g.data.where, event.properties));
      if (!version || !goal) continue;
      this.log.add(journey.id, goal.id, now, 'goal', goal.label ? encodeLogSentence('goalNamed', { goal: goal.label, event: event.name }) : encodeLogSentence('goalUnnamed', { event: event.name }));
      this.statements.completeAtGoal.run(goal.id, now, now, journey.id);
    }

    const entries = new Map<LiveVersion, EnterRequest[]>();
    for (const version of live) {
      const trigger = version.trigger;
      if (trigger?.type !== 'trigger_event' || trigger.data.event !== event.name) continue;
      if (event.ts < version.publishedAt || !matchesEventFilters(trigger.data.where, event.properties)) continue;
      const key = trigger.data.key !== '' ? String(event.properties[trigger.data.key] ?? '') : '';
      const list = entries.get(version) ?? [];
      list.push({ customerId: event.customerId, triggerKey: key, context: { event: { name: event.name, ...event.properties } } });
      entries.set(version, list);
    }
    return entries;
  }
}
