import type { Selectable } from 'kysely';
import { identityOf, mapCustomerColumns, type ColumnChoice, type ColumnTarget, type CustomerIdentity } from '../../shared/domain/customer-columns';
import type { ImportSummary } from '../../shared/domain/import-report';
import type { ImportSource } from '../../shared/rpc/audience-methods';
import type { CallContext } from '../context';
import type { Workspace } from '../db/connection';
import type { CustomersTable } from '../db/schema';
import { EngineError } from '../errors';
import type { UploadStore } from '../uploads';
import type { SecretBox } from '../secrets/secret-box';
import { Worker } from 'node:worker_threads';
import { CUSTOMER_FIELD_COLUMNS, customerFieldValues, type CustomerRecord } from './customer-row';
import { checkRows, type CheckedRow, type CheckOptions } from './customer-rows';
import type { CustomerRowsWorkerData, CustomerRowsWorkerMessage } from './customer-rows-worker';
import { openImportSource, type OpenedSource } from './import-source';
import { runImport, type FeedConsumer, type ImportHandler } from './import-run';
import type { ScoringEngine } from './scoring';
import { SuppressionCheck } from './suppressions';
import { deferListIndexes } from './list-indexes';
import type { SupportedEncoding } from './text-encoding';

export interface ImportCustomersInput {
  source: ImportSource;
  dryRun: boolean;
  onDuplicate: 'update' | 'skip' | 'reject';
  allOrNothing: boolean;
  encoding: SupportedEncoding | 'auto';
  delimiter?: string | undefined;
  defaultCountry?: string | undefined;
  mapping: Record<string, ColumnChoice>;
  /** Refuse a row for any bad value (as before warnings existed), not only for a bad or missing key. */
  strict?: boolean | undefined;
  /** Lines before the header row, not read. */
  skipLines?: number | undefined;
}

const FIELD_COLUMNS = CUSTOMER_FIELD_COLUMNS;

type ExistingRow = Pick<Selectable<CustomersTable>, 'id' | 'attributes' | (typeof FIELD_COLUMNS)[number]>;

const fieldValues = customerFieldValues;

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
  options: {
    now: () => number;
    assetsDir: string;
    timeZone: string;
    defaultCountry: string;
    uploads: UploadStore;
    /** Opens the workspace's erasure-hash key. */
    secretBox: SecretBox;
    scoring: ScoringEngine;
    /** The bundled customer-rows worker; without it rows are read in this thread. */
    rowsWorkerScript?: string | undefined;
  },
): Promise<ImportSummary> {
  const opened = openImportSource(input.source, {
    kind: 'customers',
    assetsDir: options.assetsDir,
    trusted: ctx.trusted,
    uploads: options.uploads,
    encoding: input.encoding,
  });
  const columns = FIELD_COLUMNS.join(', ');
  const find = ws.sqlite.prepare(`SELECT id, ${columns}, attributes FROM customers WHERE external_id = ?`);
  // A file without an id column knows customers by email, else phone: whoever already has it is updated.
  const findByEmail = ws.sqlite.prepare(`SELECT id, ${columns}, attributes FROM customers WHERE email = ? ORDER BY id LIMIT 1`);
  const findByPhone = ws.sqlite.prepare(`SELECT id, ${columns}, attributes FROM customers WHERE phone = ? ORDER BY id LIMIT 1`);
  const insert = ws.sqlite.prepare(
    `INSERT INTO customers (external_id, ${columns}, attributes, created_at, updated_at)
     VALUES (?, ${FIELD_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)
     ON CONFLICT (external_id) DO NOTHING`,
  );
  const update = ws.sqlite.prepare(`UPDATE customers SET ${FIELD_COLUMNS.map((c) => `${c} = ?`).join(', ')}, attributes = ?, updated_at = ? WHERE id = ?`);
  const suppressions = new SuppressionCheck(ws, options.secretBox);
  const defaultCountry = input.defaultCountry ?? options.defaultCountry;
  // Duplicates inside the file, without holding every id in memory: a row this import inserted has
  // an id above the largest one before it; a pre-existing row it touched is remembered by id.
  // Read inside the import's transaction (at the header), so another process's inserts cannot slip in between.
  let largestIdBefore = 0;
  const touchedExisting = new Set<number>();
  const touched: number[] = [];
  let headers: string[] = [];
  let targets: ColumnTarget[] = [];
  let idColumn = 'external_id';
  let idIndex = -1;
  let identity: CustomerIdentity = 'externalId';
  let rebuildListIndexes: (() => void) | null = null;
  // About a hundred bytes a row in the exports seen; only the order of magnitude matters.
  const estimatedRows = opened.totalBytes / 100;

  const handler: ImportHandler<CheckedRow> = {
    header(cells) {
      largestIdBefore = ws.sqlite.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number;
      headers = cells;
      targets = mapCustomerColumns(headers, input.mapping);
      const known = identityOf(targets);
      if (known === null) {
        throw new EngineError(
          'invalid_input',
          `${opened.fileName}: the header row has no column to know customers by: an id (external_id, customer_id, ID client…), an email or a phone (or choose one in the mapping). Found: ${headers.join(', ')}.`,
          { file: opened.fileName, row: (input.skipLines ?? 0) + 1, field: 'external_id' },
        );
      }
      identity = known;
      idIndex = targets.findIndex((c) => c.kind === 'field' && (identity === 'externalId' ? c.field === 'externalId' : c.field === 'email' || c.field === 'phone'));
      idColumn = headers[idIndex] ?? idColumn;
      rebuildListIndexes = deferListIndexes(ws.sqlite, estimatedRows);
    },
    row(checked, rowNumber, reportErrors, warn) {
      if (checked.kind !== 'valid' && checked.kind !== 'invalid') return 'rejected';
      const rawId = checked.rawId;
      const report: typeof reportErrors = (errors) => reportErrors(rawId === '' ? errors : errors.map((error) => ({ ...error, externalId: rawId })));
      if (checked.kind === 'invalid') {
        report(checked.errors);
        return 'rejected';
      }
      const record = checked.record;
      if (checked.warnings.length > 0) warn(checked.warnings.map((warning) => ({ ...warning, externalId: record.externalId })));
      const erased = suppressions.erased([
        ['external_id', record.externalId],
        ['email', record.email],
        ['phone', record.phone],
      ]);
      if (erased) {
        report([
          {
            row: rowNumber,
            column: idColumn,
            code: 'suppressed',
            value: record.externalId,
            message: `This contact was erased on request (matched by ${erased.replace('_', ' ')}) and cannot be imported again.`,
          },
        ]);
        return 'rejected';
      }
      const now = options.now();
      const update_ = (existing: ExistingRow): 'updated' | 'unchanged' => {
        const merged = mergeIntoExisting(existing, record);
        if (!merged.changed) return 'unchanged';
        update.run(...merged.values, merged.attributes, now, existing.id);
        if (options.scoring.hasAttributeRules) touched.push(existing.id);
        return 'updated';
      };
      // Known by email (else phone) in a file without ids: whoever has it already is this customer.
      let existing =
        identity === 'email' ? (((record.email ? findByEmail.get(record.email) : undefined) ?? (record.phone ? findByPhone.get(record.phone) : undefined)) as ExistingRow | undefined) : undefined;
      if (!existing) {
        // Most rows of a big file are new: try the insert first and look the row up only on a conflict.
        const inserted = insert.run(record.externalId, ...fieldValues(record), JSON.stringify(record.attributes), now, now);
        if (inserted.changes === 1) {
          if (options.scoring.hasAttributeRules) touched.push(Number(inserted.lastInsertRowid));
          return 'imported';
        }
        existing = find.get(record.externalId) as ExistingRow | undefined;
        if (!existing) throw new Error(`customer ${record.externalId} conflicted on insert but cannot be found`);
      }
      if (existing.id > largestIdBefore || touchedExisting.has(existing.id)) {
        // The file names this customer twice: with "update", the later row updates the earlier one, as a re-import would.
        if (input.onDuplicate === 'update') {
          warn([
            {
              row: rowNumber,
              column: idColumn,
              code: 'duplicate_in_file',
              value: record.externalId,
              message: `${record.externalId} is also in an earlier row of this file: this row was merged into it.`,
              externalId: record.externalId,
            },
          ]);
          return update_(existing);
        }
        report([{ row: rowNumber, column: idColumn, code: 'duplicate_in_file', value: record.externalId, message: `${record.externalId} already appeared earlier in this file.` }]);
        return 'rejected';
      }
      touchedExisting.add(existing.id);
      if (input.onDuplicate === 'skip') return 'skipped';
      if (input.onDuplicate === 'reject') {
        report([
          {
            row: rowNumber,
            column: idColumn,
            code: 'duplicate_in_base',
            value: record.externalId,
            message: `A customer with ${identity === 'email' ? 'this email or phone' : `external id ${record.externalId}`} already exists.`,
          },
        ]);
        return 'rejected';
      }
      return update_(existing);
    },
    finish() {
      rebuildListIndexes?.();
      options.scoring.applyAttributeRules(touched);
    },
  };

  const checkOptions: CheckOptions = { mapping: input.mapping, zone: options.timeZone, defaultCountry, delimiter: input.delimiter, strict: input.strict, skipLines: input.skipLines };
  const hand = (consume: FeedConsumer, batch: readonly CheckedRow[]) => {
    for (const row of batch) {
      if (row.kind === 'header') consume.header(row.cells);
      else if (row.kind === 'malformed') consume.malformed(row.rowNumber, row.value, row.message);
      else consume.row(row.rowNumber, row);
    }
  };
  const feed =
    options.rowsWorkerScript && 'path' in opened
      ? (consume: FeedConsumer) =>
          feedFromWorker(
            options.rowsWorkerScript!,
            opened as OpenedSource & { path: string },
            checkOptions,
            (batch) => hand(consume, batch),
            (bytes) => (workerBytes = bytes),
          )
      : (consume: FeedConsumer) => checkRows(opened, checkOptions, (batch) => hand(consume, batch));
  let workerBytes = 0;
  const progressSource: OpenedSource = options.rowsWorkerScript && 'path' in opened ? { ...opened, bytesRead: () => workerBytes } : opened;

  const summary = await runImport(
    ws,
    progressSource,
    { kind: 'customers', format: 'csv', dryRun: input.dryRun, allOrNothing: input.allOrNothing, delimiter: input.delimiter, now: options.now, feed },
    ctx,
    handler,
  );
  return { ...summary, identity };
}

/**
 * Runs the reading half in a worker thread: it posts checked rows in batches and runs at most a
 * few batches ahead; each batch is acknowledged once written. A failure on this side (a cancel, a
 * database error) stops the worker.
 */
function feedFromWorker(
  script: string,
  opened: OpenedSource & { path: string },
  checkOptions: CheckOptions,
  handBatch: (batch: readonly CheckedRow[]) => void,
  onBytes: (bytes: number) => void,
): Promise<void> {
  // The worker reads the file itself; this side's stream is not needed.
  opened.close();
  const data: CustomerRowsWorkerData = { ...checkOptions, path: opened.path, fileName: opened.fileName, encoding: opened.encoding };
  // A small heap keeps the reader's garbage collected early: it only ever holds a few batches. 64 MB ran
  // out once (a 300k-row import in the browser test, two test files running at once); 128 leaves room.
  const worker = new Worker(script, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 } });
  return new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: CustomerRowsWorkerMessage) => {
      try {
        if (message.type === 'rows') {
          onBytes(message.bytesRead);
          handBatch(message.batch);
          worker.postMessage('ack');
        } else if (message.type === 'done') {
          onBytes(message.bytesRead);
          void worker.terminate();
          resolve();
        } else {
          fail(new EngineError('io_error', `Reading ${opened.fileName} failed: ${message.message}`));
        }
      } catch (error) {
        fail(error);
      }
    });
    worker.on('error', fail);
  });
}
