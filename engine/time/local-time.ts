import { DateTime } from 'luxon';
import type { Span } from '../../shared/domain/flow';
import { isValidTimeZone } from '../../shared/domain/time-zone';

/**
 * Wall-clock arithmetic in a named zone (luxon): "wait 1 day" and "at 10:00" mean local days and
 * local hours, so they stay right across a daylight-saving change.
 */
export const zoneOr = (zone: string | null | undefined, fallback: string) => (zone && isValidTimeZone(zone) ? zone : fallback);

const at = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone });

/**
 * Calendar arithmetic in a zone costs tens of microseconds in luxon; a batch of journeys asks the
 * same question (now + 1 day in Algiers) thousands of times, so recent answers are kept.
 */
const MEMO_SIZE = 512;
function memo<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A) => {
    let key = '';
    for (const a of args) key += typeof a === 'object' && a !== null ? `${JSON.stringify(a)}|` : `${String(a)}|`;
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(...args);
      if (cache.size >= MEMO_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(key, value);
    }
    return value;
  };
}

export const addSpan = memo((ms: number, span: Span, zone: string): number =>
  at(ms, zone)
    .plus({ [span.unit]: span.amount })
    .toMillis(),
);

export function subtractSpan(ms: number, span: Span, zone: string): number {
  return at(ms, zone)
    .minus({ [span.unit]: span.amount })
    .toMillis();
}

const hm = (time: string) => ({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)) });

/** The first instant at or after `ms` when it is `time` local on one of `weekdays` (ISO 1-7; empty: any day). */
export const nextTimeOfDay = memo(computeNextTimeOfDay);
function computeNextTimeOfDay(ms: number, time: string, weekdays: readonly number[], zone: string, options: { strictlyAfter?: boolean } = {}): number {
  let candidate = at(ms, zone).set({ ...hm(time), second: 0, millisecond: 0 });
  for (let i = 0; i < 400; i++) {
    const fits = weekdays.length === 0 || weekdays.includes(candidate.weekday);
    const later = options.strictlyAfter ? candidate.toMillis() > ms : candidate.toMillis() >= ms;
    if (fits && later) return candidate.toMillis();
    candidate = candidate.plus({ days: 1 }).set(hm(time));
  }
  throw new Error(`No ${time} on weekdays ${weekdays.join(',')} within 400 days`);
}

/** The next monthly run: day `dayOfMonth` (clamped to the month's length) at `time`, after `ms`. */
export function nextMonthDay(ms: number, time: string, dayOfMonth: number, zone: string): number {
  let month = at(ms, zone).startOf('month');
  for (let i = 0; i < 3; i++) {
    const day = Math.min(dayOfMonth, month.daysInMonth ?? 28);
    const candidate = month.set({ day, ...hm(time) });
    if (candidate.toMillis() > ms) return candidate.toMillis();
    month = month.plus({ months: 1 });
  }
  throw new Error('unreachable: a month day within three months');
}

/** A local "YYYY-MM-DDTHH:MM" read in `zone`; null when it is not a real local time. */
export function localDateTimeToMs(local: string, zone: string): number | null {
  const parsed = DateTime.fromISO(local, { zone });
  return parsed.isValid ? parsed.toMillis() : null;
}

export function startOfLocalDay(ms: number, zone: string): number {
  return at(ms, zone).startOf('day').toMillis();
}

/** The same local date as `ms` in `fromZone`, at `time` in `zone`. */
export function sameDateAt(ms: number, fromZone: string, time: string, zone: string): number {
  const date = at(ms, fromZone);
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day, ...hm(time) }, { zone }).toMillis();
}

/** "09:00 Africa/Algiers" or "Tue 3 Mar 09:00 Europe/Paris" when not the same local day as `reference`. */
export const describeLocal = memo(computeDescribeLocal);
function computeDescribeLocal(ms: number, zone: string, reference?: number): string {
  const local = at(ms, zone);
  const sameDay = reference === undefined || at(reference, zone).hasSame(local, 'day');
  return `${local.toFormat(sameDay ? 'HH:mm' : 'ccc d LLL HH:mm')} ${zone}`;
}

/**
 * Whether `ms` falls in the daily quiet window [start, end) local (it may wrap past midnight), and
 * when that window ends.
 */
export function quietWindow(ms: number, start: string, end: string, zone: string): { quiet: boolean; endsAt: number } {
  const local = at(ms, zone);
  const minutes = local.hour * 60 + local.minute;
  const s = hm(start);
  const e = hm(end);
  const startMin = s.hour * 60 + s.minute;
  const endMin = e.hour * 60 + e.minute;
  if (startMin === endMin) return { quiet: false, endsAt: ms };
  const wraps = startMin > endMin;
  const quiet = wraps ? minutes >= startMin || minutes < endMin : minutes >= startMin && minutes < endMin;
  if (!quiet) return { quiet: false, endsAt: ms };
  let endsAt = local.set({ ...e, second: 0, millisecond: 0 });
  if (endsAt.toMillis() <= ms) endsAt = endsAt.plus({ days: 1 }).set(e);
  return { quiet: true, endsAt: endsAt.toMillis() };
}
