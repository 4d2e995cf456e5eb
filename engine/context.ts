/** What a method handler gets besides its input: the caller's trust, cancellation and a progress reporter. */
export interface CallContext {
  jobId: string | null;
  signal: AbortSignal;
  /** True only for hosts that run as the user on this machine (the CLI); renderer calls are never trusted. */
  trusted: boolean;
  progress(update: { done: number; total: number | null; unit: 'bytes' | 'rows'; rowsDone: number }): void;
}
