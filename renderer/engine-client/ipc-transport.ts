import type { DesktopBridge } from '../../shared/rpc/bridge';
import type { Transport } from './transport';

export function createIpcTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'ipc',
    invoke: (method, input, jobId) => bridge.invoke(method, input, jobId),
    subscribe: (listener) => bridge.on(listener),
  };
}
