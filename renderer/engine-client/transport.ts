import type { RpcResult } from '../../shared/rpc/envelope';
import type { EngineEvent } from '../../shared/rpc/events';

/** How the client reaches the engine: Electron IPC through the preload, or HTTP in web mode. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  invoke(method: string, input: unknown, jobId?: string): Promise<RpcResult<unknown>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** Hands a file to the engine; the result's uploadId names it in an import source. */
  upload(file: Blob, fileName: string): Promise<RpcResult<UploadedFile>>;
}

export interface UploadedFile {
  uploadId: string;
  fileName: string;
  bytes: number;
}
