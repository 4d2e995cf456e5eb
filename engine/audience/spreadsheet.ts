import { existsSync } from 'node:fs';
import { fileSample } from './import-source';
import ExcelJS from 'exceljs';
import type { ImportSource } from '../../shared/rpc/audience-methods';
import { EngineError } from '../errors';
import type { UploadStore } from '../uploads';

/**
 * Files that are not text. An Excel workbook (.xlsx) is read with exceljs, its sheet written as a
 * CSV upload, and imported like any CSV: the same checks, the same report. Any other binary (an old
 * .xls, an .ods, a PDF, an archive) is named in a message that says what to do, instead of being
 * read as garbage.
 */
type FileFormat = 'text' | 'xlsx' | 'xls' | 'ods' | 'pdf' | 'gzip' | 'image' | 'zip' | 'binary';

const SNIFF_BYTES = 4096;

function startsWith(sample: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((byte, i) => sample[i] === byte);
}

/** What a file is, from its first bytes. */
export function sniffFormat(sample: Uint8Array): FileFormat {
  if (startsWith(sample, [0x50, 0x4b, 0x03, 0x04])) {
    // A zip: an OpenDocument file names its type first, stored uncompressed; an Excel one has xl/ parts.
    const head = Buffer.from(sample).toString('latin1');
    if (head.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    return head.includes('xl/') || head.includes('[Content_Types].xml') ? 'xlsx' : 'zip';
  }
  if (startsWith(sample, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (startsWith(sample, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(sample, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(sample, [0x89, 0x50, 0x4e, 0x47]) || startsWith(sample, [0xff, 0xd8, 0xff])) return 'image';
  // UTF-16 text has NULs too, but starts with its byte-order mark.
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return 'text';
  const nuls = sample.subarray(0, SNIFF_BYTES).filter((byte) => byte === 0).length;
  return nuls > 0 ? 'binary' : 'text';
}

const WHAT_TO_DO: Record<Exclude<FileFormat, 'text' | 'xlsx'>, string> = {
  xls: 'an Excel 97-2003 workbook (.xls). Open it in Excel or LibreOffice and save it as .xlsx (Excel workbook) or as CSV UTF-8, then import that file',
  ods: 'an OpenDocument spreadsheet (.ods). Save it as .xlsx or as CSV UTF-8 from LibreOffice, then import that file',
  pdf: 'a PDF document, not a table of rows. Export the list from the tool it came from as CSV or .xlsx',
  gzip: 'a compressed (gzip) file. Uncompress it first and import the CSV inside',
  image: 'an image, not a table of rows',
  zip: 'a zip archive, not a workbook. Unzip it and import the CSV or .xlsx inside',
  binary: 'not a text file (it holds binary bytes). Import a CSV (UTF-8, Windows-1252 or Windows-1256) or an .xlsx workbook',
};

/** A cell as CSV text: dates as the wall-clock time Excel shows (read later in the workspace's zone), numbers as written. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel stores a local date-time with no zone; exceljs hands it over as that time in UTC.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value as { result: ExcelJS.CellValue }).result);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function drain(rows: AsyncIterable<unknown>): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  while (!(await iterator.next()).done) {
    // nothing to keep
  }
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes one sheet of a workbook (by name, else the first) as a CSV upload; `rowLimit` stops early
 * (a preview). Rows keep their place: an empty row is written empty, so row numbers match Excel's.
 */
async function sheetToUpload(path: string, fileName: string, sheet: string | undefined, uploads: UploadStore, rowLimit: number | undefined): Promise<{ uploadId: string; sheetName: string }> {
  const { uploadId } = uploads.begin(fileName);
  let offset = 0;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const chunk = Buffer.from(pending.join(''), 'utf8');
    uploads.append(uploadId, offset, chunk);
    offset += chunk.length;
    pending = [];
  };
  const names: string[] = [];
  let found: string | null = null;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${names.length + 1}`;
      names.push(name);
      if (found !== null || (sheet !== undefined && name !== sheet)) {
        // A sheet left unread is still read to its end: exceljs deletes a sheet's temporary file as
        // soon as the loop moves on, and a stream still opening it then fails outside any try
        // (an uncaught ENOENT that stops the engine, seen under load).
        await drain(worksheet);
        continue;
      }
      found = name;
      let written = 0;
      // Excel leaves out a row's empty cells at its end: pad to the widest row so far (the header's).
      let width = 0;
      for await (const row of worksheet) {
        // row.values is 1-based; a gap before this row is rows Excel shows empty.
        while (written < row.number - 1) {
          pending.push('\r\n');
          written += 1;
        }
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        width = Math.max(width, values.length);
        pending.push(`${Array.from({ length: width }, (_, i) => csvCell(cellText(values[i] ?? null))).join(',')}\r\n`);
        written += 1;
        if (pending.length >= 1000) flush();
        if (rowLimit !== undefined && written >= rowLimit) break;
      }
      if (rowLimit !== undefined) break;
    }
  } catch (error) {
    uploads.discard(uploadId);
    throw new EngineError('invalid_input', `${fileName} could not be read as an Excel workbook: ${(error as Error).message}. Save it again from Excel as .xlsx or as CSV UTF-8.`, {
      file: fileName,
    });
  }
  if (found === null) {
    uploads.discard(uploadId);
    throw new EngineError('invalid_input', sheet === undefined ? `${fileName} has no sheet.` : `${fileName} has no sheet called "${sheet}". Its sheets: ${names.join(', ')}.`, {
      file: fileName,
      field: 'sheet',
      sheets: names,
    });
  }
  flush();
  uploads.finish(uploadId);
  return { uploadId, sheetName: found };
}

/**
 * The source an import or preview reads: a CSV as it is; a workbook's sheet converted to a CSV
 * upload (the caller discards it when done); anything else binary refused with what to do.
 */
export async function readableSource(
  source: ImportSource,
  options: { uploads: UploadStore; pathOf(source: ImportSource): { path: string; fileName: string } | null; sheet?: string | undefined; rowLimit?: number | undefined },
): Promise<{ source: ImportSource; converted: string | null; sheet: string | null }> {
  const file = options.pathOf(source);
  if (!file || !existsSync(file.path)) return { source, converted: null, sheet: null };
  const format = sniffFormat(fileSample(file.path));
  if (format === 'text') return { source, converted: null, sheet: null };
  if (format !== 'xlsx') throw new EngineError('invalid_input', `${file.fileName} is ${WHAT_TO_DO[format]}.`, { file: file.fileName, format });
  const { uploadId, sheetName } = await sheetToUpload(file.path, file.fileName, options.sheet, options.uploads, options.rowLimit);
  return { source: { kind: 'upload', uploadId }, converted: uploadId, sheet: sheetName };
}

/** Runs `work` on the readable form of a source, dropping a converted workbook's CSV afterwards. */
export async function withReadableSource<T>(source: ImportSource, options: Parameters<typeof readableSource>[1], work: (readable: ImportSource, sheet: string | null) => Promise<T>): Promise<T> {
  const readable = await readableSource(source, options);
  try {
    return await work(readable.source, readable.sheet);
  } finally {
    if (readable.converted) options.uploads.discard(readable.converted);
  }
}
