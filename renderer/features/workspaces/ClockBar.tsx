import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import type { RunningJob } from '../../engine-client/client';
import { engine } from '../../engine-client';
import { readAgainOnChanges } from '../../engine-client/data-changes';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';

/**
 * A virtual clock, from any screen: its time and a day or a week forward, with progress and stop,
 * so a trainer advances the demo while watching a flow or a report fill.
 */
export function ClockBar() {
  const timeZone = useTimeZone();
  const t = useT();
  const [clock, setClock] = useState<{ clock: 'real' | 'virtual'; now: string } | null>(null);
  const [job, setJob] = useState<RunningJob<unknown> | null>(null);
  const [share, setShare] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const read = () => void engine.call('engine/clock', {}).then(setClock, () => setClock(null));
    read();
    return readAgainOnChanges(['settings', 'messages', 'customers'], read, 500);
  }, []);
  if (clock?.clock !== 'virtual') return null;

  const advance = async (days: number) => {
    setError(null);
    setShare(0);
    const running = engine.start('engine/advance', { by: { amount: days, unit: 'days' } }, (event) => setShare(event.total ? event.done / event.total : 0));
    setJob(running);
    try {
      await running.result;
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setJob(null);
      void engine.call('engine/clock', {}).then(setClock);
    }
  };

  return (
    <div className="clock-bar" role="group" aria-label={t('clock.group')}>
      <div data-testid="clock-bar-now">{t('clock.now', { time: formatDateTime(clock.now, timeZone) })}</div>
      {job ? (
        <div className="row">
          <progress aria-label={t('clock.advancing')} value={share} max={1} />
          <button type="button" onClick={() => void job.cancel()}>
            {t('clock.stop')}
          </button>
        </div>
      ) : (
        <div className="row">
          {[1, 7, 30].map((days) => (
            <button key={days} type="button" onClick={() => void advance(days)}>
              {t('clock.plusDays', { count: days })}
            </button>
          ))}
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
