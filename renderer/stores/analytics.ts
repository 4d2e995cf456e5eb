import { create } from 'zustand';
import type { Attribution, AttributionModel, Period } from '../../shared/domain/analytics';
import type { FlowChannel } from '../../shared/domain/flow';

/** The analytics screen's choices, kept while moving between tabs and screens. */
interface AnalyticsState {
  period: Period | null;
  /** "The last N days" up to the engine's clock, moving with it (a virtual clock too); null for dates the user chose. */
  followDays: number | null;
  attribution: Attribution;
  /** A second model shown beside the first, or null. */
  compareWith: AttributionModel | null;
  /** Only this channel's messages in the flow comparison, or all. */
  channel: FlowChannel | null;
  setChannel(channel: FlowChannel | null): void;
  setPeriod(period: Period, followDays?: number | null): void;
  setAttribution(changes: Partial<Attribution>): void;
  setCompareWith(model: AttributionModel | null): void;
}

export const useAnalytics = create<AnalyticsState>((set) => ({
  period: null,
  followDays: 30,
  attribution: { model: 'view_through', counting: 'all' },
  compareWith: null,
  channel: null,
  setChannel: (channel) => set({ channel }),
  setPeriod: (period, followDays = null) => set({ period, followDays }),
  setAttribution: (changes) => set((state) => ({ attribution: { ...state.attribution, ...changes } })),
  setCompareWith: (compareWith) => set({ compareWith }),
}));
