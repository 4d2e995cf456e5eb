import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { migrations, type Migration } from '../../migrations';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { EngineError } from '../errors';
import { DATA_FILE_NAME, openWorkspace } from './connection';
import { rowsSurvive } from './migration-row-checks';

const temps: { cleanup(): void }[] = [];
function tempDir(): string {
  const temp = makeTempDir();
  temps.push(temp);
  return temp.dir;
}
afterEach(() => {
  while (temps.length) temps.pop()?.cleanup();
});

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function expectEngineError(promise: Promise<unknown>, code: string): Promise<EngineError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  expect((error as EngineError).code).toBe(code);
  return error as EngineError;
}

describe('opening a workspace', () => {
  test('a new data folder gets a database with every table, WAL, FULL sync and foreign keys on', async () => {
    const dir = tempDir();
    const ws = await openWorkspace({ dataDir: dir });
    const tables = (ws.sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['campaigns', 'customers', 'events', 'flow_versions', 'flows', 'imports', 'message_events', 'messages', 'providers', 'segment_members', 'segments', 'settings']),
    );
    expect(ws.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(ws.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(ws.migrationsApplied).toEqual(migrations.map((m) => m.name));
    await ws.close();

    const again = await openWorkspace({ dataDir: dir });
    expect(again.migrationsApplied).toEqual([]);
    await again.close();
  });

  test('every migration has a rows-survive check', () => {
    expect(Object.keys(rowsSurvive)).toEqual(migrations.map((m) => m.name));
  });

  test.each(migrations.map((m, i) => [m.name, i] as const))('migration %s keeps the rows of an older database', async (name, index) => {
    const dir = tempDir();
    const check = rowsSurvive[name]!;
    if (index > 0) {
      const older = await openWorkspace({ dataDir: dir, migrateUpTo: migrations[index - 1]!.name });
      check.seed(older.sqlite);
      await older.close();
    }
    const ws = await openWorkspace({ dataDir: dir, migrateUpTo: name });
    expect(ws.migrationsApplied).toEqual([name]);
    check.check(ws.sqlite);
    await ws.close();
  });

  test('a migration that fails is rolled back whole and the file stays at the previous version', async () => {
    const dir = tempDir();
    const broken: Migration = {
      name: '9999_broken',
      async up(db) {
        await sql`CREATE TABLE half_done (id INTEGER)`.execute(db);
        await sql`INSERT INTO no_such_table VALUES (1)`.execute(db);
      },
    };
    await expectEngineError(openWorkspace({ dataDir: dir, migrations: [...migrations, broken] }), 'internal');
    const ws = await openWorkspace({ dataDir: dir });
    expect(ws.sqlite.prepare(`SELECT name FROM sqlite_schema WHERE name = 'half_done'`).get()).toBeUndefined();
    expect(ws.sqlite.prepare(`SELECT name FROM schema_migrations WHERE name = '9999_broken'`).get()).toBeUndefined();
    await ws.close();
  });

  test('a database from a newer app version is refused with a clear message and left byte for byte as it was', async () => {
    const dir = tempDir();
    const ws = await openWorkspace({ dataDir: dir });
    ws.sqlite.prepare(`INSERT INTO schema_migrations (name, applied_at) VALUES ('0099_from_the_future', 1)`).run();
    await ws.close();
    const file = join(dir, DATA_FILE_NAME);
    const before = fileHash(file);
    const error = await expectEngineError(openWorkspace({ dataDir: dir }), 'db_newer_version');
    expect(error.message).toContain('newer version of Campaign Studio');
    expect(error.message).toContain('0099_from_the_future');
    expect(fileHash(file)).toBe(before);
  });

  test('a file that is not a database is refused and left untouched', async () => {
    const dir = tempDir();
    const file = join(dir, DATA_FILE_NAME);
    writeFileSync(file, 'external_id,email\nC-1,a@example.com\n'.repeat(200));
    const before = fileHash(file);
    const error = await expectEngineError(openWorkspace({ dataDir: dir }), 'db_corrupt');
    expect(error.message).toContain(file);
    expect(fileHash(file)).toBe(before);
  });

  test('a database whose pages are damaged is reported as corrupt', async () => {
    const dir = tempDir();
    const ws = await openWorkspace({ dataDir: dir });
    await ws.close();
    const file = join(dir, DATA_FILE_NAME);
    const bytes = readFileSync(file);
    bytes.fill(0xab, 100, 4096 * 2); // keep the 100-byte header, wreck the schema page
    writeFileSync(file, bytes);
    await expectEngineError(openWorkspace({ dataDir: dir }), 'db_corrupt');
  });

  test('a database locked by another program is reported as locked and not changed', async () => {
    const dir = tempDir();
    const ws = await openWorkspace({ dataDir: dir, migrateUpTo: '0001_initial_schema' });
    await ws.close();
    const file = join(dir, DATA_FILE_NAME);
    const other = new BetterSqlite3(file);
    other.exec('BEGIN EXCLUSIVE');
    try {
      await expectEngineError(openWorkspace({ dataDir: dir, busyTimeoutMs: 100 }), 'db_locked');
    } finally {
      other.exec('ROLLBACK');
    }
    const applied = other.prepare('SELECT name FROM schema_migrations').all();
    expect(applied).toEqual([{ name: '0001_initial_schema' }]);
    other.close();
  });

  test('a data folder that does not exist is refused, not created', async () => {
    const missing = join(tempDir(), 'no', 'such', 'folder');
    const error = await expectEngineError(openWorkspace({ dataDir: missing }), 'data_dir_missing');
    expect(error.message).toContain(missing);
  });
});
