import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { type Attribution, type AttributionModel, type Period } from '../../../shared/domain/analytics';
import { percent } from '../../../shared/domain/metrics';
import { useFormulas, useModelLabel } from './report-words';
import { useT } from '../../i18n';

import { channelLabel } from '../../choices';
import type { Channel } from '../../../shared/domain/channels';
import { ChartCard, ReportTable } from './ReportParts';
import { count, useReport } from './use-report';

const COLOURS = ['#4c6ef5', '#f59f00', '#37b24d', '#e64980', '#15aabf', '#7950f2'];
const channelName = (c: string) => channelLabel(c);
const asPercent = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);

/** Flows compared over a period (tables 11-13): open-and-click rate, conversion rate, sales. */
export function FlowsView({ period, attribution, compareWith, channel }: { period: Period; attribution: Attribution; compareWith: AttributionModel | null; channel: Channel | null }) {
  const channels = channel ? [channel] : undefined;
  const t = useT();
  const formulas = useFormulas();
  const modelLabel = useModelLabel();
  const main = useReport('analytics/flows', { period, attribution, channels });
  const second = useReport('analytics/flows', compareWith ? { period, attribution: { ...attribution, model: compareWith }, channels } : null);
  if (main.error)
    return (
      <p role="alert" className="error">
        {main.error}
      </p>
    );
  if (!main.value) return <p className="hint">{t('report.counting')}</p>;
  const rows = main.value.rows;
  const other = compareWith ? (second.value?.rows ?? []) : null;
  const label = (m: AttributionModel) => modelLabel(m, true);
  const header = [
    t('report.flow'),
    t('report.sent'),
    t('report.impressions'),
    t('report.openedOrClicked'),
    t('report.openClickRate'),
    t('report.salesBy', { model: label(attribution.model) }),
    t('report.conversionRateBy', { model: label(attribution.model) }),
    t('report.revenue'),
  ];
  if (compareWith) header.push(t('report.salesBy', { model: label(compareWith) }), t('report.conversionRateBy', { model: label(compareWith) }));
  const openClick = t('report.openClickRatePercent');
  const conversion = t('report.conversionRatePercent');
  const chartData = rows.map((r) => ({ name: r.name, [openClick]: asPercent(r.openClickRate), [conversion]: asPercent(r.conversionRate) }));
  return (
    <>
      <ReportTable
        title={channel ? t('report.flowsComparedOnly', { channel: channelName(channel) }) : t('report.flowsCompared')}
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
        formulas={[formulas.openClickRate, t('report.conversionRateFormula'), t('report.salesFormula')]}
      />
      <ChartCard title={t('report.ratesPerFlow')} fileName={`flows-rates-${period.from}-${period.to}`}>
        <BarChart width={820} height={280} data={chartData} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis unit=" %" />
          <Tooltip />
          <Legend />
          <Bar dataKey={openClick} fill={COLOURS[0]} isAnimationActive={false} />
          <Bar dataKey={conversion} fill={COLOURS[1]} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </>
  );
}

/** Share of conversions by channel per month (table 14, figure 38). */
export function ChannelsView({ period, attribution }: { period: Period; attribution: Attribution }) {
  const t = useT();
  const formulas = useFormulas();
  const { value, error } = useReport('analytics/channels', { period, attribution });
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!value) return <p className="hint">{t('report.counting')}</p>;
  const chartData = value.months.map((m) => ({ month: m.month, ...Object.fromEntries(value.channels.map((c) => [channelName(c), asPercent(m.byChannel[c]?.share ?? null)])) }));
  return (
    <>
      <ReportTable
        title={t('report.shareByChannel')}
        fileName={`channels-${period.from}-${period.to}`}
        header={[t('report.month'), ...value.channels.map(channelName), t('report.conversions')]}
        rows={value.months.map((m) => [m.month, ...value.channels.map((c) => percent(m.byChannel[c]?.share ?? null)), count(m.total)])}
        raw={value.months.map((m) => [m.month, ...value.channels.map((c) => m.byChannel[c]?.share ?? null), m.total])}
        formulas={[formulas.conversionShare]}
      />
      <ChartCard title={t('report.shareChart')} fileName={`channels-${period.from}-${period.to}`}>
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
