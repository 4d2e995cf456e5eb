import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import type { EngineStatus } from '../../../shared/domain/delivery';
import type { RunSummary } from '../../../shared/rpc/scheduler-methods';
import type { RunningJob } from '../../engine-client/client';
import { engine } from '../../engine-client';
import { readAgainOnChanges } from '../../engine-client/data-changes';
import { formatDateTime } from '../../format';
import { useTimeZone, useWorkspace } from '../../stores/workspace';

type Unit = 'hours' | 'days' | 'weeks';

/**
 * The engine's clock. A sandbox workspace runs on a virtual clock that moves only when advanced, so
 * a trainer can run 90 days of journeys in seconds and watch what each customer got, and when.
 */
export function SimulationPanel() {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [amount, setAmount] = useState(1);
  const [unit, setUnit] = useState<Unit>('days');
  const [job, setJob] = useState<RunningJob<RunSummary & { now: string }> | null>(null);
  const [progress, setProgress] = useState(0);
  const [result, setResult] = useState<string | null>(null);
  const timeZone = useTimeZone();
  const [start, setStart] = useState('');
  const t = useT();
  const settings = useWorkspace((s) => s.settings);
  const updateSettings = useWorkspace((s) => s.updateSettings);

  const refresh = () => void engine.call('engine/status', {}).then(setStatus, (e: Error) => setResult(e.message));
  useEffect(() => {
    refresh();
    // The status counts every journey (0.4 s at a million): read it again at most every 2 s.
    return readAgainOnChanges(['messages', 'settings'], refresh, 2_000);
  }, []);
  if (!status) return null;

  const setClock = async (mode: 'real' | 'virtual') => {
    try {
      setStatus(await engine.call('engine/set-clock', mode === 'virtual' && start ? { mode, start } : { mode }));
      setResult(mode === 'virtual' ? t('sim.nowVirtual') : t('sim.nowReal'));
    } catch (error) {
      setResult((error as Error).message);
    }
  };

  const advance = async () => {
    setResult(null);
    setProgress(0);
    const running = engine.start('engine/advance', { by: { amount, unit } }, (event) => setProgress(event.total ? event.done / event.total : 0));
    setJob(running);
    try {
      const summary = await running.result;
      setResult(t('sim.summary', { ...summary, now: formatDateTime(summary.now, timeZone) }));
    } catch (error) {
      setResult((error as Error).message);
    } finally {
      setJob(null);
      refresh();
    }
  };

  const waiting = status.journeys.active + status.journeys.waiting;
  return (
    <section aria-labelledby="clock-heading">
      <h2 id="clock-heading">{t('sim.heading')}</h2>
      <dl className="facts">
        <dt>{t('sim.clock')}</dt>
        <dd data-testid="engine-clock">
          {status.clock === 'virtual' ? t('sim.virtual') : t('sim.real')}: {formatDateTime(status.now, timeZone)}
        </dd>
        <dt>{t('sim.inFlows')}</dt>
        <dd>{t('sim.journeys', { waiting, completed: status.journeys.completed, exited: status.journeys.exited })}</dd>
        <dt>{t('sim.outbox')}</dt>
        <dd data-testid="engine-outbox">
          {Object.entries(status.messages)
            .filter(([, n]) => n > 0)
            .map(([state, n]) => `${n} ${state}`)
            .join(', ') || t('sim.empty')}
        </dd>
        <dt>{t('sim.nextDue')}</dt>
        <dd>{status.nextDueAt ? formatDateTime(status.nextDueAt, timeZone) : t('sim.nothing')}</dd>
      </dl>
      <div className="row">
        <label>
          {t('sim.startAt', { zone: timeZone })}
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} aria-describedby="clock-start-hint" />
        </label>
        <button type="button" disabled={job !== null} onClick={() => void setClock('virtual')}>
          {status.clock === 'real' ? t('sim.useVirtual') : start ? t('sim.moveThere') : t('sim.restartNow')}
        </button>
        <span id="clock-start-hint" className="hint">
          {t('sim.startHint')}
        </span>
      </div>
      {settings && (
        <label>
          <input
            type="checkbox"
            checked={settings.simulatedCustomers}
            onChange={(e) => void updateSettings({ simulatedCustomers: e.target.checked }).catch((error: Error) => setResult(error.message))}
          />{' '}
          {t('sim.simulated')}
        </label>
      )}
      {status.clock === 'real' ? null : (
        <div className="row">
          <label>
            {t('sim.advanceBy')} <input aria-label={t('sim.amount')} type="number" min={1} max={1000} value={amount} onChange={(e) => setAmount(Number(e.target.value))} />
          </label>
          <select aria-label={t('sim.unit')} value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
            <option value="hours">{t('sim.hours')}</option>
            <option value="days">{t('sim.days')}</option>
            <option value="weeks">{t('sim.weeks')}</option>
          </select>
          {job ? (
            <>
              <progress aria-label={t('sim.advancing')} value={progress} max={1} />
              <button type="button" onClick={() => void job.cancel()}>
                {t('sim.stop')}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => void advance()}>
              {t('sim.advance')}
            </button>
          )}
          <button type="button" onClick={() => void setClock('real')} disabled={job !== null}>
            {t('sim.backToReal')}
          </button>
        </div>
      )}
      {result && <p role="status">{result}</p>}
    </section>
  );
}
