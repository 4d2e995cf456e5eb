/**
 * The metric formulas, in one place for the engine (reports, CLI) and the screens (which print
 * them beside the numbers). Rates are shares (0.0759), shown as percentages by the screens; a rate
 * with a zero denominator is null, not 0, so "no data" never reads as "no success".
 */
export const FORMULAS = {
  ctr: 'CTR = clicks / impressions',
  cvr: 'CVR = conversions / impressions',
  openClickRate: 'open-and-click rate = messages opened or clicked / impressions',
  conversionShare: 'share = conversions of the channel / conversions of all channels, per month',
  grossConversionRate: 'gross conversion rate = orders / sessions (app_open, session_start and visit events) that day',
  change: 'change = (this period - comparison period) / comparison period',
  uplift: 'uplift = (variant rate - control rate) / control rate',
  impressions: 'impressions = messages delivered (or sent, for providers that report no deliveries)',
} as const;

export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Relative change against a comparison value (null when there is nothing to compare with). */
export function change(current: number, previous: number): number | null {
  return previous !== 0 ? (current - previous) / previous : null;
}

export function percent(value: number | null, digits = 2): string {
  return value === null ? '—' : `${(value * 100).toFixed(digits)} %`;
}
