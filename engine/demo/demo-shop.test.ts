import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { seasonFactor, writeDemoShopFiles } from './demo-shop';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const DAY = 86_400_000;

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const rowsOf = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
const share = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length / items.length;

describe('the demo shop generator', () => {
  test('customers keep its promises: valid +213 mobiles, three languages, opt-out shares, push tokens for app users, two years of sign-ups', async () => {
    const files = await writeDemoShopFiles(temp.dir, { customers: 3000, seed: 11, now: NOW });
    const customers = rowsOf(files.customersCsv);
    expect(customers).toHaveLength(3000);
    expect(new Set(customers.map((c) => c.external_id)).size).toBe(3000);
    for (const customer of customers) expect(isValidPhoneNumber(customer.phone as string), customer.phone).toBe(true);
    expect(customers.every((c) => c.phone?.startsWith('+213'))).toBe(true);
    for (const language of ['fr', 'ar', 'en']) expect(share(customers, (c) => c.language === language)).toBeGreaterThan(0.05);
    expect(customers.some((c) => /[\u0600-\u06ff]/.test(c.first_name as string))).toBe(true);
    // Nobody can get push without a token; some opted out of each channel, most did not.
    expect(customers.every((c) => c.consent_push === 'no' || c.push_token !== '')).toBe(true);
    expect(share(customers, (c) => c.push_token !== '')).toBeGreaterThan(0.5);
    for (const channel of ['email', 'push', 'sms', 'whatsapp']) {
      const yes = share(customers, (c) => c[`consent_${channel}`] === 'yes');
      expect(yes, channel).toBeGreaterThan(0.3);
      expect(yes, channel).toBeLessThan(0.9);
    }
    const signups = customers.map((c) => Date.parse(c.signup_date as string));
    expect(Math.min(...signups)).toBeLessThan(NOW - 600 * DAY);
    expect(Math.max(...signups)).toBeLessThanOrEqual(NOW);
  });

  test('a year of history up to now, busier in Ramadan than in an ordinary month, with customers who lapse and come back', async () => {
    const files = await writeDemoShopFiles(temp.dir, { customers: 3000, seed: 11, now: NOW });
    const events = rowsOf(files.eventsCsv);
    expect(events.length).toBe(files.events);
    const times = events.map((e) => Date.parse(e.time as string));
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(Math.min(...times)).toBeLessThan(NOW - 360 * DAY);
    for (const name of ['app_install', 'app_open', 'site_visit', 'product_view', 'add_to_cart', 'purchase'])
      expect(
        events.some((e) => e.event === name),
        name,
      ).toBe(true);
    expect(events.filter((e) => e.event === 'purchase').every((e) => Number(e.amount) > 0 && e.order_ref !== '')).toBe(true);
    // Ramadan 2026 ran from 18 February to 19 March: its events per day against the month before
    // (a month close by, as sign-ups keep growing the population through the year).
    const perDay = (from: string, to: string) => {
      const start = Date.parse(from);
      const end = Date.parse(to);
      return times.filter((t) => t >= start && t < end).length / ((end - start) / DAY);
    };
    expect(perDay('2026-02-18', '2026-03-20')).toBeGreaterThan(1.3 * perDay('2026-01-18', '2026-02-18'));
    // A customer who lapsed: a gap of 30 days or more between two of their sessions.
    const byCustomer = new Map<string, number[]>();
    for (const event of events) byCustomer.set(event.customer_id as string, [...(byCustomer.get(event.customer_id as string) ?? []), Date.parse(event.time as string)]);
    const lapsedAndBack = [...byCustomer.values()].filter((list) => list.some((t, i) => i > 0 && t - (list[i - 1] as number) >= 30 * DAY && list.length > i + 2));
    expect(lapsedAndBack.length).toBeGreaterThan(50);
  });

  test('the same seed and clock give the same files; another seed gives another shop', async () => {
    const digest = async (dir: string, seed: number) => {
      const files = await writeDemoShopFiles(dir, { customers: 500, seed, now: NOW });
      return createHash('sha256').update(readFileSync(files.customersCsv)).update(readFileSync(files.eventsCsv)).digest('hex');
    };
    const first = await digest(temp.dir, 5);
    const second = makeTempDir();
    try {
      expect(await digest(second.dir, 5)).toBe(first);
      expect(await digest(second.dir, 6)).not.toBe(first);
    } finally {
      second.cleanup();
    }
  });

  test('Ramadan and the end-of-year sales raise a day; Friday lowers it', () => {
    const ordinaryTuesday = Date.parse('2026-10-13T00:00:00Z');
    expect(seasonFactor(ordinaryTuesday)).toBe(1);
    expect(seasonFactor(Date.parse('2026-03-12T00:00:00Z'))).toBeGreaterThan(seasonFactor(Date.parse('2026-02-20T00:00:00Z')));
    expect(seasonFactor(Date.parse('2026-02-20T00:00:00Z'))).toBeGreaterThan(1);
    expect(seasonFactor(Date.parse('2026-12-22T00:00:00Z'))).toBeGreaterThan(1);
    expect(seasonFactor(Date.parse('2026-10-16T00:00:00Z'))).toBeLessThan(1);
  });
});
