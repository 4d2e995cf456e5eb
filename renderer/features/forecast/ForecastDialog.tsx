import { useEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { Forecast, ForecastPlan } from '../../../shared/rpc/workspaces-methods';
import type { RunningJob } from '../../engine-client/client';
import { engine } from '../../engine-client';
import { formatDateTime, formatNumber } from '../../format';
import { useTimeZone, useWorkspace } from '../../stores/workspace';

const CHANNEL_COLOURS = { push: '#4f6bed', email: '#1f9d55', sms: '#d97706', whatsapp: '#0e9f6e', other: '#8891a7' } as const;

function PlanChart({ title, plan }: { title: string; plan: ForecastPlan }) {
  return (
    <figure>
      <figcaption>{title}</figcaption>
      <BarChart width={440} height={200} data={plan.messagesPerDay} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {(Object.keys(CHANNEL_COLOURS) as (keyof typeof CHANNEL_COLOURS)[]).map((channel) => (
          <Bar key={channel} dataKey={channel} stackId="messages" fill={CHANNEL_COLOURS[channel]} isAnimationActive={false} />
        ))}
      </BarChart>
    </figure>
  );
}

/**
 * "Simulate on a copy": a flow's draft (published there) or a campaign (launched there) run for N
 * days on a copy of the workspace beside the plan as it is, read side by side. Nothing is sent and
 * the workspace is untouched.
 */
export function ForecastDialog({ subject, onClose }: { subject: Forecast['subject']; onClose(): void }) {
  const timeZone = useTimeZone();
  const currency = useWorkspace((s) => s.settings?.currency ?? 'DZD');
  const [days, setDays] = useState(30);
  const [keep, setKeep] = useState(false);
  const [job, setJob] = useState<RunningJob<Forecast> | null>(null);
  const [share, setShare] = useState(0);
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const run = async () => {
    setError(null);
    setForecast(null);
    setShare(0);
    const input = subject.kind === 'flow' ? { flowId: subject.id, days, keep } : { campaignId: subject.id, days, keep };
    const running = engine.start('forecast/run', input, (event) => setShare(event.total ? event.done / event.total : 0));
    setJob(running);
    try {
      setForecast(await running.result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setJob(null);
    }
  };

  const rows: [string, (plan: ForecastPlan) => number][] = [
    [subject.kind === 'flow' ? 'Customers entering this flow' : 'Customers this campaign reaches', (p) => p.entrants],
    ['Messages sent (all flows and campaigns)', (p) => p.messages],
    ['Conversions from messages', (p) => p.conversions],
    [`Revenue from messages (${currency})`, (p) => p.revenue],
    ['Customers held by quiet hours or capped', (p) => p.cappedOrHeld],
    ['Customers messaged by two flows or campaigns the same day', (p) => p.overlap],
  ];
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="forecast-title" className="dialog forecast-dialog" onKeyDown={(e) => e.key === 'Escape' && !job && onClose()}>
      <h2 id="forecast-title">Simulate “{subject.name}” on a copy</h2>
      <p className="hint">
        The workspace is copied, the {subject.kind === 'flow' ? 'draft published' : 'campaign launched'} on the copy and the simulated customers run for the days you choose, beside a copy without it.
        Nothing is sent; this workspace is not changed.
      </p>
      <div className="row">
        <label>
          Days
          <input ref={first} type="number" min={1} max={365} value={days} onChange={(e) => setDays(Math.max(1, Math.min(365, Number(e.target.value))))} />
        </label>
        <label>
          <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> Keep the copy as a workspace
        </label>
        {job ? (
          <>
            <progress aria-label="Simulating" value={share} max={1} />
            <button type="button" onClick={() => void job.cancel()}>
              Stop
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => void run()}>
            Run the forecast
          </button>
        )}
        <button type="button" onClick={onClose} disabled={job !== null}>
          Close
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {forecast && (
        <section aria-label="Forecast">
          <p role="status">
            {forecast.days} days from {formatDateTime(forecast.from, timeZone)} to {formatDateTime(forecast.to, timeZone)};{' '}
            {forecast.population === 'demo' ? 'the demo’s simulated customers.' : 'customers simulated from this workspace’s own history (a model fitted to it, not a promise).'}
            {forecast.keptAs && ` The copy with the draft is kept as the workspace “${forecast.keptAs.name}”.`}
          </p>
          <table className="data" aria-label="Forecast beside the current plan">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">With this {subject.kind === 'flow' ? 'draft' : 'campaign'}</th>
                <th scope="col">Current plan</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{formatNumber(value(forecast.withDraft))}</td>
                  <td>{formatNumber(value(forecast.currentPlan))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <PlanChart title={`Messages per day, with this ${subject.kind === 'flow' ? 'draft' : 'campaign'}`} plan={forecast.withDraft} />
            <PlanChart title="Messages per day, current plan" plan={forecast.currentPlan} />
          </div>
        </section>
      )}
    </div>
  );
}
