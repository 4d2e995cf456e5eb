import { utilityProcess, type UtilityProcess } from 'electron';
import type { RpcResult } from '../shared/rpc/envelope';
import type { EngineEvent } from '../shared/rpc/events';
import type { EngineProcessConfig, EngineProcessMessage, EngineRequestMessage, EngineSecretMessage } from '../shared/rpc/engine-process-protocol';

/**
 * Starts the engine in a utilityProcess and relays calls to it. The main process never touches
 * the database: it forwards requests and events and nothing else. An engine that stops on its own
 * after it had opened the workspace (a crash) is started again, a few times at most: calls in
 * flight fail with the reason, later calls go to the new process.
 */
export interface EngineHost {
  ready: Promise<{ dataFile: string }>;
  invoke(method: string, input: unknown, jobId?: string): Promise<RpcResult<unknown>>;
  onEvent(listener: (event: EngineEvent) => void): void;
  stop(): void;
}

/** Restarts allowed within RESTART_WINDOW_MS: an engine that keeps crashing is left stopped. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

export function startEngineHost(entry: string, config: EngineProcessConfig, secret: EngineSecretMessage, options: { now?: () => number } = {}): EngineHost {
  const now = options.now ?? Date.now;
  const pending = new Map<number, (result: RpcResult<unknown>) => void>();
  const listeners: ((event: EngineEvent) => void)[] = [];
  const restarts: number[] = [];
  let nextId = 1;
  let fatal: RpcResult<never> | null = null;
  let stopped = false;
  let child: UtilityProcess;
  let resolveReady: (value: { dataFile: string }) => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<{ dataFile: string }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  const start = () => {
    let opened = false;
    child = utilityProcess.fork(entry, [], {
      serviceName: 'Campaign Studio engine',
      env: { ...process.env, CAMPAIGN_STUDIO_ENGINE_CONFIG: JSON.stringify(config) },
      stdio: 'inherit',
    });
    // Before anything else: the engine waits for its secret key to open the workspace.
    child.postMessage(secret);
    child.on('message', (message: EngineProcessMessage) => {
      switch (message.type) {
        case 'ready':
          opened = true;
          resolveReady({ dataFile: message.dataFile });
          break;
        case 'fatal':
          fatal = { ok: false, error: message.error };
          rejectReady(new Error(message.error.message));
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
      const result: RpcResult<never> = fatal ?? { ok: false, error: { code: 'internal', message: `The engine process stopped (exit code ${code}).` } };
      for (const resolvePending of pending.values()) resolvePending(result);
      pending.clear();
      rejectReady(new Error(result.ok ? 'engine stopped' : result.error.message));
      // A crash after the workspace opened is worth another try; a refusal to open (fatal) is not.
      const recent = restarts.filter((at) => at > now() - RESTART_WINDOW_MS);
      if (!stopped && opened && fatal === null && recent.length < MAX_RESTARTS) {
        restarts.splice(0, restarts.length, ...recent, now());
        start();
      }
    });
  };
  start();

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
      stopped = true;
      child.kill();
    },
  };
}
