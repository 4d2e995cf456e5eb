import { uiLocale } from './i18n';

/** Dates are always shown in a named zone: the workspace's, unless a customer's own is asked for. */
export function formatDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  // dateStyle cannot be combined with timeZoneName, so the fields are spelled out.
  return new Intl.DateTimeFormat(uiLocale(), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function formatDate(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(uiLocale(), { timeZone, dateStyle: 'medium' }).format(new Date(iso));
}

/** An amount in the workspace's currency, in the UI's language ("42 000 DZD" in French, "DZD 42,000" in English). */
export function formatMoney(value: number, currency: string): string {
  return new Intl.NumberFormat(uiLocale(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(uiLocale()).format(value);
}
