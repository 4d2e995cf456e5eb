import { toCsv } from '../../shared/domain/csv-export';
import type { RowError } from '../../shared/domain/import-report';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';

/**
 * One import's row-level report as CSV, for the user to fix the file in a spreadsheet: the rows it
 * refused ("error") and the values it dropped from rows it kept ("warning"), in file order.
 */
export function importErrorsCsv(ws: Workspace, importId: number): { fileName: string; csv: string } {
  const row = ws.readerSqlite.prepare('SELECT file_name, errors, warnings FROM imports WHERE id = ?').get(importId) as
    | { file_name: string; errors: string | null; warnings: string | null }
    | undefined;
  if (!row) throw new EngineError('not_found', `No import has the id ${importId}.`, { field: 'importId' });
  const listed = (json: string | null, level: string) => (json ? (JSON.parse(json) as RowError[]) : []).map((entry) => ({ ...entry, level }));
  const entries = [...listed(row.errors, 'error'), ...listed(row.warnings, 'warning')].sort((a, b) => a.row - b.row);
  const csv = toCsv(
    ['row', 'column', 'level', 'code', 'value', 'message'],
    entries.map((e) => [e.row, e.column, e.level, e.code, e.value, e.message]),
  );
  return { fileName: `${row.file_name.replace(/\.[^.]+$/, '')}-errors.csv`, csv: `${csv}\r\n` };
}
