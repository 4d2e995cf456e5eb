import type BetterSqlite3 from 'better-sqlite3';
import type { CommerceDay, CustomersMonth, Period } from '../../shared/domain/analytics';
import { change, rate } from '../../shared/domain/metrics';
import { Calendar } from './calendar';
import { PurchaseMonths } from './purchase-months';

const HOUR = 3_600_000;

/**
 * The reports read from customers' events rather than from messages: new and reactivated customers
 * per month, and GMV, orders and conversion rate per day against a year and a month before.
 */
export class CustomerReports {
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly zone: () => string,
  ) {}

  customers(input: { period: Period; reactivationDays: number; event: string }): { period: Period; timeZone: string; reactivationDays: number; months: CustomersMonth[] } {
    const calendar = new Calendar(this.zone());
    const bounds = calendar.bounds(input.period);
    const gap = input.reactivationDays * 86_400_000;
    const months = calendar.monthsOf(input.period).map((month) => ({ month, newCustomers: 0, reactivated: 0 }));
    if (input.event === 'purchase') {
      // New: first purchases (one per customer) counted month by month on their own index.
      // Reactivated: whole months from the counts kept per month and gap length; a month the period
      // cuts (or every month while those counts are being rebuilt for a new zone) from the links
      // with a long gap in its part of the period, counted once per customer.
      const firsts = this.sqlite.prepare('SELECT count(*) FROM purchase_gaps WHERE previous_ts IS NULL AND ts >= ? AND ts < ?').pluck();
      // Each month's part of the period; a month wholly inside it is read from the counts.
      const slices = months.map(({ month }) => {
        const range = calendar.monthRange(month);
        return { from: Math.max(range.from, bounds.from), to: Math.min(range.to, bounds.to), whole: range.from >= bounds.from && range.to <= bounds.to };
      });
      slices.forEach((slice, i) => {
        months[i]!.newCustomers = Number(firsts.get(slice.from, slice.to));
      });
      const whole = months.filter((_, i) => slices[i]!.whole).map((m) => m.month);
      const kept = PurchaseMonths.read(this.sqlite, calendar.zone, whole, input.reactivationDays);
      const back = this.sqlite.prepare('SELECT count(DISTINCT customer_id) FROM purchase_gaps WHERE previous_ts IS NOT NULL AND ts >= ? AND ts < ? AND ts - previous_ts > ?').pluck();
      months.forEach((m, i) => {
        m.reactivated = kept?.get(m.month) ?? Number(back.get(slices[i]!.from, slices[i]!.to, gap));
      });
    } else {
      // Another event: each one in the period with the customer's previous one, read backwards from the (customer, name, ts) index.
      const rows = this.sqlite
        .prepare(
          `SELECT p.customer_id, p.ts,
             (SELECT max(q.ts) FROM events q WHERE q.customer_id = p.customer_id AND q.name = @event AND q.ts < p.ts) AS previous
           FROM events p WHERE p.name = @event AND p.ts >= @from AND p.ts < @to`,
        )
        .all({ event: input.event, from: bounds.from, to: bounds.to }) as { customer_id: number; ts: number; previous: number | null }[];
      const sets = new Map(months.map((m) => [m.month, { fresh: new Set<number>(), back: new Set<number>() }]));
      for (const row of rows) {
        const month = sets.get(calendar.monthOf(row.ts));
        if (!month) continue;
        if (row.previous === null) month.fresh.add(row.customer_id);
        else if (row.ts - row.previous > gap) month.back.add(row.customer_id);
      }
      for (const m of months) {
        m.newCustomers = sets.get(m.month)!.fresh.size;
        m.reactivated = sets.get(m.month)!.back.size;
      }
    }
    return { period: input.period, timeZone: calendar.zone, reactivationDays: input.reactivationDays, months };
  }

  /**
   * GMV and orders (the purchase event and its amounts) and sessions (session events) per local day,
   * from the hourly event rollups, for the period and the same days a year and a month before.
   */
  commerce(input: { period: Period; event: string; sessionEvents: string[] }): { period: Period; timeZone: string; days: CommerceDay[] } {
    const calendar = new Calendar(this.zone());
    const read = this.sqlite.prepare('SELECT name, hour, events, amount FROM event_hours WHERE name IN (SELECT value FROM json_each(?)) AND hour >= ? AND hour < ?');
    const perDay = new Map<string, { orders: number; gmv: number; sessions: number }>();
    const names = JSON.stringify([input.event, ...input.sessionEvents]);
    const ranges = [input.period, shiftPeriod(input.period, { years: 1 }), shiftPeriod(input.period, { months: 1 })];
    const seen = new Set<string>();
    for (const range of ranges) {
      const bounds = calendar.bounds(range);
      const key = `${bounds.from}:${bounds.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const row of read.all(names, Math.floor(bounds.from / HOUR), Math.ceil(bounds.to / HOUR)) as { name: string; hour: number; events: number; amount: number }[]) {
        const day = calendar.dayOfHour(row.hour);
        const entry = perDay.get(day) ?? { orders: 0, gmv: 0, sessions: 0 };
        if (row.name === input.event) {
          entry.orders += row.events;
          entry.gmv += row.amount;
        }
        if (input.sessionEvents.includes(row.name)) entry.sessions += row.events;
        perDay.set(day, entry);
      }
    }
    const figures = (day: string) => {
      const entry = perDay.get(day) ?? { orders: 0, gmv: 0, sessions: 0 };
      return { ...entry, cr: rate(entry.orders, entry.sessions) };
    };
    const crChange = (now: number | null, before: number | null) => (now === null || before === null ? null : change(now, before));
    const days = calendar.daysOf(input.period).map((day): CommerceDay => {
      const now = figures(day);
      const year = figures(Calendar.shift(day, { years: 1 }));
      const month = figures(Calendar.shift(day, { months: 1 }));
      return {
        day,
        gmv: now.gmv,
        orders: now.orders,
        sessions: now.sessions,
        conversionRate: now.cr,
        gmvYoY: change(now.gmv, year.gmv),
        gmvMoM: change(now.gmv, month.gmv),
        ordersYoY: change(now.orders, year.orders),
        ordersMoM: change(now.orders, month.orders),
        conversionRateYoY: crChange(now.cr, year.cr),
        conversionRateMoM: crChange(now.cr, month.cr),
      };
    });
    return { period: input.period, timeZone: calendar.zone, days };
  }
}

function shiftPeriod(period: Period, by: { years?: number; months?: number }): Period {
  return { from: Calendar.shift(period.from, by), to: Calendar.shift(period.to, by) };
}
