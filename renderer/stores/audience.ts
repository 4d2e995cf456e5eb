import { create } from 'zustand';
import type { CustomerListRow, CustomerSortField } from '../../shared/domain/customer';
import type { ImportHistoryEntry, ImportSummary } from '../../shared/domain/import-report';
import type { JobProgressEvent } from '../../shared/rpc/events';
import type { MethodInput } from '../../shared/rpc/methods';
import { engine, EngineCallError, type RunningJob } from '../engine-client';
import { i18n } from '../i18n';

export const PAGE_SIZE = 100;

export interface SortState {
  field: CustomerSortField;
  direction: 'asc' | 'desc';
}

/** One import run as the wizard asks for it: which method, and its whole input. */
export type ImportRequest = { method: 'customers/import'; input: MethodInput<'customers/import'> } | { method: 'events/import'; input: MethodInput<'events/import'> };

interface ImportJobState {
  fileName: string;
  progress: JobProgressEvent | null;
  job: RunningJob<ImportSummary>;
}

interface AudienceState {
  search: string;
  sort: SortState;
  /** Bumped whenever the query or the data changes, so pages fetched for an older query are dropped. */
  generation: number;
  total: number | null;
  pages: Map<number, CustomerListRow[]>;
  loadingPages: Set<number>;
  listError: string | null;
  running: ImportJobState | null;
  lastImport: ImportSummary | null;
  importError: string | null;
  history: ImportHistoryEntry[];
  setSearch(search: string): void;
  toggleSort(field: CustomerSortField): void;
  refresh(): void;
  ensurePages(firstRow: number, lastRow: number): void;
  /** Runs an import with progress and cancel; resolves with its summary, or null when it failed or was cancelled. */
  startImport(request: ImportRequest, fileName: string): Promise<ImportSummary | null>;
  clearImportResult(): void;
  cancelImport(): Promise<void>;
  loadHistory(): Promise<void>;
}

export const useAudience = create<AudienceState>((set, get) => {
  async function loadPage(page: number) {
    const { generation, search, sort } = get();
    set((state) => ({ loadingPages: new Set(state.loadingPages).add(page) }));
    try {
      const result = await engine.call('customers/list', {
        search: search || undefined,
        sort,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (get().generation !== generation) return;
      set((state) => {
        const pages = new Map(state.pages);
        pages.set(page, result.rows);
        const loadingPages = new Set(state.loadingPages);
        loadingPages.delete(page);
        return { pages, loadingPages, total: result.total, listError: null };
      });
    } catch (error) {
      if (get().generation !== generation) return;
      set({ listError: (error as Error).message, loadingPages: new Set() });
    }
  }

  return {
    search: '',
    sort: { field: 'createdAt', direction: 'desc' },
    generation: 0,
    total: null,
    pages: new Map(),
    loadingPages: new Set(),
    listError: null,
    running: null,
    lastImport: null,
    importError: null,
    history: [],
    setSearch(search) {
      set((state) => ({ search, generation: state.generation + 1, pages: new Map(), loadingPages: new Set() }));
      void loadPage(0);
    },
    toggleSort(field) {
      set((state) => ({
        sort: {
          field,
          direction: state.sort.field === field && state.sort.direction === 'asc' ? 'desc' : 'asc',
        },
        generation: state.generation + 1,
        pages: new Map(),
        loadingPages: new Set(),
      }));
      void loadPage(0);
    },
    refresh() {
      set((state) => ({ generation: state.generation + 1, pages: new Map(), loadingPages: new Set() }));
      void loadPage(0);
    },
    ensurePages(firstRow, lastRow) {
      const { pages, loadingPages } = get();
      for (let page = Math.floor(firstRow / PAGE_SIZE); page <= Math.floor(lastRow / PAGE_SIZE); page++) {
        if (!pages.has(page) && !loadingPages.has(page)) void loadPage(page);
      }
    },
    async startImport(request, fileName) {
      const onProgress = (progress: JobProgressEvent) => set((state) => (state.running ? { running: { ...state.running, progress } } : {}));
      const job: RunningJob<ImportSummary> =
        request.method === 'customers/import' ? engine.start('customers/import', request.input, onProgress) : engine.start('events/import', request.input, onProgress);
      set({ running: { fileName, progress: null, job }, importError: null, lastImport: null });
      try {
        const summary = await job.result;
        set({ lastImport: summary });
        return summary;
      } catch (error) {
        const message = error instanceof EngineCallError && error.code === 'cancelled' ? i18n.t('import.cancelled') : (error as Error).message;
        set({ importError: message });
        return null;
      } finally {
        set({ running: null });
        get().refresh();
        void get().loadHistory();
      }
    },
    clearImportResult() {
      set({ lastImport: null, importError: null });
    },
    async cancelImport() {
      await get().running?.job.cancel();
    },
    async loadHistory() {
      const { entries } = await engine.call('imports/list', { limit: 20 });
      set({ history: entries });
    },
  };
});
