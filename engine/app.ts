import { dirname, join } from 'node:path';
import type { EngineEvent } from '../shared/rpc/events';
import type { RpcResult } from '../shared/rpc/envelope';
import type { MethodName, ImportSource, MethodOutput } from '../shared/rpc/methods';
import type { ImportSummary } from '../shared/domain/import-report';
import { countCustomers, getCustomer, listCustomers } from './audience/customers';
import { customerEvents, customerIdOf } from './audience/customer-events';
import { eraseCustomer } from './audience/erase';
import { importCustomers, type ImportCustomersInput } from './audience/import-customers';
import { importErrorsCsv } from './audience/import-errors';
import { importEvents } from './audience/import-events';
import { previewImport } from './audience/import-preview';
import { listRules, saveRule, ScoringEngine } from './audience/scoring';
import { readIdList } from './audience/id-list';
import { Segments, type SegmentTarget } from './audience/segments';
import { AttributeIndexes } from './audience/attribute-indexes';
import { Flows } from './flows/flows';
import { parseFlowFile } from '../shared/domain/flow-file';
import { openWorkspace, schemaVersion, type OpenOptions, type Workspace } from './db/connection';
import { WriteLock } from './db/write-lock';
import { EngineError } from './errors';
import { createDispatch, Jobs, type DispatchOptions, type Handlers } from './dispatch';
import { listImports, markInterruptedImports } from './audience/import-history';
import { readSettings, writeSettings } from './settings';
import { UploadStore } from './uploads';
import { createDelivery } from './runtime/delivery';
import { AnalyticsReports } from './analytics/reports';
import { MessageFacts } from './analytics/message-facts';
import { PurchaseMonths } from './analytics/purchase-months';
import { secretBoxFromEnvironment, type SecretBox } from './secrets/secret-box';
import { useHttpWorker } from './providers/http';
import { TrackingKeys } from './tracking/tracking-keys';

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
  /** A flow write under the write lock, then windows are told the flows changed. */
  const flowWrite = <T>(work: () => T) =>
    writeLock.run(async () => {
      const result = work();
      emit({ type: 'data/changed', topic: 'flows' });
      return result;
    });
  /**
   * After a count or save, index the custom attributes the filter reads, in the background: the
   * answer is not held up, and the next count (the user is still editing) reads the index.
   */
  const indexAttributesOf = async (target: SegmentTarget) => {
    const attributes = attributeIndexes.missing(await segments.attributesUsed(target));
    if (attributes.length === 0) return;
    writeLock
      .run(async () => attributeIndexes.create(attributes))
      .catch((error: unknown) => console.error('[engine] indexing attributes failed', attributes, error));
  };
  const emit = (event: EngineEvent) => {
    for (const listener of listeners) listener(event);
  };

  /** An import holds the write lock, then drops its upload and tells windows. */
  const fileImport = (input: { source: ImportSource; dryRun: boolean }, work: () => Promise<ImportSummary>) =>
    writeLock.run(async () => {
      try {
        return await work();
      } finally {
        // The file is not kept once its import ends, whatever the outcome: it may hold people's
        // data that an erasure cannot reach. A dry run's upload stays, to be imported next.
        if (input.source.kind === 'upload' && !input.dryRun) uploads.discard(input.source.uploadId);
        emit({ type: 'data/changed', topic: 'imports' });
        if (!input.dryRun) {
          emit({ type: 'data/changed', topic: 'customers' });
          delivery.dataChanged();
        }
      }
    });

  const handlers: Handlers = {
    'app/info': () => {
      const schema = schemaVersion(ws.sqlite);
      return {
        appVersion: options.appVersion,
        dataFile: ws.dataFile,
        schemaVersion: schema.latest,
        migrationsApplied: schema.count,
        timeZone: readSettings(ws).timeZone,
      };
    },
    'settings/get': () => readSettings(ws),
    'settings/update': (input) =>
      writeLock.run(async () => {
        const settings = writeSettings(ws, input, now());
        emit({ type: 'data/changed', topic: 'settings' });
        return settings;
      }),
    'customers/count': async () => ({ count: await countCustomers(ws.reader) }),
    'customers/list': (input) => listCustomers(ws.reader, input),
    'customers/get': (input) => getCustomer(ws.reader, input.externalId),
    'customers/import': (input, ctx) =>
      fileImport(input, () => {
        const settings = readSettings(ws);
        return importCustomers(ws, input as ImportCustomersInput, ctx, {
          now,
          assetsDir: options.assetsDir,
          timeZone: settings.timeZone,
          defaultCountry: settings.defaultPhoneCountry,
          uploads,
          secretBox,
          scoring: new ScoringEngine(ws, now),
          rowsWorkerScript: options.customerRowsWorker,
        });
      }),
    'events/import': (input, ctx) =>
      fileImport(input, () =>
        importEvents(ws, input, ctx, {
          now,
          assetsDir: options.assetsDir,
          timeZone: readSettings(ws).timeZone,
          uploads,
          scoring: new ScoringEngine(ws, now),
        }),
      ),
    'imports/preview': (input, ctx) =>
      previewImport(input.source, {
        kind: input.kind,
        assetsDir: options.assetsDir,
        trusted: ctx.trusted,
        uploads,
        encoding: input.encoding,
        delimiter: input.delimiter,
      }),
    'imports/errors-csv': (input) => importErrorsCsv(ws, input.importId),
    'customers/erase': (input) =>
      writeLock.run(async () => {
        const result = eraseCustomer(ws, input.externalId, now(), { secretBox, uploads });
        emit({ type: 'data/changed', topic: 'customers' });
        return result;
      }),
    'customers/events': (input) => customerEvents(ws, input.externalId, input.limit),
    'customers/segments': async (input) => ({ segments: await segments.ofCustomer(customerIdOf(ws, input.externalId)) }),
    'segments/list': async () => ({ segments: await segments.list() }),
    'segments/count': async (input) => {
      const target = 'name' in input ? { segmentId: (await segments.findByName(input.name)).id } : input;
      const counted = await segments.count(target);
      await indexAttributesOf(target);
      return counted;
    },
    'segments/sample': async (input) => ({ rows: await segments.sample(input.target, input.limit) }),
    'segments/save': async (input) => {
      const saved = await writeLock.run(() => segments.save(input));
      await indexAttributesOf({ segmentId: saved.id });
      return saved;
    },
    'segments/freeze': (input) => writeLock.run(() => segments.freeze(input.name, input.target, input.description)),
    'segments/delete': (input) =>
      writeLock.run(async () => {
        await segments.remove(input.id);
        return { deleted: true as const };
      }),
    'segments/add-members': (input) =>
      writeLock.run(async () => {
        const ids = [...(input.externalIds ?? [])];
        if (input.uploadId !== undefined) {
          ids.push(...readIdList(uploads.resolve(input.uploadId).path));
          uploads.discard(input.uploadId);
        }
        return segments.addMembers(input.segmentId, ids);
      }),
    'segments/remove-members': (input) => writeLock.run(() => segments.removeMembers(input.segmentId, input.externalIds)),
    'scoring/list': () => ({ rules: listRules(ws) }),
    'scoring/save': (input) => writeLock.run(async () => saveRule(ws, input, now())),
    'scoring/delete': (input) =>
      writeLock.run(async () => {
        const deleted = ws.sqlite.prepare('DELETE FROM scoring_rules WHERE id = ?').run(input.id).changes;
        if (deleted === 0) throw new EngineError('not_found', `No scoring rule has the id ${input.id}.`, { field: 'id' });
        return { deleted: true as const };
      }),
    'imports/list': (input) => ({ entries: listImports(ws, input.limit) }),
    'uploads/begin': (input) => uploads.begin(input.fileName),
    'uploads/append': (input) => uploads.append(input.uploadId, input.offset, input.chunk),
    'uploads/finish': (input) => uploads.finish(input.uploadId),
    'uploads/discard': (input) => {
      uploads.discard(input.uploadId);
      return { discarded: true as const };
    },
    'flows/list': () => ({ flows: flows.list() }),
    'flows/references': () => flows.references(),
    'flows/get': (input) => ('id' in input ? flows.get(input.id) : flows.findByName(input.name)),
    'flows/create': (input) => flowWrite(() => flows.create(input)),
    'flows/save': (input) => flowWrite(() => flows.save(input as Parameters<Flows['save']>[0])),
    'flows/publish': (input) => flowWrite(() => flows.publish(input)),
    'flows/pause': (input) => flowWrite(() => flows.setStatus(input.id, 'pause')),
    'flows/resume': (input) => flowWrite(() => flows.setStatus(input.id, 'resume')),
    'flows/archive': (input) => flowWrite(() => flows.setStatus(input.id, 'archive')),
    'flows/delete': (input) =>
      flowWrite(() => {
        flows.remove(input.id);
        return { deleted: true as const };
      }),
    'flows/version': (input) => flows.version(input.id, input.version),
    'flows/step-counts': (input) => ({ steps: flows.stepCounts(input.id) }),
    'flows/restore': (input) => flowWrite(() => flows.restore(input.id, input.version)),
    'flows/diff': (input) => ({ lines: flows.diff(input.id, input.from, input.to) }),
    'flows/export': (input) => flows.exportFile(input.id, input.version),
    'flows/import': (input) => {
      const parsed = parseFlowFile(input.text);
      if (!parsed.ok) {
        const first = parsed.problems[0]!;
        throw new EngineError('invalid_input', `The flow file is not valid: ${first.path ? `${first.path}: ` : ''}${first.message}`, { issues: parsed.problems.map((p) => ({ field: p.path, message: p.message })) });
      }
      return flowWrite(() => flows.importFile(parsed.file, input.name));
    },
    ...delivery.handlers,
    'tracking/keys': () => ({ keys: trackingKeys.list() }),
    'tracking/create-key': (input) => writeLock.run(async () => trackingKeys.create(input.name, now())),
    'tracking/revoke-key': (input) => writeLock.run(async () => trackingKeys.revoke(input.id, now())),
    'tracking/track': async (input, ctx) => {
      await writeLock.run(async () => trackingKeys.check(input.key, now()));
      return delivery.handlers['events/track']({ events: input.events, unknownCustomers: input.unknownCustomers }, ctx);
    },
    'analytics/funnel': async (input) => (await countedForReport(), reports.funnel(input)),
    'analytics/flows': async (input) => (await countedForReport(), reports.flows(input)),
    'analytics/channels': async (input) => (await countedForReport(), reports.channels(input)),
    'analytics/customers': async (input) => (await countedForReport(), reports.customers(input)),
    'analytics/commerce': async (input) => (await countedForReport(), reports.commerce(input)),
    'analytics/experiments': async (input) => (await countedForReport(), reports.experiments(input)),
    'analytics/status': () => ({ rowsBehind: rowsBehind() }),
    'jobs/cancel': (input) => jobs.cancel(input.jobId),
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
    async close() {
      jobs.abortAll();
      closing = true;
      stopRollups();
      await delivery.close();
      await writeLock.run(async () => undefined);
      uploads.closeAll();
      await ws.close();
    },
  };
}
