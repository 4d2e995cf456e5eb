import type { schedulerMethods } from '../../shared/rpc/scheduler-methods';
import { EngineError } from '../errors';
import type { EngineServices, HandlersOf } from '../handler-types';
import { readSettings } from '../settings';
import { addSpan, localDateTimeToMs } from '../time/local-time';
import { RealClock, VirtualClock, writeClockState, type Clock } from './clock';
import type { EngineRunner } from './runner';

/** The workspace's clock, which engine/set-clock swaps between the real one and a virtual one. */
export interface ClockSlot {
  get(): Clock;
  set(clock: Clock): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** shared/rpc/scheduler-methods.ts: the clock, what is due, runs, and advancing a virtual clock. */
export function schedulerHandlers(
  { ws, writeLock, emit }: EngineServices,
  clock: ClockSlot,
  runner: EngineRunner,
  realNow: () => number,
  /** The clock was set to another time: what was planned for simulated customers starts again from there. */
  clockMoved: () => void,
): HandlersOf<typeof schedulerMethods> {
  const lock = <T>(work: () => T) => writeLock.run(async () => work());
  return {
    'engine/clock': () => ({ clock: clock.get().mode, now: iso(clock.get().now()) }),
    'engine/status': () => lock(() => runner.status()),
    'engine/run-due': (_input, ctx) => runner.runDue(ctx.signal),
    'engine/set-clock': async (input) => {
      await lock(() => {
        if (input.mode === 'real') {
          writeClockState(ws.sqlite, { mode: 'real' });
          clock.set(new RealClock(realNow));
        } else {
          // A start without a zone ("2026-03-01T09:00", as a date-time field gives it) is the workspace's local time.
          const hasZone = input.start !== undefined && /(?:Z|[+-]\d\d:?\d\d)$/i.test(input.start);
          const start = input.start === undefined ? clock.get().now() : hasZone ? Date.parse(input.start) : (localDateTimeToMs(input.start, readSettings(ws).timeZone) ?? Date.parse(input.start));
          writeClockState(ws.sqlite, { mode: 'virtual', now: start });
          clock.set(new VirtualClock(start, ws.sqlite));
          clockMoved();
        }
      });
      emit({ type: 'data/changed', topic: 'settings' });
      return lock(() => runner.status());
    },
    'engine/advance': async (input, ctx) => {
      const from = clock.get().now();
      const target = 'to' in input ? Date.parse(input.to) : addSpan(from, input.by, readSettings(ws).timeZone);
      if (target < from) throw new EngineError('invalid_input', `The clock is already at ${iso(from)}; it cannot go back to ${iso(target)}.`, { field: 'to' });
      const summary = await runner.advanceTo(target, ctx.signal, (done, total) => ctx.progress({ done, total, unit: 'rows', rowsDone: done }));
      emit({ type: 'data/changed', topic: 'customers' });
      return { ...summary, now: iso(clock.get().now()) };
    },
  };
}
