import { useEffect, useState } from 'react';
import { lastDays, type Period } from '../../../shared/domain/analytics';
import { engine } from '../../engine-client';
import { readAgainOnChanges } from '../../engine-client/data-changes';
import { useAnalytics } from '../../stores/analytics';
import { useTimeZone } from '../../stores/workspace';

/**
 * The Analytics screen's period, for reports shown elsewhere (a campaign's page): "the last N days"
 * up to the engine's clock (a virtual one too), read again as the clock moves, or the dates chosen.
 */
export function useAnalyticsPeriod(): { period: Period | null; followDays: number | null; now: number | null } {
  const followDays = useAnalytics((s) => s.followDays);
  const chosen = useAnalytics((s) => s.period);
  const timeZone = useTimeZone();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const read = () =>
      void engine.call('engine/clock', {}).then(
        (status) => setNow(Date.parse(status.now)),
        () => setNow(Date.now()),
      );
    read();
    const stop = readAgainOnChanges(['messages', 'settings', 'customers'], read, 1_000);
    const everyMinute = setInterval(read, 60_000);
    return () => {
      stop();
      clearInterval(everyMinute);
    };
  }, []);
  if (followDays === null && chosen) return { period: chosen, followDays, now };
  return { period: now === null ? null : lastDays(now, timeZone, followDays ?? 30), followDays: followDays ?? 30, now };
}
