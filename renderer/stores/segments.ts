import { create } from 'zustand';
import type { SegmentSummary } from '../../shared/domain/segment';
import type { ScoringRule } from '../../shared/domain/scoring';
import { engine } from '../engine-client';

interface SegmentsState {
  segments: SegmentSummary[];
  counts: Record<number, number | string>;
  rules: ScoringRule[];
  load(): Promise<void>;
  loadRules(): Promise<void>;
}

/** Saved segments with their current counts, and the scoring rules. */
export const useSegments = create<SegmentsState>((set) => ({
  segments: [],
  counts: {},
  rules: [],
  async load() {
    const { segments } = await engine.call('segments/list', {});
    set({ segments });
    for (const segment of segments) {
      engine.call('segments/count', { segmentId: segment.id }).then(
        (result) => set((state) => ({ counts: { ...state.counts, [segment.id]: result.count } })),
        (error: Error) => set((state) => ({ counts: { ...state.counts, [segment.id]: error.message } })),
      );
    }
  },
  async loadRules() {
    const { rules } = await engine.call('scoring/list', {});
    set({ rules });
  },
}));
