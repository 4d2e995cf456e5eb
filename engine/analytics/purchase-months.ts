import type BetterSqlite3 from 'better-sqlite3';
import { Calendar } from './calendar';

const DAY = 86_400_000;
const STATE_KEY = 'facts:purchase-months';

/** Where the month counts stand: the zone their months are in, and the last customer a rebuild has reached (null once whole). */
interface MonthsState {
  zone: string;
  rebuiltThrough: number | null;
}

/**
 * Keeps, per local month, how many customers came back after a gap of each length (whole days,
 * rounded up), so "reactivated after more than N days" is a sum over a few hundred rows whatever N
 * the user picks. Fed by the purchase links (purchase_gaps): each time a purchase is linked or
 * relinked, the customer's month is summed again. Months are in the workspace zone; when the zone
 * changes they are rebuilt from the links, customer by customer, in bounded steps, and the views
 * read the links directly until the rebuild is whole.
 */
export class PurchaseMonths {
  private readonly statements: Record<string, BetterSqlite3.Statement>;
  private calendar: Calendar | null = null;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly zone: () => string,
  ) {
    const s = (text: string) => sqlite.prepare(text);
    this.statements = {
      state: s('SELECT value FROM engine_state WHERE key = ?').pluck(),
      setState: s('INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      longestGap: s('SELECT max(ts - previous_ts) FROM purchase_gaps WHERE customer_id = ? AND ts >= ? AND ts < ?').pluck(),
      kept: s('SELECT max_gap FROM purchase_months WHERE customer_id = ? AND month = ?').pluck(),
      keep: s('INSERT INTO purchase_months (customer_id, month, max_gap) VALUES (?, ?, ?) ON CONFLICT (customer_id, month) DO UPDATE SET max_gap = excluded.max_gap'),
      forget: s('DELETE FROM purchase_months WHERE customer_id = ? AND month = ?'),
      count: s('INSERT INTO reactivation_days (month, gap_days, customers) VALUES (?, ?, ?) ON CONFLICT (month, gap_days) DO UPDATE SET customers = customers + excluded.customers'),
      chunkEnd: s('SELECT customer_id FROM purchase_gaps WHERE customer_id > ? ORDER BY customer_id LIMIT 1 OFFSET ?').pluck(),
      linksOf: s('SELECT customer_id, ts, previous_ts FROM purchase_gaps WHERE customer_id > ? AND customer_id <= ? AND previous_ts IS NOT NULL'),
      lastCustomer: s('SELECT max(customer_id) FROM purchase_gaps').pluck(),
      linksAfter: s('SELECT count(*) FROM purchase_gaps WHERE customer_id > ?').pluck(),
    };
  }

  /** Purchase links the month counts have not taken in yet (a first build, or a rebuild for a new zone). */
  rowsBehind(): number {
    const state = this.state();
    const current = state !== null && state.zone === this.zone();
    if (current && state.rebuiltThrough === null) return 0;
    return Number(this.statements['linksAfter']!.get(current ? state.rebuiltThrough : 0));
  }

  /** The gap a month's count is filed under: "more than N days" is then exactly gap_days > N. */
  static gapDays(gapMs: number): number {
    return Math.ceil(gapMs / DAY);
  }

  private state(): MonthsState | null {
    return PurchaseMonths.parseState(this.statements['state']!.get(STATE_KEY));
  }

  /** The kept state as the writer (keeping the counts) or a report's reader reads it. */
  private static parseState(raw: unknown): MonthsState | null {
    return typeof raw === 'string' ? (JSON.parse(raw) as MonthsState) : null;
  }

  private setState(state: MonthsState): void {
    this.statements['setState']!.run(STATE_KEY, JSON.stringify(state));
  }

  private calendarOf(zone: string): Calendar {
    if (this.calendar?.zone !== zone) this.calendar = new Calendar(zone);
    return this.calendar;
  }

  /**
   * These customers' purchases at these times were just linked or got a new previous purchase: their
   * months are summed again. Call inside the write transaction that changed the links.
   */
  linksChanged(changes: readonly { customerId: number; purchaseTimes: number[] }[]): void {
    if (changes.length === 0) return;
    const state = this.state();
    if (state === null || state.zone !== this.zone()) return; // step() rebuilds from every link anyway
    const calendar = this.calendarOf(state.zone);
    for (const { customerId, purchaseTimes } of changes) {
      if (state.rebuiltThrough !== null && customerId > state.rebuiltThrough) continue; // the rebuild has not reached them yet
      for (const month of new Set(purchaseTimes.map((ts) => calendar.monthOf(ts)))) this.sumAgain(customerId, month, calendar);
    }
  }

  private sumAgain(customerId: number, month: string, calendar: Calendar): void {
    const { from, to } = calendar.monthRange(month);
    const longest = (this.statements['longestGap']!.get(customerId, from, to) as number | null) ?? null;
    const kept = (this.statements['kept']!.get(customerId, month) as number | undefined) ?? null;
    if (longest === kept) return;
    if (kept !== null) this.statements['count']!.run(month, PurchaseMonths.gapDays(kept), -1);
    if (longest === null) {
      this.statements['forget']!.run(customerId, month);
    } else {
      this.statements['keep']!.run(customerId, month, longest);
      this.statements['count']!.run(month, PurchaseMonths.gapDays(longest), 1);
    }
  }

  /**
   * One bounded step of a rebuild (a first one, or after the zone changed); call inside a write
   * transaction. Returns whether any is left.
   */
  step(linksPerStep = 20_000): { more: boolean } {
    const zone = this.zone();
    let state = this.state();
    if (state === null || state.zone !== zone) {
      this.sqlite.prepare('DELETE FROM purchase_months').run();
      this.sqlite.prepare('DELETE FROM reactivation_days').run();
      state = { zone, rebuiltThrough: 0 };
    }
    if (state.rebuiltThrough === null) return { more: false };
    const from = state.rebuiltThrough;
    // Whole customers per step (about linksPerStep links): linksChanged() then knows from one number whose months are kept.
    const to = (this.statements['chunkEnd']!.get(from, linksPerStep) as number | undefined) ?? Number(this.statements['lastCustomer']!.get() ?? from);
    const calendar = this.calendarOf(zone);
    const longest = new Map<string, { customer: number; month: string; gap: number }>();
    for (const link of this.statements['linksOf']!.iterate(from, to) as Iterable<{ customer_id: number; ts: number; previous_ts: number }>) {
      const month = calendar.monthOf(link.ts);
      const key = `${link.customer_id}:${month}`;
      const gap = link.ts - link.previous_ts;
      const found = longest.get(key);
      if (!found) longest.set(key, { customer: link.customer_id, month, gap });
      else if (gap > found.gap) found.gap = gap;
    }
    const counts = new Map<string, { month: string; days: number; customers: number }>();
    for (const { customer, month, gap } of longest.values()) {
      this.statements['keep']!.run(customer, month, gap);
      const days = PurchaseMonths.gapDays(gap);
      const key = `${month}:${days}`;
      const count = counts.get(key) ?? { month, days, customers: 0 };
      count.customers++;
      counts.set(key, count);
    }
    for (const c of counts.values()) this.statements['count']!.run(c.month, c.days, c.customers);
    const whole = this.statements['chunkEnd']!.get(to, 0) === undefined;
    this.setState({ zone, rebuiltThrough: whole ? null : to });
    return { more: !whole };
  }

  /**
   * Reactivated customers (a purchase more than `days` days after their previous one) in each of the
   * given whole local months, or null when the counts are not ready for this zone (being rebuilt).
   * Reads through any connection.
   */
  static read(reader: BetterSqlite3.Database, zone: string, months: string[], days: number): Map<string, number> | null {
    const state = PurchaseMonths.parseState(reader.prepare('SELECT value FROM engine_state WHERE key = ?').pluck().get(STATE_KEY));
    if (state === null || state.zone !== zone || state.rebuiltThrough !== null) return null;
    const sum = reader.prepare('SELECT total(customers) FROM reactivation_days WHERE month = ? AND gap_days > ?').pluck();
    return new Map(months.map((month) => [month, Number(sum.get(month, days))]));
  }
}
