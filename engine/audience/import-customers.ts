import { createReadStream, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { mapCustomerColumns, type ColumnTarget } from '../../shared/domain/customer-columns';
import {
  MAX_REPORTED_ROW_ERRORS,
  type ImportStatus,
  type ImportSummary,
  type RowError,
} from '../../shared/domain/import-report';
import type { ImportSource } from '../../shared/rpc/methods';
import type { CallContext } from '../context';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import type { Selectable } from 'kysely';
import type { CustomersTable } from '../db/schema';
import type { UploadStore } from '../uploads';
import { validateCustomerRow, type CustomerRecord } from './customer-row';

export const SAMPLE_CUSTOMERS_FILE = 'sample-customers.csv';
const TEXT_CHUNK_CHARS = 1 << 20;

export interface ImportCustomersInput {
  source: ImportSource;
  dryRun: boolean;
  onDuplicate: 'update' | 'skip' | 'reject';
  allOrNothing: boolean;
}

interface OpenedSource {
  fileName: string;
  stream: Readable;
  totalBytes: number;
}

function openSource(source: ImportSource, assetsDir: string, trusted: boolean, uploads: UploadStore): OpenedSource {
  if (source.kind === 'text') {
    const text = source.text;
    // Yield to the event loop between slices, as a file read would, so a cancel request gets through.
    async function* slices() {
      for (let start = 0; start < text.length; start += TEXT_CHUNK_CHARS) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        yield text.slice(start, start + TEXT_CHUNK_CHARS);
      }
    }
    return { fileName: source.fileName, stream: Readable.from(slices()), totalBytes: Buffer.byteLength(text) };
  }
  if (source.kind === 'file' && !trusted) {
    throw new EngineError(
      'invalid_input',
      'source.kind "file" (a path on this machine) is only accepted from the command line; upload the file content instead.',
      { issues: [{ field: 'source.kind', message: 'not allowed from this caller' }] },
    );
  }
  if (source.kind === 'upload') {
    const upload = uploads.resolve(source.uploadId);
    return { fileName: upload.fileName, stream: createReadStream(upload.path, { highWaterMark: 256 * 1024 }), totalBytes: upload.bytes };
  }
  const path = source.kind === 'file' ? source.path : join(assetsDir, SAMPLE_CUSTOMERS_FILE);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new EngineError('io_error', `Cannot read ${path}: there is no such file.`, { field: 'source.path', path });
  }
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  return { fileName: basename(path), stream, totalBytes: size };
}

interface Statements {
  find: { get(externalId: string): ExistingRow | undefined };
  insert: { run(...values: unknown[]): { changes: number } };
  update: { run(...values: unknown[]): unknown };
}

type ExistingRow = Pick<Selectable<CustomersTable>, 'id' | 'attributes' | (typeof FIELD_COLUMNS)[number]>;

const FIELD_COLUMNS = [
  'email',
  'phone',
  'first_name',
  'last_name',
  'language',
  'time_zone',
  'city',
  'signup_at',
  'push_token',
  'consent_email',
  'consent_sms',
  'consent_push',
  'consent_whatsapp',
] as const;

function prepare(ws: Workspace): Statements {
  const columns = FIELD_COLUMNS.join(', ');
  return {
    find: ws.sqlite.prepare(`SELECT id, ${columns}, attributes FROM customers WHERE external_id = ?`) as Statements['find'],
    insert: ws.sqlite.prepare(
      `INSERT INTO customers (external_id, ${columns}, attributes, created_at, updated_at)
       VALUES (?, ${FIELD_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)
       ON CONFLICT (external_id) DO NOTHING`,
    ) as Statements['insert'],
    update: ws.sqlite.prepare(
      `UPDATE customers SET ${FIELD_COLUMNS.map((c) => `${c} = ?`).join(', ')}, attributes = ?, updated_at = ? WHERE id = ?`,
    ),
  };
}

function fieldValues(record: CustomerRecord): (string | number | null)[] {
  return [
    record.email,
    record.phone,
    record.firstName,
    record.lastName,
    record.language,
    record.timeZone,
    record.city,
    record.signupAt,
    record.pushToken,
    record.consent.email,
    record.consent.sms,
    record.consent.push,
    record.consent.whatsapp,
  ];
}

/** An update only fills what the file gives: an empty cell keeps the customer's current value. */
function mergeIntoExisting(existing: ExistingRow, record: CustomerRecord): { values: unknown[]; attributes: string; changed: boolean } {
  const incoming = fieldValues(record);
  const values = FIELD_COLUMNS.map((column, i) => incoming[i] ?? existing[column]);
  const mergedAttributes = { ...(JSON.parse(existing.attributes) as Record<string, unknown>), ...record.attributes };
  const attributes = JSON.stringify(mergedAttributes);
  const changed = FIELD_COLUMNS.some((column, i) => values[i] !== existing[column]) || attributes !== existing.attributes;
  return { values, attributes, changed };
}

export async function importCustomers(
  ws: Workspace,
  input: ImportCustomersInput,
  ctx: CallContext,
  options: { now: () => number; assetsDir: string; timeZone: string; uploads: UploadStore },
): Promise<ImportSummary> {
  const started = options.now();
  const opened = openSource(input.source, options.assetsDir, ctx.trusted, options.uploads);
  const history = ws.sqlite
    .prepare(`INSERT INTO imports (kind, file_name, status, started_at) VALUES ('customers', ?, 'running', ?) RETURNING id`)
    .get(opened.fileName, started) as { id: number };

  const summary: ImportSummary = {
    importId: history.id,
    fileName: opened.fileName,
    dryRun: input.dryRun,
    rows: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    errors: [],
    errorsTruncated: false,
    durationMs: 0,
  };
  const report = (errors: RowError[]) => {
    for (const error of errors) {
      if (summary.errors.length < MAX_REPORTED_ROW_ERRORS) summary.errors.push(error);
      else summary.errorsTruncated = true;
    }
  };

  const statements = prepare(ws);
  const seen = new Set<string>();
  let headers: string[] | null = null;
  let columns: ColumnTarget[] = [];
  let recordNumber = 0;
  let bytesRead = 0;
  let failure: unknown = null;

  opened.stream.on('data', (chunk: Buffer | string) => {
    bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  });

  const handleRow = (cells: string[], parseErrors: Papa.ParseError[]) => {
    recordNumber += 1;
    if (headers === null) {
      if (cells[0]?.startsWith('\uFEFF')) cells[0] = cells[0].slice(1);
      headers = cells.map((h) => h.trim());
      columns = mapCustomerColumns(headers);
      if (!columns.some((c) => c.kind === 'field' && c.field === 'externalId')) {
        throw new EngineError(
          'invalid_input',
          `${opened.fileName}: the header row has no external id column (one of external_id, customer_id, id, user_id). Found: ${headers.join(', ')}.`,
          { file: opened.fileName, row: 1, field: 'external_id' },
        );
      }
      return;
    }
    if (cells.length === 1 && cells[0] === '') return; // a blank line
    summary.rows += 1;
    if (parseErrors.length > 0 || cells.length > headers.length) {
      summary.rejected += 1;
      const message =
        parseErrors[0]?.message ??
        `The row has ${cells.length} fields but the header has ${headers.length}: a delimiter inside an unquoted value?`;
      report([{ row: recordNumber, column: '', code: 'malformed_row', value: cells.join(',').slice(0, 200), message }]);
      return;
    }
    const { record, errors } = validateCustomerRow(cells, columns, headers, recordNumber, options.timeZone);
    if (!record) {
      summary.rejected += 1;
      report(errors);
      return;
    }
    if (seen.has(record.externalId)) {
      summary.rejected += 1;
      const column = headers[columns.findIndex((c) => c.kind === 'field' && c.field === 'externalId')] ?? 'external_id';
      report([{ row: recordNumber, column, code: 'duplicate_in_file', value: record.externalId, message: `External id ${record.externalId} already appeared earlier in this file.` }]);
      return;
    }
    seen.add(record.externalId);
    const now = options.now();
    // Most rows of a big file are new: try the insert first and look the row up only on a conflict.
    const inserted = statements.insert.run(record.externalId, ...fieldValues(record), JSON.stringify(record.attributes), now, now);
    if (inserted.changes === 1) {
      summary.imported += 1;
      return;
    }
    const existing = statements.find.get(record.externalId);
    if (!existing) throw new Error(`customer ${record.externalId} conflicted on insert but cannot be found`);
    if (input.onDuplicate === 'skip') {
      summary.skipped += 1;
      return;
    }
    if (input.onDuplicate === 'reject') {
      summary.rejected += 1;
      const column = headers[columns.findIndex((c) => c.kind === 'field' && c.field === 'externalId')] ?? 'external_id';
      report([{ row: recordNumber, column, code: 'duplicate_in_base', value: record.externalId, message: `A customer with external id ${record.externalId} already exists.` }]);
      return;
    }
    const merged = mergeIntoExisting(existing, record);
    if (!merged.changed) {
      summary.unchanged += 1;
      return;
    }
    statements.update.run(...merged.values, merged.attributes, now, existing.id);
    summary.updated += 1;
  };

  let lastProgressAt = 0;
  const progress = (force: boolean) => {
    const at = Date.now();
    if (!force && at - lastProgressAt < 100) return;
    lastProgressAt = at;
    ctx.progress({ done: bytesRead, total: opened.totalBytes, unit: 'bytes', rowsDone: summary.rows });
  };

  ws.sqlite.exec('BEGIN IMMEDIATE');
  let status: ImportStatus = 'failed';
  let message: string | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      const source = opened.stream.setEncoding('utf8');
      Papa.parse<string[]>(source as unknown as File, {
        header: false,
        skipEmptyLines: false,
        step(results, parser) {
          if (failure) return;
          try {
            if (ctx.signal.aborted) throw new EngineError('cancelled', 'The import was cancelled; nothing was written.');
            handleRow(results.data, results.errors);
            progress(false);
          } catch (error) {
            failure = error;
            parser.abort();
          }
        },
        complete() {
          if (failure) reject(failure);
          else resolve();
        },
        error(error: Error) {
          reject(new EngineError('io_error', `Reading ${opened.fileName} failed: ${error.message}`));
        },
      });
      opened.stream.on('error', (error) => reject(new EngineError('io_error', `Reading ${opened.fileName} failed: ${error.message}`)));
    });
    if (headers === null) {
      throw new EngineError('invalid_input', `${opened.fileName} is empty: it needs a header row and at least one customer.`, {
        file: opened.fileName,
        row: 1,
      });
    }
    if (input.allOrNothing && summary.rejected > 0) {
      throw new EngineError(
        'invalid_input',
        `${opened.fileName}: ${summary.rejected} of ${summary.rows} rows were rejected, so nothing was imported (all or nothing).`,
        { summary: { ...summary, imported: 0, updated: 0 } },
      );
    }
    if (input.dryRun) {
      ws.sqlite.exec('ROLLBACK');
      status = 'dry_run';
    } else {
      ws.sqlite.exec('COMMIT');
      status = 'completed';
    }
    progress(true);
  } catch (error) {
    if (ws.sqlite.inTransaction) ws.sqlite.exec('ROLLBACK');
    opened.stream.destroy();
    status = error instanceof EngineError && error.code === 'cancelled' ? 'cancelled' : 'failed';
    message = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    summary.durationMs = options.now() - started;
    const kept = status === 'completed';
    ws.sqlite
      .prepare(
        `UPDATE imports SET status = ?, finished_at = ?, rows = ?, imported = ?, updated = ?, unchanged = ?, skipped = ?,
           rejected = ?, errors = ?, message = ? WHERE id = ?`,
      )
      .run(
        status,
        options.now(),
        summary.rows,
        kept || status === 'dry_run' ? summary.imported : 0,
        kept || status === 'dry_run' ? summary.updated : 0,
        summary.unchanged,
        summary.skipped,
        summary.rejected,
        JSON.stringify(summary.errors),
        message,
        history.id,
      );
  }
  return summary;
}
