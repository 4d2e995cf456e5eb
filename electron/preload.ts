import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type DesktopBridge } from '../shared/rpc/bridge';
import type { EngineEvent } from '../shared/rpc/events';

// The renderer gets exactly two functions; it never sees ipcRenderer itself.
const bridge: DesktopBridge = {
  invoke: (method, input, jobId) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input, jobId),
  on(listener) {
    const handler = (_event: IpcRendererEvent, engineEvent: EngineEvent) => listener(engineEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
