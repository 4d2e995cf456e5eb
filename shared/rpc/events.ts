import type { MethodName } from './methods';

/** Events the engine pushes to every connected window, over IPC or server-sent events. */
export interface JobProgressEvent {
  type: 'job/progress';
  jobId: string;
  method: MethodName;
  /** Work done and total, in `unit`; total is null when unknown. */
  done: number;
  total: number | null;
  unit: 'bytes' | 'rows';
  rowsDone: number;
  rowsPerSecond: number;
}

/** What a data/changed event can be about. */
export const DATA_TOPICS = ['customers', 'imports', 'settings', 'flows', 'messages', 'campaigns', 'analytics', 'workspace'] as const;

export interface DataChangedEvent {
  type: 'data/changed';
  topic: (typeof DATA_TOPICS)[number];
}

export type EngineEvent = JobProgressEvent | DataChangedEvent;
