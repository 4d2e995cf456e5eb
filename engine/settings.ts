import type { WorkspaceSettings } from '../shared/rpc/workspace-methods';
import { DEFAULT_DELIVERY_RULES } from '../shared/domain/delivery';
import { DEFAULT_PHONE_COUNTRY, DEFAULT_WORKSPACE_TIME_ZONE } from '../shared/domain/time-zone';
import type { Workspace } from './db/connection';

const DEFAULTS: WorkspaceSettings = {
  timeZone: DEFAULT_WORKSPACE_TIME_ZONE,
  defaultPhoneCountry: DEFAULT_PHONE_COUNTRY,
  delivery: DEFAULT_DELIVERY_RULES,
  // No public address exists for a desktop app: point this at your site's unsubscribe page.
  unsubscribeUrl: 'https://example.com/unsubscribe',
  demo: false,
  simulatedCustomers: false,
  simulationSeed: 1,
  currency: 'DZD',
};

/**
 * Settings are read at every step of a run (each message, each hop of a simulated day): kept for a
 * second of wall time, so a change this process makes shows at once (writeSettings replaces it) and
 * one another process makes (the CLI) within a second.
 */
const SETTINGS_TTL_MS = 1000;
const cache = new WeakMap<Workspace, { settings: WorkspaceSettings; readAt: number }>();

export function readSettings(ws: Workspace): WorkspaceSettings {
  const cached = cache.get(ws);
  if (cached && Date.now() - cached.readAt < SETTINGS_TTL_MS) return cached.settings;
  const settings = readStoredSettings(ws);
  cache.set(ws, { settings, readAt: Date.now() });
  return settings;
}

function readStoredSettings(ws: Workspace): WorkspaceSettings {
  const rows = ws.readerSqlite.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
  return { ...DEFAULTS, ...(stored as Partial<WorkspaceSettings>) };
}

export function writeSettings(ws: Workspace, changes: Partial<WorkspaceSettings>, now: number): WorkspaceSettings {
  const upsert = ws.sqlite.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  ws.sqlite.transaction(() => {
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value), now);
    }
  })();
  cache.delete(ws);
  return readSettings(ws);
}
