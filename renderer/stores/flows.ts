import { create } from 'zustand';
import type { FlowReferences, FlowSummary } from '../../shared/domain/flow-summary';
import { engine } from '../engine-client';

interface FlowsState {
  flows: FlowSummary[];
  references: FlowReferences;
  /** The flow open in the editor, or null for the list. */
  openId: number | null;
  load(): Promise<void>;
  open(id: number | null): void;
}

/** The flows list and what flows can refer to (segments, lists, providers). */
export const useFlows = create<FlowsState>((set) => ({
  flows: [],
  references: { segments: [], providers: [] },
  openId: null,
  async load() {
    const [{ flows }, references] = await Promise.all([engine.call('flows/list', {}), engine.call('flows/references', {})]);
    set({ flows, references });
  },
  open(id) {
    set({ openId: id });
  },
}));
