import type { ErrorCode } from '../../shared/rpc/envelope';
import type { EngineEvent, JobProgressEvent } from '../../shared/rpc/events';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/rpc/methods';
import type { Transport, UploadedFile } from './transport';

export class EngineCallError extends Error {
  /**
   * How the window words an engine error (the UI's language, set by renderer/i18n/input-issues.ts);
   * the engine's own English stays in `engineMessage`.
   */
  static describe: ((code: ErrorCode, message: string, details: unknown) => string) | null = null;
  readonly engineMessage: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(EngineCallError.describe?.(code, message, details) ?? message);
    this.engineMessage = message;
    this.name = 'EngineCallError';
  }
}

export interface RunningJob<T> {
  jobId: string;
  result: Promise<T>;
  cancel(): Promise<void>;
}

export interface EngineClient {
  readonly transport: Transport['kind'];
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Starts a long method; progress events for its job id go to `onProgress`. */
  start<M extends MethodName>(method: M, input: MethodInput<M>, onProgress: (event: JobProgressEvent) => void): RunningJob<MethodOutput<M>>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  upload(file: Blob, fileName: string): Promise<UploadedFile>;
}

export function createEngineClient(transport: Transport): EngineClient {
  async function invoke<M extends MethodName>(method: M, input: MethodInput<M>, jobId?: string): Promise<MethodOutput<M>> {
    const result = await transport.invoke(method, input, jobId);
    if (!result.ok) throw new EngineCallError(result.error.code, result.error.message, result.error.details);
    return result.value as MethodOutput<M>;
  }

  return {
    transport: transport.kind,
    call: (method, input) => invoke(method, input),
    start(method, input, onProgress) {
      const jobId = crypto.randomUUID();
      const stop = transport.subscribe((event) => {
        if (event.type === 'job/progress' && event.jobId === jobId) onProgress(event);
      });
      const result = invoke(method, input, jobId).finally(stop);
      return {
        jobId,
        result,
        async cancel() {
          await invoke('jobs/cancel', { jobId });
        },
      };
    },
    onEvent: (listener) => transport.subscribe(listener),
    async upload(file, fileName) {
      const result = await transport.upload(file, fileName);
      if (!result.ok) throw new EngineCallError(result.error.code, result.error.message, result.error.details);
      return result.value;
    },
  };
}
