import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { EngineEvent } from '../../shared/rpc/events';
import type { RpcResult } from '../../shared/rpc/envelope';
import type { MethodName, MethodOutput } from '../../shared/rpc/methods';
import { workspacesMethods, type WorkspaceEntry, type WorkspaceList } from '../../shared/rpc/workspaces-methods';
import { createEngine, type DispatchOptions, type Engine, type EngineOptions } from '../app';
import { DATA_FILE_NAME } from '../db/connection';
import { createDemoShop, DEMO_SNAPSHOT_FILE } from '../demo/create-demo-shop';
import { createDispatch, Jobs } from '../dispatch';
import { EngineError } from '../errors';
import type { HandlersOf } from '../handler-types';
import { runForecast } from './forecast';
import { DEFAULT_WORKSPACE_ID, ensureFolder, findWorkspace, newWorkspaceId, readRegistry, workspaceFolder, writeRegistry } from './registry';

export interface WorkspaceHostOptions extends Omit<EngineOptions, 'dataDir'> {
  /** The data folder: its own workspace and the others under workspaces/. */
  dataDir: string;
  /** The workspace to open (id or name); default: the one open last time. */
  workspace?: string;
}

const HOST_METHODS = new Set<string>(Object.keys(workspacesMethods));
const SECRET_KEY_FILE = 'secret.key';

/**
 * Serves the workspaces of one data folder through one engine at a time: the methods of the
 * contract go to the open workspace's engine; the workspace methods (list, create, open, rename,
 * duplicate, delete, the demo, forecasts) are answered here. Opening another workspace closes the
 * engine and opens the next; windows are told (`data/changed` of topic `workspace`) and read again.
 */
export class WorkspaceHost implements Engine {
  private current!: Engine;
  private stopForwarding: () => void = () => undefined;
  private switching: Promise<void> = Promise.resolve();
  /** Calls the open engine is answering: a switch waits for them before it closes that engine. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly jobs = new Jobs();
  private readonly hostDispatch: Engine['dispatch'];
  private openedAt = new Date().toISOString();

  private constructor(private readonly options: WorkspaceHostOptions) {
    const handlers: HandlersOf<typeof workspacesMethods> = {
      'workspaces/list': () => this.list(),
      'workspaces/create': (input) => this.create(input.name, input.open),
      'workspaces/open': (input) => this.open(input.id),
      'workspaces/rename': (input) => this.update(input.id, (entry) => ({ ...entry, name: input.name })),
      'workspaces/duplicate': (input) => this.duplicate(input.id, input.name),
      'workspaces/delete': (input) => this.remove(input.id),
      'demo/create': (input, ctx) => this.createDemo(input, ctx.jobId ?? undefined, ctx.signal),
      'demo/reset': () => this.resetDemo(),
      'forecast/run': (input, ctx) =>
        runForecast(
          {
            engine: this.current,
            openCopy: (dataDir, autoRun) => createEngine({ ...this.engineOptions(), dataDir, autoRun }),
            keepCopy: (folder, name) => this.adopt(folder, name),
          },
          input,
          ctx,
        ),
    };
    this.hostDispatch = createDispatch(handlers, this.jobs, (event) => this.emit(event), join(options.dataDir, DATA_FILE_NAME));
  }

  static async open(options: WorkspaceHostOptions): Promise<WorkspaceHost> {
    const host = new WorkspaceHost(options);
    const registry = readRegistry(options.dataDir);
    const first = options.workspace === undefined ? registry.current : findWorkspace(registry, options.workspace).id;
    await host.attach(first);
    return host;
  }

  private list(): WorkspaceList {
    return { ...readRegistry(this.options.dataDir), openedAt: this.openedAt };
  }

  get dataFile(): string {
    return this.current.dataFile;
  }

  async dispatch(name: string, input: unknown, options?: DispatchOptions): Promise<RpcResult<unknown>> {
    await this.switching;
    if (HOST_METHODS.has(name)) return this.hostDispatch(name, input, options);
    if (name === 'jobs/cancel') {
      // A job runs here (the demo, a forecast) or in the open engine (an import): both are told.
      const here = await this.hostDispatch(name, input, options);
      const there = await this.current.dispatch(name, input, options);
      const cancelled = (result: RpcResult<unknown>) => result.ok && (result.value as { cancelled: boolean }).cancelled;
      return here.ok && there.ok ? { ok: true, value: { cancelled: cancelled(here) || cancelled(there) } } : here.ok ? there : here;
    }
    const answer = this.current.dispatch(name, input, options);
    this.inFlight.add(answer);
    void answer.finally(() => this.inFlight.delete(answer));
    return answer;
  }

  async call<M extends MethodName>(name: M, input: unknown, options?: DispatchOptions): Promise<MethodOutput<M>> {
    const result = await this.dispatch(name, input, options);
    if (!result.ok) throw new EngineError(result.error.code, result.error.message, result.error.details);
    return result.value as MethodOutput<M>;
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  backup(destination: string): Promise<void> {
    return this.current.backup(destination);
  }

  async close(): Promise<void> {
    this.jobs.abortAll();
    await this.switching;
    this.stopForwarding();
    await this.current.close();
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private engineOptions(): EngineOptions {
    const { workspace: _workspace, ...engineOptions } = this.options;
    return engineOptions;
  }

  private async attach(id: string): Promise<void> {
    const engine = await createEngine({ ...this.engineOptions(), dataDir: ensureFolder(this.options.dataDir, id) });
    this.current = engine;
    this.openedAt = new Date().toISOString();
    this.stopForwarding = engine.onEvent((event) => this.emit(event));
    const registry = readRegistry(this.options.dataDir);
    if (registry.current !== id) writeRegistry(this.options.dataDir, { ...registry, current: id });
  }

  /** Closes the open engine and opens `id`; if that fails, the previous one is opened again. */
  private async switchTo(id: string, between: () => void = () => undefined): Promise<void> {
    const previous = readRegistry(this.options.dataDir).current;
    const work = (async () => {
      // Calls that came before the switch are answered by the workspace they were made in.
      await Promise.allSettled([...this.inFlight]);
      this.stopForwarding();
      await this.current.close();
      try {
        between();
        await this.attach(id);
      } catch (error) {
        await this.attach(previous);
        throw error;
      }
    })();
    this.switching = work.catch(() => undefined);
    await work;
    this.emit({ type: 'data/changed', topic: 'workspace' });
  }

  /** Adds a workspace to the folder's list (read again: a long job may have run since). */
  private register(entry: WorkspaceEntry): void {
    const registry = readRegistry(this.options.dataDir);
    writeRegistry(this.options.dataDir, { ...registry, workspaces: [...registry.workspaces, entry] });
  }

  private async create(name: string, open: boolean): Promise<WorkspaceEntry> {
    const registry = readRegistry(this.options.dataDir);
    const entry: WorkspaceEntry = { id: newWorkspaceId(this.options.dataDir, registry, name), name, demo: false };
    ensureFolder(this.options.dataDir, entry.id);
    this.register(entry);
    if (open) await this.switchTo(entry.id);
    else this.emit({ type: 'data/changed', topic: 'workspace' });
    return entry;
  }

  private async open(id: string): Promise<WorkspaceList> {
    const registry = readRegistry(this.options.dataDir);
    const entry = findWorkspace(registry, id);
    if (registry.current !== entry.id) await this.switchTo(entry.id);
    return this.list();
  }

  private update(id: string, change: (entry: WorkspaceEntry) => WorkspaceEntry): WorkspaceEntry {
    const registry = readRegistry(this.options.dataDir);
    const entry = change(findWorkspace(registry, id));
    writeRegistry(this.options.dataDir, { ...registry, workspaces: registry.workspaces.map((w) => (w.id === id ? entry : w)) });
    this.emit({ type: 'data/changed', topic: 'workspace' });
    return entry;
  }

  /** Registers a folder already holding a workspace (a forecast's copy kept) under a new name. */
  private adopt(folderToMove: string, name: string): WorkspaceEntry {
    const registry = readRegistry(this.options.dataDir);
    const entry: WorkspaceEntry = { id: newWorkspaceId(this.options.dataDir, registry, name), name, demo: false };
    const folder = ensureFolder(this.options.dataDir, entry.id);
    copyFileSync(join(folderToMove, DATA_FILE_NAME), join(folder, DATA_FILE_NAME));
    const key = join(workspaceFolder(this.options.dataDir, registry.current), SECRET_KEY_FILE);
    if (existsSync(key)) copyFileSync(key, join(folder, SECRET_KEY_FILE));
    this.register(entry);
    this.emit({ type: 'data/changed', topic: 'workspace' });
    return entry;
  }

  private async duplicate(id: string, name: string): Promise<WorkspaceEntry> {
    const registry = readRegistry(this.options.dataDir);
    const source = findWorkspace(registry, id);
    const entry: WorkspaceEntry = { id: newWorkspaceId(this.options.dataDir, registry, name), name, demo: source.demo };
    const from = workspaceFolder(this.options.dataDir, source.id);
    const to = ensureFolder(this.options.dataDir, entry.id);
    try {
      if (registry.current === source.id) await this.current.backup(join(to, DATA_FILE_NAME));
      else {
        const db = new BetterSqlite3(join(from, DATA_FILE_NAME), { readonly: true, fileMustExist: true });
        try {
          await db.backup(join(to, DATA_FILE_NAME));
        } finally {
          db.close();
        }
      }
      // Provider credentials are sealed with the folder's key: the copy keeps the key, so they open.
      for (const file of [SECRET_KEY_FILE, DEMO_SNAPSHOT_FILE]) if (existsSync(join(from, file))) copyFileSync(join(from, file), join(to, file));
    } catch (error) {
      rmSync(to, { recursive: true, force: true });
      throw error;
    }
    this.register(entry);
    this.emit({ type: 'data/changed', topic: 'workspace' });
    return entry;
  }

  private remove(id: string): { deleted: string } {
    const registry = readRegistry(this.options.dataDir);
    const entry = findWorkspace(registry, id);
    if (entry.id === DEFAULT_WORKSPACE_ID) throw new EngineError('conflict', `"${entry.name}" is the data folder's own workspace; it cannot be deleted here.`, { field: 'id' });
    if (entry.id === registry.current) throw new EngineError('conflict', `"${entry.name}" is open; open another workspace before deleting it.`, { field: 'id' });
    writeRegistry(this.options.dataDir, { ...registry, workspaces: registry.workspaces.filter((w) => w.id !== entry.id) });
    rmSync(workspaceFolder(this.options.dataDir, entry.id), { recursive: true, force: true });
    this.emit({ type: 'data/changed', topic: 'workspace' });
    return { deleted: entry.id };
  }

  /** The demo in a workspace of its own, made without the runner, snapshotted, then opened. */
  private async createDemo(input: { customers: number; seed: number; start?: string | undefined }, jobId: string | undefined, signal: AbortSignal) {
    const registry = readRegistry(this.options.dataDir);
    const entry: WorkspaceEntry = { id: newWorkspaceId(this.options.dataDir, registry, 'Demo shop'), name: 'Demo shop', demo: true };
    const folder = ensureFolder(this.options.dataDir, entry.id);
    const engine = await createEngine({ ...this.engineOptions(), dataDir: folder, autoRun: false });
    // The imports run in that engine under the same job id: its progress reaches the windows, and a cancel reaches it.
    const stop = engine.onEvent((event) => event.type === 'job/progress' && this.emit(event));
    const cancel = () => void (jobId && engine.dispatch('jobs/cancel', { jobId }));
    signal.addEventListener('abort', cancel);
    let summary: Awaited<ReturnType<typeof createDemoShop>>;
    try {
      summary = await createDemoShop(engine, { customers: input.customers, seed: input.seed, ...(input.start ? { start: input.start } : {}), ...(jobId ? { jobId } : {}) });
    } catch (error) {
      await engine.close();
      rmSync(folder, { recursive: true, force: true });
      throw error;
    } finally {
      signal.removeEventListener('abort', cancel);
      stop();
    }
    await engine.close();
    this.register(entry);
    await this.switchTo(entry.id);
    return { ...entry, customers: summary.customers, events: summary.events };
  }

  /** The open demo back to its snapshot: the engine closes, the file is replaced, the engine opens again. */
  private async resetDemo(): Promise<WorkspaceList> {
    const registry = readRegistry(this.options.dataDir);
    const folder = workspaceFolder(this.options.dataDir, registry.current);
    const snapshot = join(folder, DEMO_SNAPSHOT_FILE);
    if (!existsSync(snapshot)) throw new EngineError('conflict', 'The open workspace is not a demo made by this app (no first state kept to go back to).');
    await this.switchTo(registry.current, () => {
      const dataFile = join(folder, DATA_FILE_NAME);
      for (const file of [`${dataFile}-wal`, `${dataFile}-shm`]) rmSync(file, { force: true });
      copyFileSync(snapshot, dataFile);
    });
    return this.list();
  }
}
