import type { SegmentFilter } from './segment-filter';

export interface SegmentSummary {
  id: number;
  name: string;
  kind: 'dynamic' | 'static';
  description: string | null;
  /** Dynamic segments only: membership follows the data through this filter. */
  filter: SegmentFilter | null;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentCount {
  count: number;
  total: number;
  durationMs: number;
}
