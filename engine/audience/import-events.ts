import { eventIdentity } from './event-identity';
import { mapEventColumns, type EventColumnChoice, type EventColumnTarget, type KnownEventField } from '../../shared/domain/event-columns';
import type { ImportSummary, RowError } from '../../shared/domain/import-report';
import type { ImportSource } from '../../shared/rpc/audience-methods';
import type { CallContext } from '../context';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import type { UploadStore } from '../uploads';
import { detectAttributeValue, parseDate } from './customer-row';
import { openImportSource } from './import-source';
import { runImport, type ImportHandler, type RowOutcome } from './import-run';
import type { ScoringEngine } from './scoring';
import type { SupportedEncoding } from './text-encoding';

export interface ImportEventsInput {
  source: ImportSource;
  format: 'auto' | 'csv' | 'ndjson';
  dryRun: boolean;
  allOrNothing: boolean;
  encoding: SupportedEncoding | 'auto';
  delimiter?: string | undefined;
  /** An event for an external id the workspace does not have: reject the row, or create the customer. */
  unknownCustomers: 'reject' | 'create';
  /** Column choices by header; the rest keep their guessed meaning. */
  mapping?: Readonly<Record<string, EventColumnChoice>>;
}

const MAX_CACHED_CUSTOMERS = 2_000_000;

interface EventFields {
  event: string;
  customerId: string;
  time: string;
  eventId: string;
  properties: Record<string, unknown>;
}

function formatOf(input: ImportEventsInput, fileName: string): 'csv' | 'ndjson' {
  if (input.format !== 'auto') return input.format;
  return /\.(nd)?jsonl?$/i.test(fileName) ? 'ndjson' : 'csv';
}

export async function importEvents(
  ws: Workspace,
  input: ImportEventsInput,
  ctx: CallContext,
  options: { now: () => number; assetsDir: string; timeZone: string; uploads: UploadStore; scoring: ScoringEngine },
): Promise<ImportSummary> {
  const opened = openImportSource(input.source, {
    kind: 'events',
    assetsDir: options.assetsDir,
    trusted: ctx.trusted,
    uploads: options.uploads,
    encoding: input.encoding,
  });
  const format = formatOf(input, opened.fileName);
  const findCustomer = ws.sqlite.prepare('SELECT id FROM customers WHERE external_id = ?').pluck();
  const createCustomer = ws.sqlite.prepare('INSERT INTO customers (external_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING id').pluck();
  const insertEvent = ws.sqlite.prepare(
    `INSERT INTO events (customer_id, name, ts, properties, source, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (customer_id, name, ts, dedupe_key) DO NOTHING`,
  );
  const firstNewEventId = ((ws.sqlite.prepare('SELECT max(id) FROM events').pluck().get() as number | null) ?? 0) + 1;
  const customerIds = new Map<string, number>();
  // Short on purpose: it is stored on every event, and the import history already names the file.
  const source = 'import';

  const customerFor = (externalId: string): number | null => {
    const cached = customerIds.get(externalId);
    if (cached !== undefined) return cached;
    let id = findCustomer.get(externalId) as number | undefined;
    if (id === undefined && input.unknownCustomers === 'create') {
      const now = options.now();
      id = createCustomer.get(externalId, now, now) as number;
    }
    if (id === undefined) return null;
    if (customerIds.size < MAX_CACHED_CUSTOMERS) customerIds.set(externalId, id);
    return id;
  };

  const writeEvent = (fields: EventFields, rowNumber: number, columnOf: (field: KnownEventField) => string, report: (e: RowError[]) => void): RowOutcome => {
    const errors: RowError[] = [];
    const fail = (field: KnownEventField, code: RowError['code'], value: string, message: string) => errors.push({ row: rowNumber, column: columnOf(field), code, value, message });
    if (fields.event === '') fail('event', 'missing_required', '', 'Every event needs a name (event column).');
    else if (fields.event.length > 100) fail('event', 'malformed_row', fields.event.slice(0, 80), 'An event name is at most 100 characters.');
    if (fields.customerId === '') fail('customerId', 'missing_required', '', "Every event needs the customer's external id.");
    let ts: number | null = null;
    if (fields.time === '') fail('time', 'missing_required', '', 'Every event needs a time.');
    else {
      ts = parseDate(fields.time, options.timeZone);
      if (ts === null) fail('time', 'invalid_date', fields.time, `"${fields.time}" is not a time (use 2025-05-20T14:30:00+01:00, epoch seconds, or 2025-05-20 14:30 in the workspace zone).`);
    }
    let customerId: number | null = null;
    if (errors.length === 0) {
      customerId = customerFor(fields.customerId);
      if (customerId === null) {
        fail('customerId', 'unknown_customer', fields.customerId, `No customer has the external id ${fields.customerId}; import customers first or choose to create them.`);
      }
    }
    if (errors.length > 0 || customerId === null || ts === null) {
      report(fields.customerId === '' ? errors : errors.map((error) => ({ ...error, externalId: fields.customerId })));
      return 'rejected';
    }
    const properties = JSON.stringify(fields.properties);
    const dedupeKey = eventIdentity(fields.eventId, properties);
    const written = insertEvent.run(customerId, fields.event, ts, properties, source, dedupeKey);
    if (written.changes === 0) return 'unchanged';
    options.scoring.scoreEvent(customerId, fields.event, fields.properties);
    return 'imported';
  };

  const finish = () => {
    // Roll the new events into the per-customer stats in one set-based pass.
    ws.sqlite
      .prepare(
        `INSERT INTO customer_event_stats (name, customer_id, count, first_ts, last_ts)
         SELECT name, customer_id, count(*), min(ts), max(ts) FROM events WHERE id >= ? GROUP BY name, customer_id
         ON CONFLICT (name, customer_id) DO UPDATE SET
           count = count + excluded.count,
           first_ts = min(first_ts, excluded.first_ts),
           last_ts = max(last_ts, excluded.last_ts)`,
      )
      .run(firstNewEventId);
  };

  let handler: ImportHandler<string[]> | ImportHandler<Record<string, unknown>>;
  if (format === 'csv') {
    let headers: string[] = [];
    let targets: EventColumnTarget[] = [];
    const columnOf = (field: KnownEventField) => headers[targets.findIndex((t) => t.kind === 'field' && t.field === field)] ?? field;
    const csvHandler: ImportHandler<string[]> = {
      header(cells) {
        headers = cells;
        targets = mapEventColumns(cells, input.mapping);
        const missing = (['event', 'customerId', 'time'] as const).filter((field) => !targets.some((t) => t.kind === 'field' && t.field === field));
        if (missing.length > 0) {
          throw new EngineError(
            'invalid_input',
            `${opened.fileName}: the header row needs columns for the event name, the customer's external id and the time (missing: ${missing.join(', ')}). Found: ${cells.join(', ')}.`,
            { file: opened.fileName, row: 1, missing },
          );
        }
      },
      row(cells, rowNumber, report) {
        const fields: EventFields = { event: '', customerId: '', time: '', eventId: '', properties: {} };
        for (let i = 0; i < targets.length; i++) {
          const target = targets[i]!;
          const value = (cells[i] ?? '').trim();
          if (target.kind === 'ignore') continue;
          if (target.kind === 'property') {
            if (value !== '') fields.properties[target.name] = detectAttributeValue(value);
          } else if (target.field === 'properties') {
            if (value === '') continue;
            try {
              const parsed = JSON.parse(value) as unknown;
              if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
              Object.assign(fields.properties, parsed);
            } catch {
              report([{ row: rowNumber, column: headers[i] ?? 'properties', code: 'invalid_json', value: value.slice(0, 200), message: 'The properties column must hold a JSON object.' }]);
              return 'rejected';
            }
          } else {
            fields[target.field] = value;
          }
        }
        return writeEvent(fields, rowNumber, columnOf, report);
      },
      finish,
    };
    handler = csvHandler;
  } else {
    const aliasOf = (keys: string[]) => mapEventColumns(keys, input.mapping);
    const ndjsonHandler: ImportHandler<Record<string, unknown>> = {
      row(object, rowNumber, report) {
        const keys = Object.keys(object);
        const targets = aliasOf(keys);
        const fields: EventFields = { event: '', customerId: '', time: '', eventId: '', properties: {} };
        keys.forEach((key, i) => {
          const target = targets[i]!;
          const value = object[key];
          if (target.kind === 'ignore') return;
          if (target.kind === 'property') fields.properties[key] = value;
          else if (target.field === 'properties') {
            if (typeof value === 'object' && value !== null && !Array.isArray(value)) Object.assign(fields.properties, value);
          } else fields[target.field] = value === null || value === undefined ? '' : String(value).trim();
        });
        return writeEvent(fields, rowNumber, (field) => keys[targets.findIndex((t) => t.kind === 'field' && t.field === field)] ?? field, report);
      },
      finish,
    };
    handler = ndjsonHandler;
  }

  return runImport(ws, opened, { kind: 'events', format, dryRun: input.dryRun, allOrNothing: input.allOrNothing, delimiter: input.delimiter, now: options.now }, ctx, handler);
}
