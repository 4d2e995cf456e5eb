import type Papa from 'papaparse';
import { identityOf, mapCustomerColumns, type ColumnChoice, type ColumnTarget, type CustomerIdentity } from '../../shared/domain/customer-columns';
import type { RowError } from '../../shared/domain/import-report';
import { validateCustomerRow, type CustomerRecord } from './customer-row';
import { streamCsv } from './csv-stream';
import { csvRowProblem, malformedCsvValue } from './row-sources';
import type { OpenedSource } from './import-source';

/**
 * Reading a customers CSV into checked rows, apart from writing them: the same code runs in the
 * import's own thread or in a worker thread (customer-rows-worker.ts), where parsing and phone
 * validation (the costly part) run beside the inserts on the other core.
 */
export type CheckedRow =
  | { kind: 'header'; rowNumber: number; cells: string[] }
  | { kind: 'malformed'; rowNumber: number; value: string; message: string }
  | { kind: 'valid'; rowNumber: number; record: CustomerRecord; rawId: string; warnings: RowError[] }
  | { kind: 'invalid'; rowNumber: number; errors: RowError[]; rawId: string };

export interface CheckOptions {
  mapping: Record<string, ColumnChoice>;
  zone: string;
  defaultCountry: string;
  delimiter?: string | undefined;
  strict?: boolean | undefined;
  /** Lines before the header row (a title, notes) that are not read. */
  skipLines?: number | undefined;
}

/** Turns parsed CSV records into checked rows; keeps the header's column mapping between calls. */
export function createRowChecker(options: CheckOptions): (cells: string[], parseErrors: readonly Papa.ParseError[], rowNumber: number) => CheckedRow | null {
  let headers: string[] | null = null;
  let targets: ColumnTarget[] = [];
  let idIndex = -1;
  let identity: CustomerIdentity = 'externalId';
  return (cells, parseErrors, rowNumber) => {
    if (rowNumber <= (options.skipLines ?? 0)) return null;
    if (headers === null) {
      headers = cells.map((h) => h.trim());
      targets = mapCustomerColumns(headers, options.mapping);
      identity = identityOf(targets) ?? 'externalId';
      idIndex = targets.findIndex((c) => c.kind === 'field' && (identity === 'externalId' ? c.field === 'externalId' : c.field === 'email'));
      return { kind: 'header', rowNumber, cells: headers };
    }
    const problem = csvRowProblem(cells, parseErrors, headers.length);
    if (problem === 'blank') return null;
    if (problem) return { kind: 'malformed', rowNumber, value: malformedCsvValue(cells), message: problem.message };
    const rawId = (cells[idIndex] ?? '').trim();
    const { record, errors, warnings } = validateCustomerRow(cells, targets, headers, rowNumber, { zone: options.zone, defaultCountry: options.defaultCountry, strict: options.strict, identity });
    return record ? { kind: 'valid', rowNumber, record, rawId: identity === 'externalId' ? rawId : record.externalId, warnings } : { kind: 'invalid', rowNumber, errors, rawId };
  };
}

/**
 * Streams a source through the parser and checker, handing rows over in batches. `deliver` may ask
 * for a pause (it returns a promise): the parser stops reading the file until it resolves.
 */
export async function checkRows(opened: OpenedSource, options: CheckOptions, deliver: (batch: CheckedRow[]) => void | Promise<void>, batchSize = 1000): Promise<void> {
  const check = createRowChecker(options);
  let batch: CheckedRow[] = [];
  await streamCsv(opened.text, options.delimiter, (cells, parseErrors, rowNumber) => {
    const row = check(cells, parseErrors, rowNumber);
    if (row) batch.push(row);
    if (batch.length < batchSize) return undefined;
    const full = batch;
    batch = [];
    return deliver(full);
  });
  if (batch.length > 0) await deliver(batch);
}
