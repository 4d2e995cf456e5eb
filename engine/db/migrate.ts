import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Migration } from '../../migrations';
import { EngineError } from '../errors';

/**
 * Applies pending migrations, each in its own BEGIN IMMEDIATE transaction together with its record,
 * so a failure leaves the file at the previous version and two processes never migrate at once.
 * (Kysely's Migrator treats SQLite as having no transactional DDL and would leave a half-applied
 * migration behind; SQLite does roll DDL back, so we keep each step atomic ourselves.)
 */
export function appliedMigrationNames(sqlite: BetterSqlite3.Database): string[] {
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!table) return [];
  return (sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((row) => row.name);
}

/** Refuses, before anything is written, a file that a newer version of the app has migrated further. */
export function assertNotNewer(sqlite: BetterSqlite3.Database, known: readonly Migration[], dataFile: string): void {
  const knownNames = new Set(known.map((m) => m.name));
  const unknown = appliedMigrationNames(sqlite).filter((name) => !knownNames.has(name));
  if (unknown.length > 0) {
    throw new EngineError(
      'db_newer_version',
      `The workspace file ${dataFile} was written by a newer version of Campaign Studio (it has schema step ${unknown.at(-1)}; this version knows up to ${known.at(-1)?.name ?? 'none'}). Update the app to open it. The file was not changed.`,
      { unknownMigrations: unknown, latestKnown: known.at(-1)?.name ?? null },
    );
  }
}

export async function migrate(sqlite: BetterSqlite3.Database, db: Kysely<unknown>, all: readonly Migration[], options: { upTo?: string; now?: () => number } = {}): Promise<string[]> {
  const now = options.now ?? Date.now;
  const applied: string[] = [];
  const lastIndex = options.upTo === undefined ? all.length - 1 : all.findIndex((m) => m.name === options.upTo);
  if (lastIndex < 0 && options.upTo !== undefined) {
    throw new EngineError('invalid_input', `Unknown migration ${options.upTo}`);
  }
  // Read first, without the write lock: a file that is up to date needs no lock at all, so opening it
  // (for a count, say) works while another process holds the lock through a long import.
  const alreadyApplied = new Set(appliedMigrationNames(sqlite));
  for (const migration of all.slice(0, lastIndex + 1)) {
    if (alreadyApplied.has(migration.name)) continue;
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT');
      // Read again under the write lock: another process may have migrated while we waited.
      const done = sqlite.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(migration.name);
      if (done) {
        sqlite.exec('COMMIT');
        continue;
      }
      await migration.up(db);
      sqlite.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(migration.name, now());
      sqlite.exec('COMMIT');
      applied.push(migration.name);
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      if (error instanceof EngineError) throw error;
      throw new EngineError('internal', `Migration ${migration.name} failed and was rolled back: ${String(error)}`, {
        migration: migration.name,
      });
    }
  }
  return applied;
}
