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

export interface DataChangedEvent {
  type: 'data/changed';
  topic: 'customers' | 'imports' | 'settings' | 'flows' | 'messages' | 'campaigns' | 'analytics';
}

export type EngineEvent = JobProgressEvent | DataChangedEvent;
