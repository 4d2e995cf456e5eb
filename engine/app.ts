import { dirname, join } from 'node:path';
import type { EngineEvent } from '../shared/rpc/events';
import type { RpcResult } from '../shared/rpc/envelope';
import type { MethodName, MethodOutput } from '../shared/rpc/methods';
import { Segments } from './audience/segments';
import { AttributeIndexes } from './audience/attribute-indexes';
import { Flows } from './flows/flows';
import { openWorkspace, type OpenOptions, type Workspace } from './db/connection';
import { WriteLock } from './db/write-lock';
import { EngineError } from './errors';
import { createDispatch, Jobs, type DispatchOptions, type Handlers } from './dispatch';
import { audienceHandlers } from './audience/handlers';
import { flowHandlers } from './flows/handlers';
import { trackingHandlers } from './tracking/handlers';
import { analyticsHandlers } from './analytics/handlers';
import { CustomerReports } from './analytics/customer-reports';
import { workspaceHandlers } from './workspace-handlers';
import { markInterruptedImports } from './audience/import-history';
import { readSettings } from './settings';
import { UploadStore } from './uploads';
import { createDelivery } from './scheduler/delivery';
import { AnalyticsReports } from './analytics/reports';
import { MessageFacts } from './analytics/message-facts';
import { PurchaseMonths } from './analytics/purchase-months';
import { secretBoxFromEnvironment, type SecretBox } from './secrets/secret-box';
import { useHttpWorker } from './providers/http';
import { TrackingKeys } from './tracking/tracking-keys';
import { singleWorkspaceHandlers } from './workspaces/single-workspace';
import { DataChangeCoalescer } from './data-changes';
import { contentHandlers } from './templating/handlers';
import { productHandlers, templateHandlers, voucherHandlers } from './content/handlers';

export interface EngineOptions extends OpenOptions {
  /** Folder holding the files the app ships (the sample customers CSV). */
  assetsDir: string;
  appVersion: string;
  now?: () => number;
  /** The bundled worker that reads and checks customer rows beside the inserts (dist/customer-rows-worker.cjs). */
  customerRowsWorker?: string;
  /** The bundled worker that makes providers' HTTP requests off the engine's thread (dist/http-worker.cjs); without it they are made here. */
  httpWorker?: string;
  /** Run due work on its own (the desktop app, web mode, `engine run`); otherwise only when asked. */
  autoRun?: boolean;
  /**
   * How long a report waits for the rollups to count recent rows before it answers with what is
   * counted (analytics/status tells how much is left). Default: 1.5 s when the engine runs on its own
   * (it keeps counting in the background), otherwise until everything is counted (the CLI, scripts).
   */
  reportWaitMs?: number;
  /** Seals provider credentials; the desktop app passes one keyed through safeStorage. Default: secretBoxFromEnvironment. */
  secretBox?: SecretBox;
}

export interface Engine {
  readonly dataFile: string;
  dispatch(name: string, input: unknown, options?: DispatchOptions): Promise<RpcResult<unknown>>;
  /** Typed convenience for hosts and tests: throws the envelope's error as an EngineError. */
  call<M extends MethodName>(name: M, input: unknown, options?: DispatchOptions): Promise<MethodOutput<M>>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** A consistent copy of the workspace database at `destination`, taken with SQLite's online backup while the engine runs. */
  backup(destination: string): Promise<void>;
  close(): Promise<void>;
}

export type { DispatchOptions } from './dispatch';

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const ws: Workspace = await openWorkspace(options);
  if (options.httpWorker) useHttpWorker(options.httpWorker);
  const listeners = new Set<(event: EngineEvent) => void>();
  const jobs = new Jobs();
  const writeLock = new WriteLock();
  const secretBox = options.secretBox ?? secretBoxFromEnvironment(dirname(ws.dataFile));
  const delivery = createDelivery(ws, writeLock, (event) => emit(event), secretBox, options.now);
  const now = delivery.now;
  const uploads = new UploadStore(join(dirname(ws.dataFile), 'uploads'));
  // Upload files age in real time, whatever the engine's clock says.
  uploads.sweep(Date.now());
  markInterruptedImports(ws, now());
  const segments = new Segments(ws, now);
  const attributeIndexes = new AttributeIndexes(ws);
  const flows = new Flows(ws, now);
  const trackingKeys = new TrackingKeys(ws.sqlite);
  // Reports read through the reader connection: a long report never holds the writer. The message
  // views read rollups, brought up to date first (usually nothing to do: the runner keeps them).
  const reports = new AnalyticsReports(ws.readerSqlite, () => readSettings(ws).timeZone);
  const purchaseMonths = new PurchaseMonths(ws.sqlite, () => readSettings(ws).timeZone);
  const messageFacts = new MessageFacts(ws.sqlite, (changes) => purchaseMonths.linksChanged(changes));
  // One bounded step per hold of the write lock, so sends and imports interleave with a long catch-up.
  const rollupStep = (work: () => { more: boolean }) => writeLock.run(async () => ws.sqlite.transaction(work).immediate().more);
  let closing = false;
  /** Counts what is left, a bounded step at a time (each a hold of the write lock), until done or the deadline (performance.now()). */
  const rollupsCurrent = async (deadline = Number.POSITIVE_INFINITY) => {
    const inTime = () => !closing && performance.now() < deadline;
    const steps = async (step: () => { more: boolean }) => {
      while (inTime() && (await rollupStep(step)));
      return inTime();
    };
    // Stale buckets are summed once the streams are read (a backfill touches each many times).
    if (!(await steps(() => messageFacts.step()))) return;
    if (!(await steps(() => messageFacts.flush()))) return;
    await steps(() => purchaseMonths.step());
  };
  const rowsBehind = () => messageFacts.rowsBehind() + purchaseMonths.rowsBehind();
  const reportWaitMs = options.reportWaitMs ?? (options.autoRun ? 1_500 : Number.POSITIVE_INFINITY);
  const countedForReport = () => rollupsCurrent(performance.now() + reportWaitMs);
  const deliver = (event: EngineEvent) => {
    for (const listener of listeners) listener(event);
  };
  const dataChanges = new DataChangeCoalescer(deliver);
  const emit = (event: EngineEvent) => (event.type === 'data/changed' ? dataChanges.changed(event) : deliver(event));

  const services = { ws, writeLock, now, emit };
  const handlers: Handlers = {
    ...workspaceHandlers(services, options.appVersion, jobs),
    ...audienceHandlers(services, {
      assetsDir: options.assetsDir,
      customerRowsWorker: options.customerRowsWorker,
      uploads,
      secretBox,
      segments,
      attributeIndexes,
      dataChanged: () => delivery.dataChanged(),
    }),
    ...flowHandlers(services, flows),
    ...delivery.handlers,
    ...trackingHandlers(services, trackingKeys, delivery.handlers['events/track']),
    ...analyticsHandlers(reports, new CustomerReports(ws.readerSqlite, () => readSettings(ws).timeZone), countedForReport, rowsBehind),
    ...singleWorkspaceHandlers(),
    ...contentHandlers(services),
    ...voucherHandlers(services),
    ...productHandlers(services),
    ...templateHandlers(services),
  };
  const dispatch = createDispatch(handlers, jobs, emit, ws.dataFile);

  let stopRollups = () => undefined as void;
  if (options.autoRun) {
    delivery.runner.start();
    delivery.startStatusPolling();
    // The rollups follow new messages, engagement and purchases a bounded step at a time.
    let catchingUp = false;
    const rollupTimer = setInterval(() => {
      // A run starts only with rows to count, so every run is announced: screens are told when
      // counting starts and each time it has gone on a while (reports that answered with part of
      // the rows read again, and the screen shows what is left). A run that started idle could
      // count a whole import committed just after it and tell nobody.
      if (catchingUp || rowsBehind() === 0) return;
      catchingUp = true;
      emit({ type: 'data/changed', topic: 'analytics' });
      void rollupsCurrent(performance.now() + 5_000)
        .then(() => emit({ type: 'data/changed', topic: 'analytics' }))
        .catch((error: unknown) => console.error(`Analytics rollups: ${String(error)}`))
        .finally(() => (catchingUp = false));
    }, 2_000);
    rollupTimer.unref();
    // Uploads a window left behind (a closed wizard) go a day after they arrived, checked hourly.
    const sweepTimer = setInterval(() => uploads.sweep(Date.now()), 60 * 60 * 1000);
    sweepTimer.unref();
    stopRollups = () => {
      clearInterval(rollupTimer);
      clearInterval(sweepTimer);
    };
  }

  return {
    dataFile: ws.dataFile,
    dispatch,
    async call(name, input, dispatchOptions) {
      const result = await dispatch(name, input, dispatchOptions);
      if (!result.ok) throw new EngineError(result.error.code, result.error.message, result.error.details);
      return result.value as MethodOutput<typeof name>;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async backup(destination) {
      // Through the writer: a backup restarts when another connection writes, never for its own writes.
      await ws.sqlite.backup(destination);
    },
    async close() {
      jobs.abortAll();
      closing = true;
      dataChanges.stop();
      stopRollups();
      await delivery.close();
      await writeLock.run(async () => undefined);
      uploads.closeAll();
      await ws.close();
    },
  };
}
