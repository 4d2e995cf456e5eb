import type BetterSqlite3 from 'better-sqlite3';
import type { EngineStatus, MessageStatus } from '../../shared/domain/delivery';
import { MESSAGE_STATUSES } from '../../shared/domain/delivery';
import type { RunSummary } from '../../shared/rpc/scheduler-methods';
import type { Campaigns } from '../campaigns/campaigns';
import { EngineError } from '../errors';
import type { FlowTriggers } from '../journeys/flow-triggers';
import type { Journeys } from '../journeys/journeys';
import type { SimulatedPopulation } from '../demo/population';
import type { SimulatedEngagement } from '../outbox/engagement';
import type { Outbox } from '../outbox/outbox';
import { VirtualClock, type Clock } from './clock';

export interface RunnerParts {
  sqlite: BetterSqlite3.Database;
  clock: () => Clock;
  lock: <T>(work: () => T) => Promise<T>;
  journeys: Journeys;
  triggers: FlowTriggers;
  outbox: Outbox;
  engagement: SimulatedEngagement;
  population: SimulatedPopulation;
  campaigns: Campaigns;
  workspaceZone: () => string;
  onChange: () => void;
}

const JOURNEY_BATCH = 2000;
const RECOVERY_EVERY_MS = 10_000;
/** Messages of unknown fate are asked about at the first pass, after a pass that left some, and every minute (wall time). */
const RECONCILE_EVERY_MS = 60_000;
const ENGAGEMENT_STEP_MS = 5 * 60_000;
const isDue = (at: number | null, now: number) => at !== null && at <= now;
const emptySummary = (): RunSummary => ({ events: 0, entered: 0, steps: 0, queued: 0, sent: 0, suppressed: 0, held: 0, failed: 0, retried: 0, unknown: 0, engagement: 0 });

/**
 * Runs whatever is due at the clock's time, in order: events into flows, engagement coming back,
 * scheduled entries, campaign runs, journeys whose timers ran out, then the outbox. With a virtual
 * clock, `advanceTo` jumps from one due time to the next, so "advance 90 days" runs every timer in
 * the order it would have run, without waiting. Each database step is one write transaction under
 * the engine's write lock; requests that leave the machine happen outside any transaction.
 */
export class EngineRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunSummary> | null = null;
  private stopped = true;
  private recovered = false;
  private lastRecovery = 0;
  private lastReconcile = 0;
  private warnedStuck = false;
  /** During an advance of the virtual clock: commits skip their own sync (see tx). */
  private simulating = false;

  /** Asked before every step of every pass: prepared once. */
  private readonly nextWake: BetterSqlite3.Statement;

  constructor(private readonly parts: RunnerParts) {
    this.nextWake = parts.sqlite
      .prepare(
        `SELECT min(wake_at) FROM journeys WHERE state IN ('active', 'waiting') AND wake_at IS NOT NULL
           AND flow_id NOT IN (SELECT id FROM flows WHERE status <> 'live')`,
      )
      .pluck();
  }

  private tx<T>(work: () => T): Promise<T> {
    const log = this.parts.journeys.log;
    const sqlite = this.parts.sqlite;
    return this.parts.lock(() => {
      // A simulated day commits thousands of small steps; a sync each (about a millisecond) was a
      // third of an advance. Without it a commit is still atomic and survives a crash of the app;
      // a power cut could undo the last simulated steps, never real sends (the outbox syncs before
      // a request leaves) and never the file's consistency. Real-clock work keeps every sync.
      if (this.simulating) sqlite.exec('PRAGMA synchronous = NORMAL');
      try {
        return sqlite.transaction(() => log.collect(work)).immediate();
      } finally {
        if (this.simulating) sqlite.exec('PRAGMA synchronous = FULL');
      }
    });
  }

  /** Everything due at the clock's current time; repeats until nothing more is due now. */
  runDue(signal?: AbortSignal): Promise<RunSummary> {
    // One pass at a time: a wake-up during a pass is served by the pass that follows it.
    const previous = this.running ?? Promise.resolve(emptySummary());
    const pass = previous.catch(() => undefined).then(() => this.pass(signal));
    this.running = pass;
    void pass
      .finally(() => {
        if (this.running === pass) this.running = null;
      })
      .catch(() => undefined);
    return pass;
  }

  private async reconcile(): Promise<void> {
    this.lastReconcile = Date.now();
    await this.parts.outbox.reconcileUnknown();
  }

  private async pass(signal?: AbortSignal): Promise<RunSummary> {
    const p = this.parts;
    const total = emptySummary();
    // Leases of dead engines are taken back at the first pass, then every little while (wall time).
    if (!this.recovered || Date.now() - this.lastRecovery > RECOVERY_EVERY_MS) {
      await this.tx(() => p.outbox.recover());
      this.recovered = true;
      this.lastRecovery = Date.now();
    }
    if (Date.now() - this.lastReconcile > RECONCILE_EVERY_MS) await this.reconcile();
    for (let round = 0; round < 1000; round++) {
      if (signal?.aborted) break;
      const now = p.clock().now();
      const before = JSON.stringify(total);
      // Each step looks before it writes: a pass with nothing to do commits nothing.
      while (await p.lock(() => p.triggers.hasNewEvents())) total.events += await this.tx(() => p.triggers.takeEvents(now));
      if (await p.lock(() => isDue(p.engagement.nextDueAt(), now))) total.engagement += await this.tx(() => p.engagement.apply(now));
      if (await p.lock(() => isDue(p.population.nextDueAt(), now))) total.events += await this.tx(() => p.population.apply(now));
      if (await p.lock(() => p.triggers.isDue(now))) total.entered += await this.tx(() => p.triggers.runDue(now));
      if (await p.lock(() => p.campaigns.hasWork(now))) total.queued += await this.tx(() => p.campaigns.runDue(now, p.workspaceZone()));
      while (await p.lock(() => isDue(this.nextJourneyWake(), now))) {
        const advanced = await this.tx(() => p.journeys.advanceDue(now, JOURNEY_BATCH));
        total.steps += advanced.steps;
        if (advanced.journeys === 0 || signal?.aborted) break;
      }
      if (await p.lock(() => isDue(p.outbox.nextDueAt(), now))) {
        const sent = await p.outbox.sendDue(signal);
        total.sent += sent.sent;
        total.suppressed += sent.suppressed;
        total.held += sent.held;
        total.failed += sent.failed;
        total.retried += sent.retried;
        total.unknown += sent.unknown;
        // A message just left in doubt is asked about at once (Twilio can tell within a second).
        if (sent.unknown > 0) await this.reconcile();
      }
      if (JSON.stringify(total) === before) break;
    }
    if (JSON.stringify(total) !== JSON.stringify(emptySummary())) p.onChange();
    return total;
  }

  private nextJourneyWake(): number | null {
    return this.nextWake.get() as number | null;
  }

  /**
   * The earliest time anything is due: a journey timer, a message, a trigger or a campaign run
   * ("important"), and engagement coming back or simulated customers' own activity (taken in steps).
   * Call under the write lock: it records first runs of new triggers.
   */
  private dueTimes(): { important: number | null; engagement: number | null } {
    const p = this.parts;
    const earliest = (times: (number | null)[]) => {
      const known = times.filter((t): t is number => t !== null);
      return known.length === 0 ? null : Math.min(...known);
    };
    return {
      important: earliest([this.nextJourneyWake(), p.outbox.nextDueAt(), p.triggers.nextDueAt(), p.campaigns.nextDueAt()]),
      engagement: earliest([p.engagement.nextDueAt(), p.population.nextDueAt()]),
    };
  }

  nextDueAt(): number | null {
    const { important, engagement } = this.dueTimes();
    if (important === null) return engagement;
    return engagement === null ? important : Math.min(important, engagement);
  }

  /**
   * Moves a virtual clock to `target`, stopping at every due time on the way and running what is
   * due there. Engagement the sandbox reports back (a delivery, an open, each at its own second) is
   * taken in steps of up to five minutes of clock time rather than one stop per event: its events
   * keep their exact times, and flows react to them at most five minutes late. Progress is the
   * share of the span covered.
   */
  async advanceTo(target: number, signal?: AbortSignal, progress?: (done: number, total: number) => void): Promise<RunSummary> {
    const clock = this.parts.clock();
    if (!(clock instanceof VirtualClock)) {
      throw new EngineError('conflict', 'This workspace runs on the real clock; switch it to a virtual (simulation) clock to advance time.', { field: 'clock' });
    }
    const start = clock.now();
    const total = emptySummary();
    const add = (summary: RunSummary) => {
      for (const key of Object.keys(total) as (keyof RunSummary)[]) total[key] += summary[key];
    };
    this.simulating = true;
    try {
      add(await this.runDue(signal));
      for (let hops = 0; hops < 10_000_000; hops++) {
        if (signal?.aborted) break;
        const { important, engagement } = await this.parts.lock(() => this.dueTimes());
        let next: number | null;
        if (engagement !== null && (important === null || engagement < important)) next = Math.min(important ?? Infinity, Math.max(engagement, clock.now()) + ENGAGEMENT_STEP_MS);
        else next = important;
        if (next === null || next > target) break;
        // Something due that did not run (it should not happen): step a minute past it rather than spin.
        if (next <= clock.now()) {
          if (!this.warnedStuck) console.error(`[engine] work due at ${new Date(next).toISOString()} did not run; moving on`);
          this.warnedStuck = true;
          next = clock.now() + 60_000;
        }
        clock.set(next, { persist: hops % 500 === 499 });
        add(await this.runDue(signal));
        progress?.(clock.now() - start, target - start);
      }
      if (!signal?.aborted && clock.now() < target) {
        clock.set(target, { persist: false });
        add(await this.runDue(signal));
      }
    } finally {
      this.simulating = false;
      await this.parts.lock(() => clock.persist());
    }
    progress?.(target - start, target - start);
    return total;
  }

  /** Runs due work on its own, waking for the next due time and at least every second (other processes write too). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runDue()
        .then(() => this.parts.lock(() => this.nextDueAt()))
        .catch((error: unknown): number | null => {
          console.error('[engine] run failed', error);
          return null;
        })
        .then((next: number | null) => {
          const now = this.parts.clock().now();
          this.schedule(next === null ? 1000 : Math.min(1000, Math.max(20, next - now)));
        });
    }, delay);
    this.timer.unref?.();
  }

  /** Data changed (an import, a tracked event): run soon rather than at the next poll. */
  wake(): void {
    if (!this.stopped) this.schedule(20);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Call under the write lock, like nextDueAt. */
  status(): EngineStatus {
    const p = this.parts;
    // Journeys are counted (0.35-0.42 s at 1M); messages are kept counted by triggers (migration 0012).
    const journeyCounts = Object.fromEntries((p.sqlite.prepare('SELECT state, count(*) AS n FROM journeys GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
    const messageCounts = Object.fromEntries((p.sqlite.prepare('SELECT status, sum(n) AS n FROM message_counts GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    const next = this.nextDueAt();
    const clock = p.clock();
    return {
      clock: clock.mode,
      now: new Date(clock.now()).toISOString(),
      journeys: { active: journeyCounts['active'] ?? 0, waiting: journeyCounts['waiting'] ?? 0, completed: journeyCounts['completed'] ?? 0, exited: journeyCounts['exited'] ?? 0 },
      messages: Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, messageCounts[s] ?? 0])) as Record<MessageStatus, number>,
      nextDueAt: next === null ? null : new Date(next).toISOString(),
    };
  }
}
