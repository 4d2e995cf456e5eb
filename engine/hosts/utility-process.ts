import type { EngineProcessConfig, EngineProcessMessage, EngineRequestMessage, EngineSecretMessage } from '../../shared/rpc/engine-process-protocol';
import { keySecretBox, refusingSecretBox } from '../secrets/secret-box';
import type { Engine } from '../app';
import { WorkspaceHost } from '../workspaces/workspace-host';
import { EngineError } from '../errors';

/**
 * The desktop host: Electron forks this file as a utilityProcess so heavy work (a million-row
 * import) never blocks the window. Electron gives it `process.parentPort`; declared here by shape
 * because the engine never imports 'electron'.
 */
interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: EngineProcessMessage): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  console.error('engine-utility: must be started by the desktop app (no parentPort).');
  process.exit(1);
}
const port = parentPort;

/** The desktop app's first message: the credentials key from the OS keyring, or why there is none. */
function secretKey(): Promise<EngineSecretMessage> {
  return new Promise((resolve) => {
    port.on('message', ({ data }) => {
      if ((data as EngineSecretMessage | undefined)?.type === 'secret-key') resolve(data as EngineSecretMessage);
    });
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.CAMPAIGN_STUDIO_ENGINE_CONFIG ?? '{}') as EngineProcessConfig;
  const secret = await secretKey();
  const secretBox = secret.key !== undefined ? keySecretBox(Buffer.from(secret.key, 'base64'), 'the system keyring') : refusingSecretBox(secret.refused);
  let engine: Engine;
  try {
    // The app's data folder holds its workspaces; the window lists, opens and makes them.
    engine = await WorkspaceHost.open({ ...config, autoRun: true, secretBox });
  } catch (error) {
    const rpcError = error instanceof EngineError ? error.toRpcError() : { code: 'internal' as const, message: String(error) };
    port.postMessage({ type: 'fatal', error: rpcError });
    return;
  }
  const ready = engine;
  ready.onEvent((event) => port.postMessage({ type: 'event', event }));
  port.on('message', ({ data }) => {
    const request = data as EngineRequestMessage;
    if (request?.type !== 'request') return;
    const options = request.jobId === undefined ? {} : { jobId: request.jobId };
    void ready.dispatch(request.method, request.input, options).then((result) => port.postMessage({ type: 'response', id: request.id, result }));
  });
  port.postMessage({ type: 'ready', dataFile: ready.dataFile });
  process.on('SIGTERM', () => void ready.close().then(() => process.exit(0)));
}

void main();
