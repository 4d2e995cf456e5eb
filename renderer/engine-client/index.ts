import { BRIDGE_GLOBAL, type DesktopBridge } from '../../shared/rpc/bridge';
import { createEngineClient, type EngineClient } from './client';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';

/** Chosen once at start-up: the desktop preload's bridge if present, HTTP to the serving host otherwise. */
function chooseClient(): EngineClient {
  const bridge = (window as unknown as Record<string, DesktopBridge | undefined>)[BRIDGE_GLOBAL];
  return createEngineClient(bridge ? createIpcTransport(bridge) : createHttpTransport());
}

export const engine: EngineClient = chooseClient();
export { EngineCallError } from './client';
export type { EngineClient, RunningJob } from './client';
