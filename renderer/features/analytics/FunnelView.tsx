import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { MODEL_LABELS, type Attribution, type AttributionModel, type FunnelReport, type Period } from '../../../shared/domain/analytics';
import { FORMULAS, percent } from '../../../shared/domain/metrics';
import { ChartCard, ReportTable } from './ReportParts';
import { count, useReport } from './use-report';

/**
 * A flow per send step (as the reference table 09) or a campaign: sent, impressions, clicks, CTR,
 * conversions, CVR, revenue; with a second attribution model beside the first when asked.
 */
export function FunnelView({
  scope,
  period,
  attribution,
  compareWith,
}: {
  scope: { flowId: number } | { campaignId: number };
  period: Period;
  attribution: Attribution;
  compareWith: AttributionModel | null;
}) {
  const main = useReport('analytics/funnel', { ...scope, period, attribution });
  const second = useReport('analytics/funnel', compareWith ? { ...scope, period, attribution: { ...attribution, model: compareWith } } : null);
  if (main.error)
    return (
      <p role="alert" className="error">
        {main.error}
      </p>
    );
  const report = main.value;
  if (!report) return <p className="hint">Counting…</p>;
  const other: FunnelReport | null = compareWith ? second.value : null;
  const otherRow = (nodeId: string) => other?.rows.find((r) => r.nodeId === nodeId) ?? (nodeId === 'total' ? other?.total : undefined);
  const rows = [...report.rows, report.total];
  const modelName = MODEL_LABELS[report.attribution.model].split(' (')[0];
  const header = ['Step', 'Channel', 'Sent', 'Impressions', 'Clicks', 'CTR', `Conversions (${modelName})`, `CVR (${modelName})`, 'Revenue'];
  if (other) header.push(`Conversions (${MODEL_LABELS[other.attribution.model].split(' (')[0]})`, `CVR (${MODEL_LABELS[other.attribution.model].split(' (')[0]})`);
  const name = report.scope.name.replace(/[^\w-]+/g, '_');
  return (
    <>
      <p className="hint">
        {report.scope.kind === 'flow' ? 'Flow' : 'Campaign'} “{report.scope.name}”, {report.period.from} to {report.period.to} ({report.timeZone}). Conversion:{' '}
        {report.attribution.event || 'none tracked'}, within {report.attribution.windowHours} h, {MODEL_LABELS[report.attribution.model].toLowerCase()},{' '}
        {report.attribution.counting === 'all' ? 'every purchase counted' : 'one per message'}.
      </p>
      <ReportTable
        title={`${report.scope.kind === 'flow' ? 'Steps' : 'Campaign'}: funnel`}
        fileName={`funnel-${name}-${report.period.from}-${report.period.to}`}
        header={header}
        rows={rows.map((r) => {
          const cells: (string | number)[] = [r.label, r.channel, count(r.sent), count(r.impressions), count(r.clicked), percent(r.ctr), count(r.conversions), percent(r.cvr), count(r.revenue)];
          const o = otherRow(r.nodeId);
          if (other) cells.push(o ? count(o.conversions) : '…', o ? percent(o.cvr) : '…');
          return cells;
        })}
        raw={rows.map((r) => {
          const cells: (string | number | null)[] = [r.label, r.channel, r.sent, r.impressions, r.clicked, r.ctr, r.conversions, r.cvr, r.revenue];
          const o = otherRow(r.nodeId);
          if (other) cells.push(o?.conversions ?? null, o?.cvr ?? null);
          return cells;
        })}
        formulas={[FORMULAS.ctr, FORMULAS.cvr, FORMULAS.impressions]}
      />
      <ChartCard title="Impressions, clicks and conversions per step" fileName={`funnel-${name}`}>
        <BarChart width={820} height={280} data={report.rows} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip />
          <Legend />
          <Bar dataKey="impressions" name="Impressions" fill="#4c6ef5" isAnimationActive={false} />
          <Bar dataKey="clicked" name="Clicks" fill="#15aabf" isAnimationActive={false} />
          <Bar dataKey="conversions" name="Conversions" fill="#f59f00" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </>
  );
}
