import { jsonMemberPath } from '../db/sql-names';
import type BetterSqlite3 from 'better-sqlite3';
import type { FlowNodeOf } from '../../shared/domain/flow';
import { addSpan, localDateTimeToMs, nextMonthDay, nextTimeOfDay, sameDateAt, startOfLocalDay, subtractSpan, zoneOr } from '../time/local-time';
import { CustomerMatcher } from './customer-matcher';
import type { FlowVersions, LiveVersion } from './flow-graph';
import type { Journeys } from './journeys';
import type { LogSentence } from '../../shared/domain/journey-words';

/**
 * What brings customers into live flows, besides events: a segment they come to match (checked
 * every hour of clock time and whenever data changed), a schedule, and a date property. Next runs
 * and the event cursor are rows in engine_state, so a restart neither repeats nor skips a run: a run
 * missed while the app was closed happens once at start-up, and message deadlines drop what is stale.
 */
const SEGMENT_CHECK_MS = 3_600_000;

type Trigger = LiveVersion & { trigger: NonNullable<LiveVersion['trigger']> };

export class FlowTriggers {
  private readonly getState: BetterSqlite3.Statement;
  private readonly setState: BetterSqlite3.Statement;
  private readonly eventsAfter: BetterSqlite3.Statement;
  private readonly waitedEvents: BetterSqlite3.Statement;
  private readonly newestEvent: BetterSqlite3.Statement;
  private readonly pinnableVersions: BetterSqlite3.Statement;
  private readonly earliestOpenJourney: BetterSqlite3.Statement;
  private dataChanged = false;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly journeys: Journeys,
    private readonly versions: FlowVersions,
    private readonly matcher: CustomerMatcher,
  ) {
    this.getState = sqlite.prepare('SELECT value FROM engine_state WHERE key = ?').pluck();
    this.setState = sqlite.prepare('INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.eventsAfter = sqlite.prepare('SELECT id, customer_id, name, ts, properties FROM events WHERE id > ? ORDER BY id LIMIT ?');
    this.waitedEvents = sqlite.prepare(`SELECT DISTINCT wait_event FROM journeys WHERE state = 'waiting' AND wait_event IS NOT NULL`).pluck();
    this.newestEvent = sqlite.prepare('SELECT max(id) FROM events').pluck();
    // Goals of versions customers may still be pinned to count too.
    this.earliestOpenJourney = sqlite.prepare(`SELECT min(entered_at) FROM journeys WHERE state IN ('active', 'waiting')`).pluck();
    this.pinnableVersions = sqlite.prepare(`SELECT v.id FROM flow_versions v JOIN flows f ON f.id = v.flow_id WHERE f.status IN ('live', 'paused')`).pluck();
    // Events already in the workspace when the engine first runs are history, not triggers.
    if (this.state('events_cursor') === undefined) this.setState.run('events_cursor', String((this.newestEvent.get() as number | null) ?? 0));
  }

  private state(key: string): string | undefined {
    return this.getState.get(key) as string | undefined;
  }

  /** Whether events were written since the cursor: one indexed read, no transaction. */
  hasNewEvents(): boolean {
    const newest = (this.newestEvent.get() as number | null) ?? 0;
    return newest > Number(this.state('events_cursor') ?? 0);
  }

  /** Whether a segment, schedule or date entry is due (or data changed and segments must be checked). */
  isDue(now: number): boolean {
    const next = this.nextDueAt();
    return (this.dataChanged && this.versions.live().some((v) => v.trigger?.type === 'trigger_segment')) || (next !== null && next <= now);
  }

  /** Imports, tracked events and edits call this, so segment entry is checked at the next tick. */
  markDataChanged(): void {
    this.dataChanged = true;
  }

  /** Feeds events written since the last call to the flows; returns how many were read. Call in a write transaction. */
  takeEvents(now: number, limit = 5000): number {
    const cursor = Number(this.state('events_cursor') ?? 0);
    const rows = this.eventsAfter.all(cursor, limit) as { id: number; customer_id: number; name: string; ts: number; properties: string }[];
    if (rows.length === 0) return 0;
    const live = this.versions.live();
    const interesting = new Set<string>(this.waitedEvents.all() as string[]);
    for (const version of live) {
      if (version.trigger?.type === 'trigger_event') interesting.add(version.trigger.data.event);
      for (const goal of version.goals) interesting.add(goal.data.event);
    }
    for (const row of this.pinnableVersions.all() as number[]) {
      for (const goal of this.versions.get(row)?.goals ?? []) interesting.add(goal.data.event);
    }
    // An event older than every live version and every open journey (history imported late, a
    // demo's year) can start, resume or complete nothing: entries need ts >= publication, waits
    // ts >= the journey's last step, goals an event while inside. Told apart without a query each.
    const earliestPublished = Math.min(...live.map((version) => version.publishedAt));
    let horizon: number | null = null;
    for (const row of rows) {
      if (!interesting.has(row.name)) continue;
      if (row.ts < earliestPublished) {
        horizon ??= Math.min(earliestPublished, (this.earliestOpenJourney.get() as number | null) ?? Number.POSITIVE_INFINITY);
        if (row.ts < horizon) continue;
      }
      const event = { customerId: row.customer_id, name: row.name, ts: row.ts, properties: JSON.parse(row.properties) as Record<string, unknown> };
      for (const [version, requests] of this.journeys.applyEvent(event, now, live)) {
        // Enter per event, so two carts in one batch are two keys, and entry rules see earlier entries.
        this.journeys.enter(version, requests, now, { key: 'enteredOnEvent', values: { event: row.name } });
      }
    }
    this.setState.run('events_cursor', String(rows.at(-1)!.id));
    return rows.length;
  }

  /** Runs the segment, schedule and date-property entries that are due. Call in a write transaction. */
  runDue(now: number): number {
    let entered = 0;
    const changed = this.dataChanged;
    this.dataChanged = false;
    for (const version of this.versions.live()) {
      const trigger = version.trigger;
      if (!trigger) continue;
      const key = `${trigger.type}:${version.id}`;
      const due = this.nextRunOf(version as Trigger);
      if (due === null) continue;
      if (trigger.type === 'trigger_segment') {
        if (!changed && due > now) continue;
        entered += this.journeys.enterMatching(version, trigger.data.filter, now, { key: 'enteredSegment', values: {} });
        this.setState.run(key, String(now + SEGMENT_CHECK_MS));
        continue;
      }
      if (due > now) continue;
      if (trigger.type === 'trigger_schedule') entered += this.runSchedule(version, trigger, due, now);
      if (trigger.type === 'trigger_date') entered += this.runDateProperty(version, trigger, due, now);
      const next = this.computeNext(version as Trigger, now);
      this.setState.run(key, next === null ? 'done' : String(next));
    }
    return entered;
  }

  private runSchedule(version: LiveVersion, trigger: FlowNodeOf<'trigger_schedule'>, runAt: number, now: number): number {
    const flowZone = version.settings.timeZone;
    const why: LogSentence = { key: 'scheduledRun', values: { time: new Date(runAt).toISOString() } };
    if (trigger.data.zone === 'flow') return this.journeys.enterMatching(version, trigger.data.audience, now, why);
    const ids = this.matcher.all(trigger.data.audience, now);
    // In each customer's own zone: the same local date, at the schedule's time there (at once if already past).
    const zones = this.sqlite.prepare('SELECT id, time_zone FROM customers WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; time_zone: string | null }[];
    const requests = zones.map((row) => {
      const zone = zoneOr(row.time_zone, flowZone);
      const startAt = Math.max(now, sameDateAt(runAt, flowZone, trigger.data.time, zone));
      return { customerId: row.id, startAt };
    });
    return this.journeys.enter(version, requests, now, why);
  }

  private runDateProperty(version: LiveVersion, trigger: FlowNodeOf<'trigger_date'>, runAt: number, now: number): number {
    const zone = version.settings.timeZone;
    const dayStart = startOfLocalDay(runAt, zone);
    const dayEnd = addSpan(dayStart, { amount: 1, unit: 'days' }, zone);
    const shift = (ms: number) => (trigger.data.direction === 'after' ? subtractSpan(ms, trigger.data.offset, zone) : addSpan(ms, trigger.data.offset, zone));
    const field = trigger.data.field;
    const range = [shift(dayStart), shift(dayEnd)];
    const ids = (
      field === 'signupAt' || field === 'createdAt'
        ? this.sqlite
            .prepare(`SELECT c.id FROM customers c WHERE c.${field === 'signupAt' ? 'signup_at' : 'created_at'} >= ? AND c.${field === 'signupAt' ? 'signup_at' : 'created_at'} < ?`)
            .pluck()
            .all(...range)
        : this.sqlite
            .prepare('SELECT c.id FROM customers c WHERE unixepoch(json_extract(c.attributes, @path)) * 1000 >= @from AND unixepoch(json_extract(c.attributes, @path)) * 1000 < @to')
            .pluck()
            .all({ path: jsonMemberPath(field.replace(/^attributes\./, '')), from: range[0], to: range[1] })
    ) as number[];
    return this.journeys.enter(
      version,
      ids.map((customerId) => ({ customerId })),
      now,
      { key: 'dateProperty', values: { field, span: `${trigger.data.offset.amount} ${trigger.data.offset.unit}`, direction: trigger.data.direction } },
    );
  }

  /** When this version's trigger next runs (null: never again), computing and storing the first run. */
  private nextRunOf(version: Trigger): number | null {
    const key = `${version.trigger.type}:${version.id}`;
    const stored = this.state(key);
    if (stored === 'done') return null;
    if (stored !== undefined) return Number(stored);
    const first = version.trigger.type === 'trigger_segment' ? version.publishedAt : this.computeNext(version, version.publishedAt, true);
    this.setState.run(key, first === null ? 'done' : String(first));
    return first;
  }

  private computeNext(version: Trigger, after: number, first = false): number | null {
    const trigger = version.trigger;
    const zone = version.settings.timeZone;
    if (trigger.type === 'trigger_segment') return after + SEGMENT_CHECK_MS;
    if (trigger.type === 'trigger_date') return nextTimeOfDay(after, trigger.data.time, [], zone, { strictlyAfter: true });
    if (trigger.type !== 'trigger_schedule') return null;
    const d = trigger.data;
    switch (d.repeat) {
      case 'once':
        return first ? localDateTimeToMs(d.at, zone) : null;
      case 'daily':
        return nextTimeOfDay(after, d.time, [], zone, { strictlyAfter: true });
      case 'weekly':
        return nextTimeOfDay(after, d.time, d.weekdays.length > 0 ? d.weekdays : [1], zone, { strictlyAfter: true });
      case 'monthly':
        return nextMonthDay(after, d.time, d.dayOfMonth, zone);
    }
  }

  /** The earliest scheduled entry still to run, for the virtual clock to jump to. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const version of this.versions.live()) {
      if (!version.trigger || !['trigger_segment', 'trigger_schedule', 'trigger_date'].includes(version.trigger.type)) continue;
      const due = this.nextRunOf(version as Trigger);
      if (due !== null && (next === null || due < next)) next = due;
    }
    return next;
  }
}
