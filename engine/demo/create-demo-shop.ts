import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../app';
import { EngineError } from '../errors';
import { writeDemoShopFiles } from './demo-shop';

export interface DemoShopSummary {
  customers: number;
  events: number;
  rejected: number;
  seed: number;
}

/**
 * Fills an empty workspace with the demo shop: writes its files to a temporary folder and imports
 * them through the engine, as a user's own files would be (same checks, same progress and cancel
 * under `jobId`). History runs up to the engine's clock.
 */
export async function createDemoShop(engine: Engine, options: { customers: number; seed: number; jobId?: string }, onPhase: (line: string) => void = () => undefined): Promise<DemoShopSummary> {
  const { count } = await engine.call('customers/count', {});
  if (count > 0) throw new EngineError('invalid_input', `The demo goes into an empty workspace; this one has ${count} customers. Give a new --data-dir.`, { field: 'data-dir' });
  const now = Date.parse((await engine.call('engine/clock', {})).now);
  const folder = mkdtempSync(join(tmpdir(), 'campaign-studio-demo-'));
  const call = options.jobId === undefined ? { trusted: true } : { jobId: options.jobId, trusted: true };
  try {
    onPhase(`writing ${options.customers} demo customers and a year of their events (seed ${options.seed})...`);
    const files = await writeDemoShopFiles(folder, { customers: options.customers, seed: options.seed, now });
    onPhase(`importing ${files.customers} customers...`);
    const customers = await engine.call('customers/import', { source: { kind: 'file', path: files.customersCsv } }, call);
    onPhase(`importing ${files.events} events...`);
    const events = await engine.call('events/import', { source: { kind: 'file', path: files.eventsCsv }, format: 'csv' }, call).catch((error: unknown) => {
      // A cancelled or failed import writes nothing, but the customers are in: say so, and how to start again.
      const reason = error instanceof Error ? error.message : String(error);
      throw new EngineError(
        error instanceof EngineError ? error.code : 'internal',
        `${reason} The ${customers.imported} demo customers were kept, without events; remove the data folder to start the demo again.`,
      );
    });
    return { customers: customers.imported, events: events.imported, rejected: customers.rejected + events.rejected, seed: options.seed };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
