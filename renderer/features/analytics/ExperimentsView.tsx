import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { Period } from '../../../shared/domain/analytics';
import { FORMULAS, percent } from '../../../shared/domain/metrics';
import { ChartCard, ReportTable } from './ReportParts';
import { count, useReport } from './use-report';

/** Random splits: each variant against the control group. */
export function ExperimentsView({ period }: { period: Period }) {
  const { value, error } = useReport('analytics/experiments', { period });
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!value) return <p className="hint">Counting…</p>;
  if (value.experiments.length === 0)
    return <p className="hint">No random split has assigned customers in this period. Add a random split with a control group to a flow to test a message against sending nothing.</p>;
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
            header={['Group', 'Customers', 'Conversions', 'Conversion rate', 'Uplift', 'p-value', 'Probability to beat control']}
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
            formulas={[FORMULAS.uplift, 'p-value: chi-square test of the 2x2 table against control', 'probability to beat control: Beta(1,1) priors, exact']}
          />
          <ChartCard title={`${x.label}: conversion rate per group`} fileName={`experiment-${x.flowId}-${x.nodeId}`}>
            <BarChart width={620} height={240} data={x.arms.map((a) => ({ group: a.label, rate: a.rate === null ? null : Math.round(a.rate * 10_000) / 100 }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="group" />
              <YAxis unit=" %" />
              <Tooltip />
              <Bar dataKey="rate" name="Conversion rate (%)" fill="#7950f2" isAnimationActive={false} />
            </BarChart>
          </ChartCard>
        </div>
      ))}
    </>
  );
}
