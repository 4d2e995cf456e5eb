import type { RpcResult } from './envelope';
import type { EngineEvent } from './events';

/** The only API the desktop preload exposes to the renderer (window.campaignStudio). */
export interface DesktopBridge {
  invoke(method: string, input: unknown, jobId?: string): Promise<RpcResult<unknown>>;
  on(listener: (event: EngineEvent) => void): () => void;
}

export const BRIDGE_GLOBAL = 'campaignStudio';
export const IPC_INVOKE_CHANNEL = 'engine:invoke';
export const IPC_EVENT_CHANNEL = 'engine:event';
