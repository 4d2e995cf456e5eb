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
