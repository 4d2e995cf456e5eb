import Papa from 'papaparse';
import { identityOf, mapCustomerColumns } from '../../shared/domain/customer-columns';
import { mapEventColumns } from '../../shared/domain/event-columns';
import type { ImportPreview } from '../../shared/domain/import-report';
import type { ImportSource } from '../../shared/rpc/audience-methods';
import type { UploadStore } from '../uploads';
import { openImportSource } from './import-source';
import type { SupportedEncoding } from './text-encoding';

const PREVIEW_CHARS = 64 * 1024;
const PREVIEW_ROWS = 10;

/** The first rows of a file as the import will read them: encoding, delimiter, columns and their guessed meaning. */
export async function previewImport(
  source: ImportSource,
  options: {
    kind: 'customers' | 'events';
    assetsDir: string;
    trusted: boolean;
    uploads: UploadStore;
    encoding: SupportedEncoding | 'auto';
    delimiter?: string | undefined;
    headerRow?: number | undefined;
    sheet?: string | null | undefined;
  },
): Promise<ImportPreview> {
  const headerRow = options.headerRow ?? 1;
  const sheet = options.sheet ?? null;
  const opened = openImportSource(source, { ...options });
  let text = '';
  try {
    for await (const chunk of opened.text) {
      text += String(chunk);
      if (text.length >= PREVIEW_CHARS) break;
    }
  } finally {
    opened.close();
  }
  if (/\.(nd)?jsonl?$/i.test(opened.fileName) && options.kind === 'events') {
    const lines = text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .slice(0, PREVIEW_ROWS);
    return { fileName: opened.fileName, format: 'ndjson', encoding: opened.encoding, delimiter: null, headers: [], columns: [], rows: lines.map((l) => [l]), headerRow: 1, sheet, identity: null };
  }
  // Drop a possibly cut last line, unless the whole file fit.
  const complete = text.length < PREVIEW_CHARS ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  // The import skips the lines above the header the same way (records, not raw lines: a quoted cell may span lines).
  const parsed = Papa.parse<string[]>(complete, { preview: headerRow + PREVIEW_ROWS, delimiter: options.delimiter ?? '' });
  const records = parsed.data.slice(headerRow - 1).filter((cells) => cells.some((cell) => cell.trim() !== ''));
  const [header = [], ...rows] = records;
  const headers = header.map((h) => h.trim());
  const customerTargets = options.kind === 'customers' ? mapCustomerColumns(headers) : null;
  const columns = customerTargets ? customerTargets.map((t) => (t.kind === 'field' ? t.field : t.kind)) : mapEventColumns(headers).map((t) => (t.kind === 'field' ? t.field : t.kind));
  const identity = customerTargets ? identityOf(customerTargets) : null;
  return { fileName: opened.fileName, format: 'csv', encoding: opened.encoding, delimiter: parsed.meta.delimiter, headers, columns, rows, headerRow, sheet, identity };
}
