import type { ImportHistoryEntry } from '../../shared/domain/import-report';
import type { Workspace } from '../db/connection';
import type { ImportsTable } from '../db/schema';
import type { Selectable } from 'kysely';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function listImports(ws: Workspace, limit: number): ImportHistoryEntry[] {
  const rows = ws.readerSqlite
    .prepare(
      `SELECT id, kind, file_name, status, started_at, finished_at, rows, imported, updated, unchanged, skipped, rejected, message
       FROM imports ORDER BY id DESC LIMIT ?`,
    )
    .all(limit) as Omit<Selectable<ImportsTable>, 'errors'>[];
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    status: row.status,
    startedAt: iso(row.started_at) as string,
    finishedAt: iso(row.finished_at),
    rows: row.rows,
    imported: row.imported,
    updated: row.updated,
    unchanged: row.unchanged,
    skipped: row.skipped,
    rejected: row.rejected,
    message: row.message,
  }));
}

/** How long an import may sit as `running` before taking the write lock (reading its header). */
const START_GRACE_MS = 60_000;

/**
 * An import whose process died (killed, a crash, a power cut) left its row `running`; its rows were
 * rolled back with its transaction. At the next start, such rows are marked failed and say so. A
 * live import holds the write lock from its header to its end, so this runs only when the lock is
 * free at once (never waiting: a read-only command must not wait for someone else's import), and
 * leaves alone a row younger than the grace before the lock is taken. Returns how many were marked.
 */
export function markInterruptedImports(ws: Workspace, now: number): number {
  const hasRunning = ws.sqlite.prepare(`SELECT EXISTS (SELECT 1 FROM imports WHERE status = 'running')`).pluck().get() === 1;
  if (!hasRunning) return 0;
  const timeout = ws.sqlite.pragma('busy_timeout', { simple: true }) as number;
  ws.sqlite.pragma('busy_timeout = 0');
  try {
    ws.sqlite.exec('BEGIN IMMEDIATE');
  } catch {
    return 0;
  } finally {
    ws.sqlite.pragma(`busy_timeout = ${timeout}`);
  }
  try {
    const marked = ws.sqlite
      .prepare(
        `UPDATE imports SET status = 'failed', finished_at = @now,
           message = 'Interrupted: the app stopped before this import finished, and nothing of it was kept. Import the file again.'
         WHERE status = 'running' AND started_at < @before`,
      )
      .run({ now, before: now - START_GRACE_MS }).changes;
    ws.sqlite.exec('COMMIT');
    return marked;
  } catch (error) {
    if (ws.sqlite.inTransaction) ws.sqlite.exec('ROLLBACK');
    throw error;
  }
}
