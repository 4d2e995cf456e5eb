import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { createEngine, type Engine } from '../engine/app';
import { DATA_FILE_NAME } from '../engine/db/connection';
import { ASSETS_DIR, HTTP_WORKER } from '../tests/helpers/temp-dir';

/** Shared by the engine benchmarks: a workspace with customers written straight in, opened as the app opens it. */
export const START = Date.parse('2026-03-02T09:00:00Z');

/** Customers straight into the table (the import has its own benchmark): every one has a phone and a push token. */
export function seedCustomers(dataFile: string, count: number): void {
  const db = new BetterSqlite3(dataFile);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare('INSERT INTO customers (external_id, first_name, phone, city, push_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const cities = ['Oran', 'Alger', 'Constantine', 'Annaba'];
  db.transaction(() => {
    for (let i = 1; i <= count; i++) insert.run(`B-${i}`, `Client ${i}`, `+2135${String(i).padStart(8, '0')}`, cities[i % 4], `tok-${i}`, START, START);
  })();
  db.close();
}

/** An engine as the app opens it: provider requests through the built HTTP worker. */
export async function openEngine(dir: string): Promise<Engine> {
  return createEngine({ dataDir: dir, assetsDir: ASSETS_DIR, appVersion: 'bench', httpWorker: HTTP_WORKER });
}

/** A new workspace (schema from the engine) with `count` customers written straight in, opened. */
export async function openSeeded(dir: string, count: number): Promise<Engine> {
  await (await openEngine(dir)).close();
  seedCustomers(join(dir, DATA_FILE_NAME), count);
  return openEngine(dir);
}
