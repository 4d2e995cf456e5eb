import BetterSqlite3 from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { WalSync } from './wal-sync';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function walDatabase(): { sqlite: BetterSqlite3.Database; dataFile: string; sync: WalSync } {
  const temp = makeTempDir('campaign-studio-wal-');
  const dataFile = join(temp.dir, 'data.db');
  const sqlite = new BetterSqlite3(dataFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const sync = new WalSync(sqlite, dataFile);
  cleanups.push(() => {
    sync.close();
    sqlite.close();
    temp.cleanup();
  });
  return { sqlite, dataFile, sync };
}

const level = (sqlite: BetterSqlite3.Database) => sqlite.pragma('synchronous', { simple: true });

test('work runs with the commit sync left out, and the connection is back to FULL after, even when the work throws', () => {
  const { sqlite, sync } = walDatabase();
  const inside = sync.unsynced(() => {
    sqlite.prepare('INSERT INTO t (v) VALUES (?)').run('kept');
    return level(sqlite);
  });
  expect(inside).toBe(1);
  expect(level(sqlite)).toBe(2);
  expect(() =>
    sync.unsynced(() => {
      throw new Error('the batch failed');
    }),
  ).toThrow('the batch failed');
  expect(level(sqlite)).toBe(2);
  expect(sqlite.prepare('SELECT v FROM t').pluck().all()).toEqual(['kept']);
});

test('a commit made unsynced is in the WAL file; durable() syncs that file and resolves', async () => {
  const { sqlite, dataFile, sync } = walDatabase();
  const before = statSync(`${dataFile}-wal`).size;
  sync.unsynced(() => sqlite.transaction(() => sqlite.prepare('INSERT INTO t (v) VALUES (?)').run('x'.repeat(5000)))());
  expect(statSync(`${dataFile}-wal`).size).toBeGreaterThan(before);
  await expect(sync.durable()).resolves.toBeUndefined();
});

test('calls made while a sync runs share the next one, which starts only after it; a later call starts its own', async () => {
  const { sync } = walDatabase();
  const order: string[] = [];
  const first = sync.durable().then(() => order.push('first'));
  const second = sync.durable();
  const third = sync.durable();
  // The sync under way may have started before these callers' commits: they wait for a new one, together.
  expect(third).toBe(second);
  void second.then(() => order.push('second'));
  await Promise.all([first, second]);
  expect(order).toEqual(['first', 'second']);
  const later = sync.durable();
  expect(later).not.toBe(second);
  await later;
});

test('a WAL file that cannot be opened fails the sync with its path, and the next call tries again', async () => {
  const temp = makeTempDir('campaign-studio-wal-');
  cleanups.push(temp.cleanup);
  const sqlite = new BetterSqlite3(':memory:');
  cleanups.push(() => sqlite.close());
  const missing = join(temp.dir, 'gone.db');
  const sync = new WalSync(sqlite, missing);
  const first = sync.durable();
  const waiting = sync.durable();
  await expect(first).rejects.toThrow(`${missing}-wal`);
  // The caller waiting behind the failed sync gets a sync of its own (which fails the same way), not the old failure.
  await expect(waiting).rejects.toThrow('ENOENT');
  await expect(sync.durable()).rejects.toThrow('ENOENT');
});
