import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { type Attribution, type AttributionModel, type FunnelReport, type Period } from '../../../shared/domain/analytics';
import { percent } from '../../../shared/domain/metrics';
import { useFormulas, useModelLabel } from './report-words';
import { useT } from '../../i18n';

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
  const t = useT();
  const formulas = useFormulas();
  const modelLabel = useModelLabel();
  const main = useReport('analytics/funnel', { ...scope, period, attribution });
  const second = useReport('analytics/funnel', compareWith ? { ...scope, period, attribution: { ...attribution, model: compareWith } } : null);
  if (main.error)
    return (
      <p role="alert" className="error">
        {main.error}
      </p>
    );
  const report = main.value;
  if (!report) return <p className="hint">{t('report.counting')}</p>;
  const other: FunnelReport | null = compareWith ? second.value : null;
  const otherRow = (nodeId: string) => other?.rows.find((r) => r.nodeId === nodeId) ?? (nodeId === 'total' ? other?.total : undefined);
  const rows = [...report.rows, report.total];
  const modelName = modelLabel(report.attribution.model, true);
  const header = [
    t('report.step'),
    t('report.channel'),
    t('report.sent'),
    t('report.impressions'),
    t('report.clicks'),
    'CTR',
    t('report.conversionsBy', { model: modelName }),
    t('report.cvrBy', { model: modelName }),
    t('report.revenue'),
  ];
  if (other) header.push(t('report.conversionsBy', { model: modelLabel(other.attribution.model, true) }), t('report.cvrBy', { model: modelLabel(other.attribution.model, true) }));
  const name = report.scope.name.replace(/[^\w-]+/g, '_');
  return (
    <>
      <p className="hint">
        {t(report.scope.kind === 'flow' ? 'report.aboutFlow' : 'report.aboutCampaign', {
          name: report.scope.name,
          from: report.period.from,
          to: report.period.to,
          zone: report.timeZone,
          event: report.attribution.event || t('report.noneTracked'),
          hours: report.attribution.windowHours,
          model: modelLabel(report.attribution.model).toLowerCase(),
          counting: t(report.attribution.counting === 'all' ? 'report.everyPurchase' : 'report.onePerMessage'),
        })}
      </p>
      <ReportTable
        title={t(report.scope.kind === 'flow' ? 'report.stepsFunnel' : 'report.campaignFunnel')}
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
        formulas={[formulas.ctr, formulas.cvr, formulas.impressions]}
        footerRows={1}
      />
      <ChartCard title={t('report.funnelChart')} fileName={`funnel-${name}`}>
        <BarChart width={820} height={280} data={report.rows} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip />
          <Legend />
          <Bar dataKey="impressions" name={t('report.impressions')} fill="#4c6ef5" isAnimationActive={false} />
          <Bar dataKey="clicked" name={t('report.clicks')} fill="#15aabf" isAnimationActive={false} />
          <Bar dataKey="conversions" name={t('report.conversions')} fill="#f59f00" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </>
  );
}
