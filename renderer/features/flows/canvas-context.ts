import { createContext, useContext } from 'react';
import type { NameLookup } from '../../../shared/domain/flow-describe';

/** What every step on the canvas reads besides its own data: its problems, and names of what it refers to. */
export interface FlowCanvasContext {
  issueCount(nodeId: string): number;
  names: NameLookup;
}

export const FlowCanvasContextValue = createContext<FlowCanvasContext>({ issueCount: () => 0, names: {} });
export const useFlowCanvasContext = () => useContext(FlowCanvasContextValue);
