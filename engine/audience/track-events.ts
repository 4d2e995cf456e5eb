import type { Workspace } from '../db/connection';
import { parseDate } from './customer-row';
import type { EventRecorder } from './record-events';

export interface TrackedEvent {
  customerId: string;
  event: string;
  time?: string | number | undefined;
  properties: Record<string, unknown>;
  eventId?: string | undefined;
}

export interface TrackOutcome {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; message: string }[];
}

/**
 * Events as they happen (POST /track, the CLI, a tracking key), recorded in one transaction: each
 * names its customer by external id (created when asked), its time (ISO, epoch ms, or now; a local
 * time is read in the workspace zone); one seen before counts as a duplicate. Call under the write lock.
 */
export function trackEvents(
  ws: Workspace,
  recorder: EventRecorder,
  input: { events: readonly TrackedEvent[]; unknownCustomers: 'reject' | 'create' },
  now: () => number,
  timeZone: string,
): TrackOutcome {
  return ws.sqlite
    .transaction(() => {
      const findCustomer = ws.sqlite.prepare('SELECT id FROM customers WHERE external_id = ?').pluck();
      const createCustomer = ws.sqlite.prepare('INSERT INTO customers (external_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING id').pluck();
      const outcome: TrackOutcome = { accepted: 0, duplicates: 0, rejected: [] };
      recorder.beginBatch();
      input.events.forEach((event, index) => {
        let customerId = findCustomer.get(event.customerId) as number | undefined;
        if (customerId === undefined && input.unknownCustomers === 'create') customerId = createCustomer.get(event.customerId, now(), now()) as number;
        if (customerId === undefined) {
          outcome.rejected.push({ index, field: `events.${index}.customerId`, message: `No customer has the external id "${event.customerId}".` });
          return;
        }
        const ts = event.time === undefined ? now() : typeof event.time === 'number' ? event.time : parseDate(event.time, timeZone);
        if (ts === null) {
          outcome.rejected.push({ index, field: `events.${index}.time`, message: `"${String(event.time)}" is not a time.` });
          return;
        }
        const fresh = recorder.record({ customerId, name: event.event, ts, properties: event.properties, eventId: event.eventId, source: 'track' });
        if (fresh) outcome.accepted++;
        else outcome.duplicates++;
      });
      return outcome;
    })
    .immediate();
}
