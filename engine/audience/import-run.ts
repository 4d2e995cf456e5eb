import { CsvReadError } from './csv-stream';
import { csvRowSource, ndjsonRowSource, type RowSink, type RowSource } from './row-sources';
import { MAX_REPORTED_ROW_ERRORS, type ImportStatus, type ImportSummary, type RowError } from '../../shared/domain/import-report';
import type { CallContext } from '../context';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import type { OpenedSource } from './import-source';

const IMPORT_CACHE_KIB = 16_384;

/** What happened to one data row; exactly one per row. */
export type RowOutcome = 'imported' | 'updated' | 'unchanged' | 'skipped' | 'rejected';

/** One file kind's rules: how to read its header and what to do with each row. */
export interface ImportHandler<Row> {
  /** Called with the header row (CSV) before any data row; throws an EngineError when it is unusable. */
  header?(cells: string[]): void;
  row(row: Row, rowNumber: number, report: (errors: RowError[]) => void, warn: (warnings: RowError[]) => void): RowOutcome;
  /** Runs inside the transaction after the last row (rollups, scoring). */
  finish?(): void;
}

/** Rows that arrive already read (by the customers checker, in this thread or a worker). */
export type FeedConsumer = RowSink;

export interface RunImportOptions {
  /** Replaces the built-in CSV/NDJSON reading: the feed reads the file and hands rows over. */
  feed?: RowSource;
  kind: 'customers' | 'events';
  format: 'csv' | 'ndjson';
  dryRun: boolean;
  allOrNothing: boolean;
  delimiter?: string | undefined;
  now: () => number;
}

/**
 * The shared import pipeline: one row source (CSV, NDJSON, or a feed from the customers checker)
 * into one consumer that hands each row to the kind's handler inside one write transaction, reports progress, honours cancel,
 * and records the run in the import history. A failed, cancelled or dry run rolls everything back.
 */
export async function runImport(
  ws: Workspace,
  opened: OpenedSource,
  options: RunImportOptions,
  ctx: CallContext,
  handler: ImportHandler<string[]> | ImportHandler<Record<string, unknown>> | ImportHandler<unknown>,
): Promise<ImportSummary> {
  const started = options.now();
  const history = ws.sqlite
    .prepare(`INSERT INTO imports (kind, file_name, status, started_at, encoding) VALUES (?, ?, 'running', ?, ?) RETURNING id`)
    .get(options.kind, opened.fileName, started, opened.encoding) as { id: number };
  const summary: ImportSummary = {
    importId: history.id,
    fileName: opened.fileName,
    dryRun: options.dryRun,
    rows: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    errors: [],
    errorsTruncated: false,
    warnings: [],
    warningsTruncated: false,
    duplicatesMerged: 0,
    durationMs: 0,
  };
  const report = (errors: RowError[]) => {
    for (const error of errors) {
      if (summary.errors.length < MAX_REPORTED_ROW_ERRORS) summary.errors.push(error);
      else summary.errorsTruncated = true;
    }
  };

  const warn = (warnings: RowError[]) => {
    for (const warning of warnings) {
      if (warning.code === 'duplicate_in_file') summary.duplicatesMerged += 1;
      if (summary.warnings.length < MAX_REPORTED_ROW_ERRORS) summary.warnings.push(warning);
      else summary.warningsTruncated = true;
    }
  };

  let lastProgressAt = 0;
  const progress = (force: boolean) => {
    const at = Date.now();
    if (!force && at - lastProgressAt < 100) return;
    lastProgressAt = at;
    ctx.progress({ done: opened.bytesRead(), total: opened.totalBytes, unit: 'bytes', rowsDone: summary.rows });
  };
  const checkCancelled = () => {
    if (ctx.signal.aborted) throw new EngineError('cancelled', 'The import was cancelled; nothing was written.');
  };

  let sawHeader = false;
  const count = (outcome: RowOutcome) => {
    summary[outcome] += 1;
  };
  // The one consumer, whatever the source: header, rows, malformed lines; cancel checked at each.
  const sink: RowSink = {
    header(cells) {
      checkCancelled();
      sawHeader = true;
      (handler as ImportHandler<unknown>).header?.(cells);
    },
    malformed(rowNumber, value, message) {
      checkCancelled();
      summary.rows += 1;
      summary.rejected += 1;
      report([{ row: rowNumber, column: '', code: 'malformed_row', value, message }]);
    },
    row(rowNumber, payload) {
      checkCancelled();
      summary.rows += 1;
      count((handler as ImportHandler<unknown>).row(payload, rowNumber, report, warn));
      progress(false);
    },
  };
  const source: RowSource = options.feed ?? (options.format === 'csv' ? csvRowSource(opened, options.delimiter) : ndjsonRowSource(opened));

  // A bulk load gains nothing from a large page cache (its pages are written once and spill to the
  // WAL anyway): a smaller one keeps the import's memory down (1M customers: 306 MB peak → 234 MB, same speed).
  const cacheSize = ws.sqlite.pragma('cache_size', { simple: true }) as number;
  ws.sqlite.exec('BEGIN IMMEDIATE');
  // Set once the transaction is ours: the finally below puts it back, whatever happens.
  ws.sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  let status: ImportStatus = 'failed';
  let message: string | null = null;
  try {
    try {
      await source(sink);
    } catch (error) {
      if (error instanceof CsvReadError) throw new EngineError('io_error', `Reading ${opened.fileName} failed: ${error.message}`);
      throw error;
    }
    // A CSV (read here or fed) needs its header; NDJSON has none.
    if (!sawHeader && (options.feed || options.format === 'csv')) {
      throw new EngineError('invalid_input', `${opened.fileName} is empty: it needs a header row and at least one row.`, {
        file: opened.fileName,
        row: 1,
      });
    }
    checkCancelled();
    handler.finish?.();
    if (options.allOrNothing && summary.rejected > 0) {
      throw new EngineError('invalid_input', `${opened.fileName}: ${summary.rejected} of ${summary.rows} rows were rejected, so nothing was imported (all or nothing).`, {
        summary: { ...summary, imported: 0, updated: 0 },
      });
    }
    if (options.dryRun) {
      ws.sqlite.exec('ROLLBACK');
      status = 'dry_run';
    } else {
      ws.sqlite.exec('COMMIT');
      status = 'completed';
    }
    progress(true);
  } catch (error) {
    if (ws.sqlite.inTransaction) ws.sqlite.exec('ROLLBACK');
    opened.close();
    status = error instanceof EngineError && error.code === 'cancelled' ? 'cancelled' : 'failed';
    message = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    ws.sqlite.pragma(`cache_size = ${cacheSize}`);
    summary.durationMs = options.now() - started;
    const wrote = status === 'completed' || status === 'dry_run';
    ws.sqlite
      .prepare(
        `UPDATE imports SET status = ?, finished_at = ?, rows = ?, imported = ?, updated = ?, unchanged = ?, skipped = ?,
           rejected = ?, errors = ?, warnings = ?, message = ? WHERE id = ?`,
      )
      .run(
        status,
        options.now(),
        summary.rows,
        wrote ? summary.imported : 0,
        wrote ? summary.updated : 0,
        summary.unchanged,
        summary.skipped,
        summary.rejected,
        JSON.stringify(summary.errors),
        JSON.stringify(summary.warnings),
        message,
        history.id,
      );
  }
  return summary;
}
