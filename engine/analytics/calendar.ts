import { DateTime } from 'luxon';
import type { Period } from '../../shared/domain/analytics';

/**
 * Days and months in the workspace's zone. Rows are grouped by UTC hour in SQL (zones move by whole
 * hours, or half hours at worst, so an hour never straddles two local days except for :30 zones,
 * where it is counted by its start) and hours are mapped to local days here, once per hour.
 */
export class Calendar {
  private readonly days = new Map<number, string>();
  private readonly months = new Map<string, { from: number; to: number }>();

  constructor(readonly zone: string) {}

  /** [from, to) in epoch ms for whole local days, both ends included. */
  bounds(period: Period): { from: number; to: number } {
    const from = DateTime.fromISO(period.from, { zone: this.zone }).startOf('day');
    const to = DateTime.fromISO(period.to, { zone: this.zone }).startOf('day').plus({ days: 1 });
    return { from: from.toMillis(), to: to.toMillis() };
  }

  /** YYYY-MM-DD of an epoch hour (ts / 3 600 000) in the zone. */
  dayOfHour(hour: number): string {
    let day = this.days.get(hour);
    if (day === undefined) {
      day = DateTime.fromMillis(hour * 3_600_000, { zone: this.zone }).toISODate()!;
      this.days.set(hour, day);
    }
    return day;
  }

  dayOf(ms: number): string {
    return this.dayOfHour(Math.floor(ms / 3_600_000));
  }

  monthOf(ms: number): string {
    return this.dayOf(ms).slice(0, 7);
  }

  /** [from, to) in epoch ms of a local month (YYYY-MM). */
  monthRange(month: string): { from: number; to: number } {
    let range = this.months.get(month);
    if (!range) {
      const start = DateTime.fromISO(`${month}-01`, { zone: this.zone });
      range = { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis() };
      this.months.set(month, range);
    }
    return range;
  }

  /** Every day of the period, in order. */
  daysOf(period: Period): string[] {
    const out: string[] = [];
    for (let d = DateTime.fromISO(period.from); d.toISODate()! <= period.to; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
    return out;
  }

  monthsOf(period: Period): string[] {
    const out: string[] = [];
    for (let d = DateTime.fromISO(period.from).startOf('month'); d.toISODate()!.slice(0, 7) <= period.to.slice(0, 7); d = d.plus({ months: 1 })) out.push(d.toISODate()!.slice(0, 7));
    return out;
  }

  /** Epoch hours where each month of the period starts locally (the first: the period's start). */
  monthStartHours(period: Period): number[] {
    return this.monthsOf(period).map((month, i) => Math.floor((i === 0 ? this.bounds(period).from : this.monthRange(month).from) / 3_600_000));
  }

  /** The same calendar day shifted by whole years or months (31 March minus a month is 28/29 February). */
  static shift(day: string, by: { years?: number; months?: number }): string {
    return DateTime.fromISO(day).minus(by).toISODate()!;
  }
}
