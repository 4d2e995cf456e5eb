import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { ASSETS_DIR, makeTempDir } from '../../tests/helpers/temp-dir';
import { createEngine, type Engine } from '../app';
import { DATA_FILE_NAME } from './connection';

const temps: ReturnType<typeof makeTempDir>[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  for (const temp of temps.splice(0)) temp.cleanup();
});

async function open(dir: string, busyTimeoutMs?: number): Promise<Engine> {
  const engine = await createEngine({ dataDir: dir, assetsDir: ASSETS_DIR, appVersion: 'test', ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  engines.push(engine);
  return engine;
}

function folder(): string {
  const temp = makeTempDir();
  temps.push(temp);
  return temp.dir;
}

describe('opening a workspace that is in use', () => {
  test('a read-only command works while another process holds the write lock (a long import)', async () => {
    const dir = folder();
    const first = await open(dir);
    await first.call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id\nA-1\nA-2\n' } });
    await first.close();
    engines.splice(0);
    const importer = new BetterSqlite3(join(dir, DATA_FILE_NAME));
    importer.exec('BEGIN IMMEDIATE');
    importer.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('B-1', 1, 1)`).run();
    try {
      const reader = await open(dir, 200);
      expect((await reader.call('customers/count', {})).count).toBe(2);
    } finally {
      importer.exec('ROLLBACK');
      importer.close();
    }
  });

  test('an import whose process died is marked interrupted at the next start; nothing of it was kept', async () => {
    const dir = folder();
    await (await open(dir)).close();
    engines.splice(0);
    // What a killed import leaves: its row committed as running, its rows rolled back with it.
    const db = new BetterSqlite3(join(dir, DATA_FILE_NAME));
    db.prepare(`INSERT INTO imports (kind, file_name, status, started_at) VALUES ('customers', 'big.csv', 'running', ?)`).run(Date.now() - 10 * 60_000);
    db.close();
    const engine = await open(dir);
    const [entry] = (await engine.call('imports/list', {})).entries;
    expect(entry).toMatchObject({ fileName: 'big.csv', status: 'failed' });
    expect(entry!.message).toContain('Interrupted');
    expect(entry!.finishedAt).not.toBeNull();
  });

  test('the workspace file and its folder are readable by their owner only', async () => {
    if (process.platform === 'win32') return;
    const dir = folder();
    // A folder made with a common umask (022), as a user's own mkdir would be.
    chmodSync(dir, 0o755);
    const engine = await open(dir);
    await engine.call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id\nA-1\n' } });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, DATA_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, `${DATA_FILE_NAME}-wal`)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'uploads')).mode & 0o777).toBe(0o700);
  });

  test("a folder of the user's that holds other things keeps its mode; the workspace file is still private", async () => {
    if (process.platform === 'win32') return;
    const dir = folder();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await open(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, DATA_FILE_NAME)).mode & 0o777).toBe(0o600);
  });
});
