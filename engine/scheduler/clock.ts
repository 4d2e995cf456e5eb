import type BetterSqlite3 from 'better-sqlite3';
import { EngineError } from '../errors';

/**
 * Every part of the engine asks this for the time. A real workspace follows the wall clock; a
 * sandbox workspace runs on a virtual clock that only moves when told to ("advance 90 days"), so a
 * three-month flow runs in seconds and a test can say exactly when things happen.
 */
export interface Clock {
  readonly mode: 'real' | 'virtual';
  now(): number;
}

export class RealClock implements Clock {
  readonly mode = 'real' as const;
  constructor(private readonly source: () => number = Date.now) {}
  now(): number {
    return this.source();
  }
}

/** The virtual time is kept in the workspace (engine_state), so the CLI and the app agree on it. */
export class VirtualClock implements Clock {
  readonly mode = 'virtual' as const;
  constructor(
    private current: number,
    private readonly sqlite: BetterSqlite3.Database,
  ) {}

  now(): number {
    return this.current;
  }

  /**
   * Moves time forward (never back: timers already run would run again). `persist: false` keeps it
   * in memory during a long advance (one write per hop would cost a commit each); the advance
   * records it at the end and every so often.
   */
  set(ms: number, options: { persist?: boolean } = {}): void {
    if (ms < this.current) throw new EngineError('invalid_input', `The virtual clock cannot go back in time (now ${new Date(this.current).toISOString()}).`, { field: 'to' });
    this.current = ms;
    if (options.persist !== false) this.persist();
  }

  persist(): void {
    writeClockState(this.sqlite, { mode: 'virtual', now: this.current });
  }
}

type ClockState = { mode: 'real' } | { mode: 'virtual'; now: number };

export function readClockState(sqlite: BetterSqlite3.Database): ClockState {
  const value = sqlite.prepare("SELECT value FROM engine_state WHERE key = 'clock'").pluck().get() as string | undefined;
  return value ? (JSON.parse(value) as ClockState) : { mode: 'real' };
}

export function writeClockState(sqlite: BetterSqlite3.Database, state: ClockState): void {
  sqlite.prepare("INSERT INTO engine_state (key, value) VALUES ('clock', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(state));
}
