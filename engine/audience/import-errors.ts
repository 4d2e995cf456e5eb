import { toCsv } from '../../shared/domain/csv-export';
import type { RowError } from '../../shared/domain/import-report';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';

/** One import's row-level report as CSV, for the user to fix the file in a spreadsheet. */
export function importErrorsCsv(ws: Workspace, importId: number): { fileName: string; csv: string } {
  const row = ws.readerSqlite.prepare('SELECT file_name, errors FROM imports WHERE id = ?').get(importId) as { file_name: string; errors: string | null } | undefined;
  if (!row) throw new EngineError('not_found', `No import has the id ${importId}.`, { field: 'importId' });
  const errors = row.errors ? (JSON.parse(row.errors) as RowError[]) : [];
  const csv = toCsv(
    ['row', 'column', 'code', 'value', 'message'],
    errors.map((e) => [e.row, e.column, e.code, e.value, e.message]),
  );
  return { fileName: `${row.file_name.replace(/\.[^.]+$/, '')}-errors.csv`, csv: `${csv}\r\n` };
}
