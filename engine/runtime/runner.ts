import type BetterSqlite3 from 'better-sqlite3';
import type { EngineStatus, MessageStatus } from '../../shared/domain/delivery';
import { MESSAGE_STATUSES } from '../../shared/domain/delivery';
import type { RunSummary } from '../../shared/rpc/delivery-methods';
import type { Campaigns } from '../campaigns/campaigns';
import { EngineError } from '../errors';
import type { FlowTriggers } from '../journeys/flow-triggers';
import type { Journeys } from '../journeys/journeys';
import type { SimulatedEngagement } from '../outbox/engagement';
import type { Outbox } from '../outbox/outbox';
import { VirtualClock, type Clock } from './clock';

/**
 * Runs whatever is due at the clock's time, in order: events into flows, engagement coming back,
 * scheduled entries, campaign runs, journeys whose timers ran out, then the outbox. With a virtual
 * clock, `advanceTo` jumps from one due time to the next, so "advance 90 days" runs every timer in
 * the order it would have run, without waiting. Each database step is one write transaction under
 * the engine's write lock; provider calls happen outside any transaction.
 */

export interface RunnerParts {
  sqlite: BetterSqlite3.Database;
  clock: () => Clock;
  lock: <T>(work: () => T) => Promise<T>;
  journeys: Journeys;
  triggers: FlowTriggers;
  outbox: Outbox;
  engagement: SimulatedEngagement;
  campaigns: Campaigns;
  workspaceZone: () => string;
  onChange: () => void;
}

const JOURNEY_BATCH = 2000;
const emptySummary = (): RunSummary => ({ events: 0, entered: 0, steps: 0, queued: 0, sent: 0, suppressed: 0, held: 0, failed: 0, retried: 0, engagement: 0 });

export class EngineRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunSummary> | null = null;
  private stopped = true;
  private recovered = false;

  constructor(private readonly parts: RunnerParts) {}

  private tx<T>(work: () => T): Promise<T> {
    return this.parts.lock(() => this.parts.sqlite.transaction(work).immediate());
  }

  /** Everything due at the clock's current time; repeats until nothing more is due now. */
  runDue(signal?: AbortSignal): Promise<RunSummary> {
    // One pass at a time: a wake-up during a pass is served by the pass that follows it.
    const previous = this.running ?? Promise.resolve(emptySummary());
    const pass = previous.catch(() => undefined).then(() => this.pass(signal));
    this.running = pass;
    void pass.finally(() => {
      if (this.running === pass) this.running = null;
    }).catch(() => undefined);
    return pass;
  }

  private async pass(signal?: AbortSignal): Promise<RunSummary> {
    const p = this.parts;
    const total = emptySummary();
    if (!this.recovered) {
      await this.tx(() => p.outbox.recover());
      await p.outbox.reconcileUnknown();
      this.recovered = true;
    } else await this.tx(() => p.outbox.recover());
    for (let round = 0; round < 1000; round++) {
      if (signal?.aborted) break;
      const now = p.clock().now();
      const before = JSON.stringify(total);
      for (let read = -1; read !== 0; ) {
        read = await this.tx(() => p.triggers.takeEvents(now));
        total.events += read;
      }
      total.engagement += await this.tx(() => p.engagement.apply(now));
      total.entered += await this.tx(() => p.triggers.runDue(now));
      total.queued += await this.tx(() => p.campaigns.runDue(now, p.workspaceZone()));
      for (;;) {
        const advanced = await this.tx(() => p.journeys.advanceDue(now, JOURNEY_BATCH));
        total.steps += advanced.steps;
        if (advanced.journeys < JOURNEY_BATCH) break;
        if (signal?.aborted) break;
      }
      const sent = await p.outbox.sendDue(signal);
      total.sent += sent.sent;
      total.suppressed += sent.suppressed;
      total.held += sent.held;
      total.failed += sent.failed;
      total.retried += sent.retried;
      if (JSON.stringify(total) === before) break;
    }
    if (JSON.stringify(total) !== JSON.stringify(emptySummary())) p.onChange();
    return total;
  }

  /** The earliest time anything is due (call under the write lock: it records first runs of new triggers): a journey timer, a message, engagement, a trigger or a campaign run. */
  nextDueAt(): number | null {
    const p = this.parts;
    const journeys = p.sqlite
      .prepare(
        `SELECT min(wake_at) FROM journeys WHERE state IN ('active', 'waiting') AND wake_at IS NOT NULL
           AND flow_id NOT IN (SELECT id FROM flows WHERE status <> 'live')`,
      )
      .pluck()
      .get() as number | null;
    const candidates = [journeys, p.outbox.nextDueAt(), p.engagement.nextDueAt(), p.triggers.nextDueAt(), p.campaigns.nextDueAt()].filter(
      (t): t is number => t !== null,
    );
    return candidates.length === 0 ? null : Math.min(...candidates);
  }

  /**
   * Moves a virtual clock to `target`, stopping at every due time on the way and running what is
   * due there. Progress is reported as the share of the span covered.
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
    add(await this.runDue(signal));
    for (let hops = 0; hops < 1_000_000; hops++) {
      if (signal?.aborted) break;
      let next = await this.parts.lock(() => this.nextDueAt());
      if (next === null || next > target) break;
      // Something due now that cannot run (its flow is paused): step past it rather than spin.
      if (next <= clock.now()) next = clock.now() + 1;
      await this.parts.lock(() => clock.set(next));
      add(await this.runDue(signal));
      progress?.(clock.now() - start, target - start);
    }
    if (!signal?.aborted && clock.now() < target) {
      await this.parts.lock(() => clock.set(target));
      add(await this.runDue(signal));
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
    const journeyCounts = Object.fromEntries(
      (p.sqlite.prepare('SELECT state, count(*) AS n FROM journeys GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]),
    );
    const messageCounts = Object.fromEntries(
      (p.sqlite.prepare('SELECT status, count(*) AS n FROM messages GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
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
