import { create } from 'zustand';
import type { Attribution, AttributionModel, Period } from '../../shared/domain/analytics';
import type { FlowChannel } from '../../shared/domain/flow';

/** The analytics screen's choices, kept while moving between tabs and screens. */
interface AnalyticsState {
  period: Period | null;
  attribution: Attribution;
  /** A second model shown beside the first, or null. */
  compareWith: AttributionModel | null;
  /** Only this channel's messages in the flow comparison, or all. */
  channel: FlowChannel | null;
  setChannel(channel: FlowChannel | null): void;
  setPeriod(period: Period): void;
  setAttribution(changes: Partial<Attribution>): void;
  setCompareWith(model: AttributionModel | null): void;
}

export const useAnalytics = create<AnalyticsState>((set) => ({
  period: null,
  attribution: { model: 'view_through', counting: 'all' },
  compareWith: null,
  channel: null,
  setChannel: (channel) => set({ channel }),
  setPeriod: (period) => set({ period }),
  setAttribution: (changes) => set((state) => ({ attribution: { ...state.attribution, ...changes } })),
  setCompareWith: (compareWith) => set({ compareWith }),
}));

/** YYYY-MM-DD of an instant in a zone. */
export function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last `days` days up to and including the day of `now`, in the zone. */
export function lastDays(now: number, timeZone: string, days: number): Period {
  const to = dayIn(now, timeZone);
  return { from: shiftDay(to, -(days - 1)), to };
}
