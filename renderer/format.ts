/** Dates are always shown in a named zone: the workspace's, unless a customer's own is asked for. */
export function formatDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  // dateStyle cannot be combined with timeZoneName, so the fields are spelled out.
  return new Intl.DateTimeFormat('en-GB', {
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
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium' }).format(new Date(iso));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat('en-GB').format(value);
}
