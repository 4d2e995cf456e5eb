import type { FlowDefinition } from './flow';
import type { FlowIssue } from './flow-validation';

export type FlowStatus = 'draft' | 'live' | 'paused' | 'archived';

export interface FlowSummary {
  id: number;
  name: string;
  description: string;
  status: FlowStatus;
  /** The published version customers are in, or null before the first publish. */
  version: number | null;
  /** The draft differs from the published version (always true for a never-published flow). */
  hasDraftChanges: boolean;
  steps: number;
  updatedAt: string;
}

export interface FlowVersionSummary {
  version: number;
  publishedAt: string;
  entrants: 'stay' | 'move';
  steps: number;
}

export interface FlowDetail extends FlowSummary {
  draft: FlowDefinition;
  /** What stops the draft from being published, checked against the workspace as it is now. */
  issues: FlowIssue[];
  versions: FlowVersionSummary[];
}

/** What a flow may name, for the canvas's pickers and its own validation. */
export interface FlowReferences {
  segments: { id: number; name: string; kind: 'dynamic' | 'static' }[];
  providers: { id: number; name: string; channel: string }[];
}
