import type { RpcError, RpcResult } from './envelope';
import type { EngineEvent } from './events';

/**
 * Messages between the Electron main process and the engine's utility process. The main process
 * only relays: it forwards the renderer's calls and the engine's events without reading them.
 */
export interface EngineRequestMessage {
  type: 'request';
  id: number;
  method: string;
  input: unknown;
  jobId?: string;
}

export type EngineProcessMessage =
  | { type: 'ready'; dataFile: string }
  | { type: 'fatal'; error: RpcError }
  | { type: 'response'; id: number; result: RpcResult<unknown> }
  | { type: 'event'; event: EngineEvent };

/** Arguments the main process passes when it forks the engine. */
export interface EngineProcessConfig {
  dataDir: string;
  assetsDir: string;
  appVersion: string;
  nativeBinding?: string;
  customerRowsWorker?: string;
}
