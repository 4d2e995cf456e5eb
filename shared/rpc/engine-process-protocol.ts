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

/**
 * The first message the main process sends: the key that seals provider credentials (from the OS
 * keyring through safeStorage), or why there is none. Sent in memory, never in the environment.
 */
export type EngineSecretMessage = { type: 'secret-key'; key: string; refused?: undefined } | { type: 'secret-key'; refused: string; key?: undefined };

/** Arguments the main process passes when it forks the engine. */
export interface EngineProcessConfig {
  dataDir: string;
  assetsDir: string;
  appVersion: string;
  nativeBinding?: string;
  customerRowsWorker?: string;
  httpWorker?: string;
}
