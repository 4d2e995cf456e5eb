import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { makeTempDir } from '../tests/helpers/temp-dir';
import { fromSqliteError } from './errors';

/** The real errors SQLite and the kernel raise, as the engine meets them, and the codes a user gets. */
function thrown(work: () => void): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('a full disk and a read-only workspace', () => {
  test('SQLite out of room is disk_full, with what to do', () => {
    const temp = makeTempDir();
    try {
      const db = new BetterSqlite3(join(temp.dir, 'w.db'));
      db.exec('CREATE TABLE t (x TEXT)');
      db.pragma('max_page_count = 3');
      const error = thrown(() => {
        for (let i = 0; i < 100; i += 1) db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(4000));
      });
      db.close();
      const translated = fromSqliteError(error, '/data/campaign-studio.db');
      expect(translated?.code).toBe('disk_full');
      expect(translated?.message).toContain('Free some space');
      expect(translated?.message).not.toContain('    at ');
    } finally {
      temp.cleanup();
    }
  });

  test('the kernel out of room (ENOSPC, from /dev/full) is disk_full', () => {
    const error = thrown(() => writeFileSync('/dev/full', 'x'));
    expect(fromSqliteError(error, '/data/campaign-studio.db')?.code).toBe('disk_full');
  });

  test('a write to a read-only workspace is read_only, with what to do', () => {
    const temp = makeTempDir();
    try {
      const file = join(temp.dir, 'w.db');
      new BetterSqlite3(file).exec('CREATE TABLE t (x TEXT)');
      const db = new BetterSqlite3(file, { readonly: true });
      const error = thrown(() => db.prepare(`INSERT INTO t VALUES ('x')`).run());
      db.close();
      const translated = fromSqliteError(error, file);
      expect(translated?.code).toBe('read_only');
      expect(translated?.message).toContain('Choose a folder you can write to');
    } finally {
      temp.cleanup();
    }
  });
});
