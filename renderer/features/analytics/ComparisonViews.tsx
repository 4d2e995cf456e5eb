import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { MODEL_LABELS, type Attribution, type AttributionModel, type Period } from '../../../shared/domain/analytics';
import { FORMULAS, percent } from '../../../shared/domain/metrics';
import { CHANNEL_LABELS } from '../../choices';
import type { Channel } from '../../../shared/domain/channels';
import { ChartCard, ReportTable } from './ReportParts';
import { count, useReport } from './use-report';

const COLOURS = ['#4c6ef5', '#f59f00', '#37b24d', '#e64980', '#15aabf', '#7950f2'];
const channelName = (c: string) => CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS] ?? c;
const asPercent = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);

/** Flows compared over a period (tables 11-13): open-and-click rate, conversion rate, sales. */
export function FlowsView({ period, attribution, compareWith, channel }: { period: Period; attribution: Attribution; compareWith: AttributionModel | null; channel: Channel | null }) {
  const channels = channel ? [channel] : undefined;
  const main = useReport('analytics/flows', { period, attribution, channels });
  const second = useReport('analytics/flows', compareWith ? { period, attribution: { ...attribution, model: compareWith }, channels } : null);
  if (main.error)
    return (
      <p role="alert" className="error">
        {main.error}
      </p>
    );
  if (!main.value) return <p className="hint">Counting…</p>;
  const rows = main.value.rows;
  const other = compareWith ? (second.value?.rows ?? []) : null;
  const label = (m: AttributionModel) => MODEL_LABELS[m].split(' (')[0];
  const header = ['Flow', 'Sent', 'Impressions', 'Opened or clicked', 'Open-and-click rate', `Sales (${label(attribution.model)})`, `Conversion rate (${label(attribution.model)})`, 'Revenue'];
  if (compareWith) header.push(`Sales (${label(compareWith)})`, `Conversion rate (${label(compareWith)})`);
  const chartData = rows.map((r) => ({ name: r.name, 'Open-and-click rate (%)': asPercent(r.openClickRate), 'Conversion rate (%)': asPercent(r.conversionRate) }));
  return (
    <>
      <ReportTable
        title={channel ? `Flows compared (${channelName(channel)} only)` : 'Flows compared'}
        fileName={`flows-${period.from}-${period.to}`}
        header={header}
        rows={rows.map((r) => {
          const o = other?.find((x) => x.flowId === r.flowId);
          const cells: (string | number)[] = [
            r.name,
            count(r.sent),
            count(r.impressions),
            count(r.openedOrClicked),
            percent(r.openClickRate),
            count(r.conversions),
            percent(r.conversionRate),
            count(r.revenue),
          ];
          if (other) cells.push(o ? count(o.conversions) : '…', o ? percent(o.conversionRate) : '…');
          return cells;
        })}
        raw={rows.map((r) => {
          const o = other?.find((x) => x.flowId === r.flowId);
          const cells: (string | number | null)[] = [r.name, r.sent, r.impressions, r.openedOrClicked, r.openClickRate, r.conversions, r.conversionRate, r.revenue];
          if (other) cells.push(o?.conversions ?? null, o?.conversionRate ?? null);
          return cells;
        })}
        formulas={[FORMULAS.openClickRate, 'conversion rate = conversions / impressions', 'sales = attributed conversions']}
      />
      <ChartCard title="Rates per flow" fileName={`flows-rates-${period.from}-${period.to}`}>
        <BarChart width={820} height={280} data={chartData} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis unit=" %" />
          <Tooltip />
          <Legend />
          <Bar dataKey="Open-and-click rate (%)" fill={COLOURS[0]} isAnimationActive={false} />
          <Bar dataKey="Conversion rate (%)" fill={COLOURS[1]} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </>
  );
}

/** Share of conversions by channel per month (table 14, figure 38). */
export function ChannelsView({ period, attribution }: { period: Period; attribution: Attribution }) {
  const { value, error } = useReport('analytics/channels', { period, attribution });
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!value) return <p className="hint">Counting…</p>;
  const chartData = value.months.map((m) => ({ month: m.month, ...Object.fromEntries(value.channels.map((c) => [channelName(c), asPercent(m.byChannel[c]?.share ?? null)])) }));
  return (
    <>
      <ReportTable
        title="Share of conversions by channel"
        fileName={`channels-${period.from}-${period.to}`}
        header={['Month', ...value.channels.map(channelName), 'Conversions']}
        rows={value.months.map((m) => [m.month, ...value.channels.map((c) => percent(m.byChannel[c]?.share ?? null)), count(m.total)])}
        raw={value.months.map((m) => [m.month, ...value.channels.map((c) => m.byChannel[c]?.share ?? null), m.total])}
        formulas={[FORMULAS.conversionShare]}
      />
      <ChartCard title="Share of conversions by channel, per month" fileName={`channels-${period.from}-${period.to}`}>
        <LineChart width={820} height={280} data={chartData} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit=" %" domain={[0, 100]} />
          <Tooltip />
          <Legend />
          {value.channels.map((c, i) => (
            <Line key={c} type="monotone" dataKey={channelName(c)} stroke={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </LineChart>
      </ChartCard>
    </>
  );
}
