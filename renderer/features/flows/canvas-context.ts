import { createContext, useContext } from 'react';
import type { NameLookup } from '../../../shared/domain/flow-describe';

/** What every step on the canvas reads besides its own data: its problems, and names of what it refers to. */
export interface FlowCanvasContext {
  issueCount(nodeId: string): number;
  names: NameLookup;
  /** Messages of this step by status, once the flow has been published. */
  counts(nodeId: string): Readonly<Record<string, number>> | null;
  /** The period the step funnels count over (the Analytics screen's), in words. */
  funnelPeriod: string;
}

export const FlowCanvasContextValue = createContext<FlowCanvasContext>({ issueCount: () => 0, names: {}, counts: () => null, funnelPeriod: '' });
export const useFlowCanvasContext = () => useContext(FlowCanvasContextValue);
