import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Period } from '../../../shared/domain/analytics';
import { percent } from '../../../shared/domain/metrics';
import { useFormulas } from './report-words';
import { useT } from '../../i18n';

import { ChartCard, ReportTable } from './ReportParts';
import { count, useReport } from './use-report';

/** New customers (a first purchase) and reactivated ones per month (tables 07-08). */
export function CustomersView({ period }: { period: Period }) {
  const [days, setDays] = useState(90);
  const t = useT();
  const { value, error } = useReport('analytics/customers', { period, reactivationDays: days });
  return (
    <>
      <label className="inline">
        {t('report.purchaseAfter')}{' '}
        <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(Math.max(1, Number(e.target.value) || 90))} aria-label={t('report.reactivationDays')} /> {t('report.withoutOne')}
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {value && (
        <>
          <ReportTable
            title={t('report.newReactivated')}
            fileName={`customers-${period.from}-${period.to}`}
            header={[t('report.month'), t('report.newCustomers'), t('report.reactivatedDays', { days: value.reactivationDays })]}
            rows={value.months.map((m) => [m.month, count(m.newCustomers), count(m.reactivated)])}
            raw={value.months.map((m) => [m.month, m.newCustomers, m.reactivated])}
            formulas={[t('report.newFormula'), t('report.reactivatedFormula', { days: value.reactivationDays })]}
          />
          <ChartCard title={t('report.newReactivatedChart')} fileName={`customers-${period.from}-${period.to}`}>
            <BarChart width={820} height={280} data={value.months} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar dataKey="newCustomers" name={t('report.newCustomers')} fill="#4c6ef5" isAnimationActive={false} />
              <Bar dataKey="reactivated" name={t('report.reactivated')} fill="#37b24d" isAnimationActive={false} />
            </BarChart>
          </ChartCard>
        </>
      )}
    </>
  );
}

/** GMV, orders and gross conversion rate per day, year over year and month over month (figure 39). */
export function CommerceView({ period }: { period: Period }) {
  const t = useT();
  const formulas = useFormulas();
  const { value, error } = useReport('analytics/commerce', { period });
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!value) return <p className="hint">{t('report.counting')}</p>;
  const change = (v: number | null) => percent(v, 1);
  return (
    <>
      <ChartCard title={t('report.gmvChart')} fileName={`commerce-${period.from}-${period.to}`}>
        <LineChart width={820} height={280} data={value.days} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis yAxisId="gmv" />
          <YAxis yAxisId="orders" orientation="right" />
          <Tooltip />
          <Legend />
          <Line yAxisId="gmv" type="monotone" dataKey="gmv" name="GMV" stroke="#4c6ef5" dot={false} isAnimationActive={false} />
          <Line yAxisId="orders" type="monotone" dataKey="orders" name={t('report.orders')} stroke="#f59f00" dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ReportTable
        title={t('report.commerce')}
        fileName={`commerce-${period.from}-${period.to}`}
        header={[
          t('report.day'),
          'GMV',
          t('report.yoy', { what: 'GMV' }),
          t('report.mom', { what: 'GMV' }),
          t('report.orders'),
          t('report.yoy', { what: t('report.orders') }),
          t('report.mom', { what: t('report.orders') }),
          t('report.sessions'),
          t('report.conversionRate'),
          t('report.yoy', { what: 'CR' }),
          t('report.mom', { what: 'CR' }),
        ]}
        rows={value.days.map((d) => [
          d.day,
          count(d.gmv),
          change(d.gmvYoY),
          change(d.gmvMoM),
          count(d.orders),
          change(d.ordersYoY),
          change(d.ordersMoM),
          count(d.sessions),
          percent(d.conversionRate),
          change(d.conversionRateYoY),
          change(d.conversionRateMoM),
        ])}
        raw={value.days.map((d) => [d.day, d.gmv, d.gmvYoY, d.gmvMoM, d.orders, d.ordersYoY, d.ordersMoM, d.sessions, d.conversionRate, d.conversionRateYoY, d.conversionRateMoM])}
        formulas={[t('report.gmvFormula'), formulas.grossConversionRate, t('report.changeFormula', { change: formulas.change })]}
      />
    </>
  );
}
