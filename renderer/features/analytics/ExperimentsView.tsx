import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { Period } from '../../../shared/domain/analytics';
import { percent } from '../../../shared/domain/metrics';
import { useFormulas } from './report-words';
import { useT } from '../../i18n';

import { ChartCard, ReportTable } from './ReportParts';
import { count, useReport } from './use-report';

/** Random splits: each variant against the control group. */
export function ExperimentsView({ period }: { period: Period }) {
  const t = useT();
  const formulas = useFormulas();
  const { value, error } = useReport('analytics/experiments', { period });
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!value) return <p className="hint">{t('report.counting')}</p>;
  if (value.experiments.length === 0) return <p className="hint">{t('report.noExperiments')}</p>;
  return (
    <>
      {value.experiments.map((x) => (
        <div key={`${x.flowId}:${x.nodeId}`}>
          {x.warning && (
            <p role="note" className="banner">
              {x.warning}
            </p>
          )}
          <ReportTable
            title={`${x.flowName}: ${x.label}`}
            fileName={`experiment-${x.flowId}-${x.nodeId}`}
            header={[t('report.group'), t('report.customers'), t('report.conversions'), t('report.conversionRate'), t('report.uplift'), t('report.pValue'), t('report.beatControl')]}
            rows={x.arms.map((a) => [
              a.label,
              count(a.customers),
              count(a.conversions),
              percent(a.rate),
              percent(a.uplift, 1),
              a.pValue === null ? '—' : a.pValue.toFixed(4),
              percent(a.probabilityToBeatControl, 1),
            ])}
            raw={x.arms.map((a) => [a.label, a.customers, a.conversions, a.rate, a.uplift, a.pValue, a.probabilityToBeatControl])}
            formulas={[formulas.uplift, t('report.pValueFormula'), t('report.beatControlFormula')]}
          />
          <ChartCard title={t('report.ratePerGroup', { label: x.label })} fileName={`experiment-${x.flowId}-${x.nodeId}`}>
            <BarChart width={620} height={240} data={x.arms.map((a) => ({ group: a.label, rate: a.rate === null ? null : Math.round(a.rate * 10_000) / 100 }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="group" />
              <YAxis unit=" %" />
              <Tooltip />
              <Bar dataKey="rate" name={t('report.conversionRatePercent')} fill="#7950f2" isAnimationActive={false} />
            </BarChart>
          </ChartCard>
        </div>
      ))}
    </>
  );
}
