import { create } from 'zustand';
import type { AppInfo, WorkspaceSettings } from '../../shared/rpc/workspace-methods';
import { engine } from '../engine-client';

interface WorkspaceState {
  info: AppInfo | null;
  settings: WorkspaceSettings | null;
  error: string | null;
  load(): Promise<void>;
  updateSettings(changes: Partial<Omit<WorkspaceSettings, 'demo'>>): Promise<void>;
}

export const useWorkspace = create<WorkspaceState>((set) => ({
  info: null,
  settings: null,
  error: null,
  async load() {
    try {
      const [info, settings] = await Promise.all([engine.call('app/info', {}), engine.call('settings/get', {})]);
      set({ info, settings, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async updateSettings(changes) {
    const settings = await engine.call('settings/update', changes);
    set((state) => ({ settings, info: state.info && { ...state.info, timeZone: settings.timeZone } }));
  },
}));

/** The zone every date on screen is shown in, and named next to. */
export function useTimeZone(): string {
  return useWorkspace((state) => state.settings?.timeZone ?? 'UTC');
}
