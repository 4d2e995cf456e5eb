import { create } from 'zustand';
import type { WorkspaceList } from '../../shared/rpc/workspaces-methods';
import { engine } from '../engine-client';

/**
 * The data folder's workspaces. Opening another one (or resetting the demo) changes what every
 * screen shows: the window then reads everything again by reloading, the one way no screen keeps
 * a row of the workspace it left.
 */
interface WorkspacesState {
  /** null until read, or when the host serves one workspace only (an engine opened alone). */
  list: WorkspaceList | null;
  load(): Promise<void>;
}

export const useWorkspaces = create<WorkspacesState>((set, get) => ({
  list: null,
  async load() {
    try {
      const list = await engine.call('workspaces/list', {});
      const before = get().list;
      set({ list });
      if (before?.openedAt && list.openedAt && before.openedAt !== list.openedAt) window.location.reload();
    } catch {
      set({ list: null });
    }
  },
}));

export function currentWorkspace(list: WorkspaceList | null) {
  return list?.workspaces.find((w) => w.id === list.current) ?? null;
}
