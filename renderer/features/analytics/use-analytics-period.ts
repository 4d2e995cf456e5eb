import { useEffect, useState } from 'react';
import { lastDays, type Period } from '../../../shared/domain/analytics';
import { engine } from '../../engine-client';
import { readAgainOnChanges } from '../../engine-client/data-changes';
import { useAnalytics } from '../../stores/analytics';
import { useTimeZone } from '../../stores/workspace';

/**
 * "Now" as the engine has it (a simulation workspace's virtual clock too), read again as data
 * changes (the clock advancing) and every minute (a real clock moves with no data changing, and
 * "the last 30 days" rolls over at midnight on an open screen). Null until first read.
 */
export function useEngineClock(): { now: number | null; mode: 'real' | 'virtual' | null } {
  const [clock, setClock] = useState<{ now: number | null; mode: 'real' | 'virtual' | null }>({ now: null, mode: null });
  useEffect(() => {
    const read = () =>
      void engine.call('engine/clock', {}).then(
        (status) => setClock({ now: Date.parse(status.now), mode: status.clock }),
        () => setClock({ now: Date.now(), mode: null }),
      );
    read();
    const stop = readAgainOnChanges(['messages', 'settings', 'customers'], read, 1_000);
    const everyMinute = setInterval(read, 60_000);
    return () => {
      stop();
      clearInterval(everyMinute);
    };
  }, []);
  return clock;
}

/** The Analytics screen's period at `now`: the last N days up to it when following the clock, else the dates chosen. */
export function analyticsPeriodAt(now: number, timeZone: string, followDays: number | null, chosen: Period | null): Period {
  return followDays === null && chosen ? chosen : lastDays(now, timeZone, followDays ?? 30);
}

/**
 * The Analytics screen's period, for reports shown elsewhere (a campaign's page): "the last N days"
 * up to the engine's clock, or the dates chosen.
 */
export function useAnalyticsPeriod(): { period: Period | null; followDays: number | null; now: number | null } {
  const followDays = useAnalytics((s) => s.followDays);
  const chosen = useAnalytics((s) => s.period);
  const timeZone = useTimeZone();
  const { now } = useEngineClock();
  const following = followDays === null && chosen ? null : (followDays ?? 30);
  return { period: now === null ? (following === null ? chosen : null) : analyticsPeriodAt(now, timeZone, followDays, chosen), followDays: following, now };
}
