import { utilityProcess, type UtilityProcess } from 'electron';
import type { RpcResult } from '../shared/rpc/envelope';
import type { EngineEvent } from '../shared/rpc/events';
import type { EngineProcessConfig, EngineProcessMessage, EngineRequestMessage, EngineSecretMessage } from '../shared/rpc/engine-process-protocol';

/**
 * Starts the engine in a utilityProcess and relays calls to it. The main process never touches
 * the database: it forwards requests and events and nothing else.
 */
export interface EngineHost {
  ready: Promise<{ dataFile: string }>;
  invoke(method: string, input: unknown, jobId?: string): Promise<RpcResult<unknown>>;
  onEvent(listener: (event: EngineEvent) => void): void;
  stop(): void;
}

export function startEngineHost(entry: string, config: EngineProcessConfig, secret: EngineSecretMessage): EngineHost {
  const child: UtilityProcess = utilityProcess.fork(entry, [], {
    serviceName: 'Campaign Studio engine',
    env: { ...process.env, CAMPAIGN_STUDIO_ENGINE_CONFIG: JSON.stringify(config) },
    stdio: 'inherit',
  });
  // Before anything else: the engine waits for its secret key to open the workspace.
  child.postMessage(secret);
  const pending = new Map<number, (result: RpcResult<unknown>) => void>();
  const listeners: ((event: EngineEvent) => void)[] = [];
  let nextId = 1;
  let fatal: RpcResult<never> | null = null;

  const ready = new Promise<{ dataFile: string }>((resolve, reject) => {
    child.on('message', (message: EngineProcessMessage) => {
      switch (message.type) {
        case 'ready':
          resolve({ dataFile: message.dataFile });
          break;
        case 'fatal':
          fatal = { ok: false, error: message.error };
          reject(new Error(message.error.message));
          break;
        case 'response':
          pending.get(message.id)?.(message.result);
          pending.delete(message.id);
          break;
        case 'event':
          for (const listener of listeners) listener(message.event);
          break;
      }
    });
    child.on('exit', (code) => {
      const result: RpcResult<never> = fatal ?? {
        ok: false,
        error: { code: 'internal', message: `The engine process stopped (exit code ${code}).` },
      };
      for (const resolvePending of pending.values()) resolvePending(result);
      pending.clear();
      reject(new Error(result.ok ? 'engine stopped' : result.error.message));
    });
  });

  return {
    ready,
    invoke(method, input, jobId) {
      if (fatal) return Promise.resolve(fatal);
      const id = nextId++;
      const request: EngineRequestMessage = { type: 'request', id, method, input };
      if (jobId !== undefined) request.jobId = jobId;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        child.postMessage(request);
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    stop() {
      child.kill();
    },
  };
}
