import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Period } from '../../../shared/domain/analytics';
import { FORMULAS, percent } from '../../../shared/domain/metrics';
import { ChartCard, ReportTable } from './ReportParts';
import { count, useReport } from './use-report';

/** New customers (a first purchase) and reactivated ones per month (tables 07-08). */
export function CustomersView({ period }: { period: Period }) {
  const [days, setDays] = useState(90);
  const { value, error } = useReport('analytics/customers', { period, reactivationDays: days });
  return (
    <>
      <label className="inline">
        A purchase after{' '}
        <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(Math.max(1, Number(e.target.value) || 90))} aria-label="Days without a purchase for a reactivation" /> days
        without one is a reactivation
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {value && (
        <>
          <ReportTable
            title="New and reactivated customers"
            fileName={`customers-${period.from}-${period.to}`}
            header={['Month', 'New customers', `Reactivated (${value.reactivationDays} days)`]}
            rows={value.months.map((m) => [m.month, count(m.newCustomers), count(m.reactivated)])}
            raw={value.months.map((m) => [m.month, m.newCustomers, m.reactivated])}
            formulas={['new = customers whose first purchase ever falls in the month', `reactivated = customers with a purchase ${value.reactivationDays} days or more after their previous one`]}
          />
          <ChartCard title="New and reactivated customers per month" fileName={`customers-${period.from}-${period.to}`}>
            <BarChart width={820} height={280} data={value.months} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar dataKey="newCustomers" name="New customers" fill="#4c6ef5" isAnimationActive={false} />
              <Bar dataKey="reactivated" name="Reactivated" fill="#37b24d" isAnimationActive={false} />
            </BarChart>
          </ChartCard>
        </>
      )}
    </>
  );
}

/** GMV, orders and gross conversion rate per day, year over year and month over month (figure 39). */
export function CommerceView({ period }: { period: Period }) {
  const { value, error } = useReport('analytics/commerce', { period });
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!value) return <p className="hint">Counting…</p>;
  const change = (v: number | null) => percent(v, 1);
  return (
    <>
      <ChartCard title="GMV and orders per day" fileName={`commerce-${period.from}-${period.to}`}>
        <LineChart width={820} height={280} data={value.days} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis yAxisId="gmv" />
          <YAxis yAxisId="orders" orientation="right" />
          <Tooltip />
          <Legend />
          <Line yAxisId="gmv" type="monotone" dataKey="gmv" name="GMV" stroke="#4c6ef5" dot={false} isAnimationActive={false} />
          <Line yAxisId="orders" type="monotone" dataKey="orders" name="Orders" stroke="#f59f00" dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ReportTable
        title="Commerce per day"
        fileName={`commerce-${period.from}-${period.to}`}
        header={['Day', 'GMV', 'GMV YoY', 'GMV MoM', 'Orders', 'Orders YoY', 'Orders MoM', 'Sessions', 'Conversion rate', 'CR YoY', 'CR MoM']}
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
        formulas={['GMV = sum of purchase amounts', FORMULAS.grossConversionRate, `${FORMULAS.change}: the same day a year before (YoY) and a month before (MoM)`]}
      />
    </>
  );
}
