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
};

export function readSettings(ws: Workspace): WorkspaceSettings {
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
  return readSettings(ws);
}
