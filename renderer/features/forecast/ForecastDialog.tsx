import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../../ui/Dialog';
import { useT } from '../../i18n';
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
  const t = useT();
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
    [t(subject.kind === 'flow' ? 'forecast.entrantsFlow' : 'forecast.entrantsCampaign'), (p) => p.entrants],
    [t('forecast.messages'), (p) => p.messages],
    [t('forecast.conversions'), (p) => p.conversions],
    [t('forecast.revenue', { currency }), (p) => p.revenue],
    [t('forecast.capped'), (p) => p.cappedOrHeld],
    [t('forecast.overlap'), (p) => p.overlap],
  ];
  return (
    // Escape closes it, except while a simulation runs (Stop does that).
    <Dialog labelledBy="forecast-title" onClose={onClose} closable={job === null} className="forecast-dialog">
      <h2 id="forecast-title">{t('forecast.title', { name: subject.name })}</h2>
      <p className="hint">{t(subject.kind === 'flow' ? 'forecast.hintFlow' : 'forecast.hintCampaign')}</p>
      <div className="row">
        <label>
          {t('forecast.days')}
          <input ref={first} type="number" min={1} max={365} value={days} onChange={(e) => setDays(Math.max(1, Math.min(365, Number(e.target.value))))} />
        </label>
        <label>
          <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> {t('forecast.keep')}
        </label>
        {job ? (
          <>
            <progress aria-label={t('forecast.simulating')} value={share} max={1} />
            <button type="button" onClick={() => void job.cancel()}>
              {t('forecast.stop')}
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => void run()}>
            {t('forecast.run')}
          </button>
        )}
        <button type="button" onClick={onClose} disabled={job !== null}>
          {t('forecast.close')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {forecast && (
        <section aria-label={t('forecast.region')}>
          <p role="status">
            {t('forecast.span', { days: forecast.days, from: formatDateTime(forecast.from, timeZone), to: formatDateTime(forecast.to, timeZone) })}
            {forecast.population === 'demo' ? t('forecast.demo') : t('forecast.fitted')}
            {forecast.keptAs && t('forecast.kept', { name: forecast.keptAs.name })}
          </p>
          <table className="data" aria-label={t('forecast.table')}>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t(subject.kind === 'flow' ? 'forecast.withFlow' : 'forecast.withCampaign')}</th>
                <th scope="col">{t('forecast.current')}</th>
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
            <PlanChart title={t(subject.kind === 'flow' ? 'forecast.chartFlow' : 'forecast.chartCampaign')} plan={forecast.withDraft} />
            <PlanChart title={t('forecast.chartCurrent')} plan={forecast.currentPlan} />
          </div>
        </section>
      )}
    </Dialog>
  );
}
