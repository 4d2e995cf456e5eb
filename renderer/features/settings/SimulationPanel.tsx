import { useEffect, useState } from 'react';
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
      setResult(mode === 'virtual' ? 'This workspace now runs on a virtual clock: time moves only when you advance it.' : 'Back on the real clock.');
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
      setResult(
        `Now ${formatDateTime(summary.now, timeZone)}: ${summary.entered} entered flows, ${summary.steps} steps, ${summary.sent} messages sent, ` +
          `${summary.suppressed} suppressed, ${summary.held} held, ${summary.engagement} engagement events.`,
      );
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
      <h2 id="clock-heading">Engine and clock</h2>
      <dl className="facts">
        <dt>Clock</dt>
        <dd data-testid="engine-clock">
          {status.clock === 'virtual' ? 'Virtual (simulation)' : 'Real'}: {formatDateTime(status.now, timeZone)}
        </dd>
        <dt>Customers in flows</dt>
        <dd>
          {waiting} in progress, {status.journeys.completed} completed, {status.journeys.exited} left early
        </dd>
        <dt>Outbox</dt>
        <dd data-testid="engine-outbox">
          {Object.entries(status.messages)
            .filter(([, n]) => n > 0)
            .map(([state, n]) => `${n} ${state}`)
            .join(', ') || 'empty'}
        </dd>
        <dt>Next due</dt>
        <dd>{status.nextDueAt ? formatDateTime(status.nextDueAt, timeZone) : 'nothing scheduled'}</dd>
      </dl>
      <div className="row">
        <label>
          Start the virtual clock at ({timeZone})
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} aria-describedby="clock-start-hint" />
        </label>
        <button type="button" disabled={job !== null} onClick={() => void setClock('virtual')}>
          {status.clock === 'real' ? 'Use a virtual clock (simulation workspace)' : start ? 'Move the virtual clock there' : 'Restart the virtual clock now'}
        </button>
        <span id="clock-start-hint" className="hint">
          Empty: from now. Customers’ own planned activity starts again from the new time.
        </span>
      </div>
      {settings && (
        <label>
          <input
            type="checkbox"
            checked={settings.simulatedCustomers}
            onChange={(e) => void updateSettings({ simulatedCustomers: e.target.checked }).catch((error: Error) => setResult(error.message))}
          />{' '}
          Simulated customers: under a virtual clock, customers come, browse, buy, lapse and answer messages as time advances (fitted from their history; a demo’s own model)
        </label>
      )}
      {status.clock === 'real' ? null : (
        <div className="row">
          <label>
            Advance by <input aria-label="Advance amount" type="number" min={1} max={1000} value={amount} onChange={(e) => setAmount(Number(e.target.value))} />
          </label>
          <select aria-label="Advance unit" value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
            <option value="hours">hours</option>
            <option value="days">days</option>
            <option value="weeks">weeks</option>
          </select>
          {job ? (
            <>
              <progress aria-label="Advancing the clock" value={progress} max={1} />
              <button type="button" onClick={() => void job.cancel()}>
                Stop
              </button>
            </>
          ) : (
            <button type="button" onClick={() => void advance()}>
              Advance the clock
            </button>
          )}
          <button type="button" onClick={() => void setClock('real')} disabled={job !== null}>
            Back to the real clock
          </button>
        </div>
      )}
      {result && <p role="status">{result}</p>}
    </section>
  );
}
