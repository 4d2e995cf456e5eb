import type { CustomerEvent } from '../../shared/rpc/audience-methods';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';

export function customerIdOf(ws: Workspace, externalId: string): number {
  const id = ws.readerSqlite.prepare('SELECT id FROM customers WHERE external_id = ?').pluck().get(externalId) as number | undefined;
  if (id === undefined) throw new EngineError('not_found', `No customer has the external id "${externalId}".`, { field: 'externalId' });
  return id;
}

/** A customer's timeline, newest first. */
export function customerEvents(ws: Workspace, externalId: string, limit: number): { events: CustomerEvent[]; total: number } {
  const id = customerIdOf(ws, externalId);
  const rows = ws.readerSqlite.prepare('SELECT name, ts, properties FROM events WHERE customer_id = ? ORDER BY ts DESC, id DESC LIMIT ?').all(id, limit) as {
    name: string;
    ts: number;
    properties: string;
  }[];
  const total = ws.readerSqlite.prepare('SELECT count(*) FROM events WHERE customer_id = ?').pluck().get(id) as number;
  return {
    events: rows.map((r) => ({ name: r.name, time: new Date(r.ts).toISOString(), properties: JSON.parse(r.properties) as Record<string, unknown> })),
    total,
  };
}
