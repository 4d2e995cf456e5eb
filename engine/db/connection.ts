import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { migrations as allMigrations, type Migration } from '../../migrations';
import { EngineError, fromSqliteError } from '../errors';
import { assertNotNewer, migrate } from './migrate';
import type { Database } from './schema';

const READER_MMAP_BYTES = 2 ** 30;
const WAL_AUTOCHECKPOINT_PAGES = 16_384;
const WRITER_CACHE_KIB = 65_536;

export const DATA_FILE_NAME = 'campaign-studio.db';
/** What the engine keeps beside the database file. */
const OUR_FILES = new Set(['secret.key', 'uploads', 'demo-start.db', 'workspaces', 'workspaces.json']);
const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenOptions {
  dataDir: string;
  /** Path to a better-sqlite3 binary built for another runtime (Electron's ABI). */
  nativeBinding?: string;
  busyTimeoutMs?: number;
  /** Tests stop at an older schema to check that the next step keeps the rows. */
  migrateUpTo?: string;
  migrations?: readonly Migration[];
}

export interface Workspace {
  dataFile: string;
  /** The one writing connection; bulk paths use its prepared statements directly. */
  sqlite: BetterSqlite3.Database;
  db: Kysely<Database>;
  /** A second connection for reads, so lists and counts see committed data while an import is open. */
  reader: Kysely<Database>;
  readerSqlite: BetterSqlite3.Database;
  migrationsApplied: string[];
  close(): Promise<void>;
}

function assertLooksLikeSqlite(dataFile: string): void {
  if (!existsSync(dataFile) || statSync(dataFile).size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(dataFile, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new EngineError(
      'db_corrupt',
      `The workspace file ${dataFile} is not a SQLite database (damaged, or another kind of file). It was left as it is; restore a backup or choose another data folder.`,
    );
  }
}

function connect(dataFile: string, options: OpenOptions): BetterSqlite3.Database {
  const settings: BetterSqlite3.Options = { timeout: options.busyTimeoutMs ?? 5000 };
  if (options.nativeBinding) settings.nativeBinding = options.nativeBinding;
  return new BetterSqlite3(dataFile, settings);
}

/**
 * The workspace holds people's data: its folder is its owner's alone (0700) and so is the file
 * (0600); SQLite gives the -wal and -shm files the file's own mode. Windows folders inherit their
 * owner's rights instead.
 */
function keepPrivate(dataDir: string, dataFile: string): void {
  if (process.platform === 'win32') return;
  // The folder is tightened only while it holds nothing but the workspace (the app's own folder, or
  // one made for it): a folder of the user's that holds other things keeps the mode they gave it.
  const onlyOurs = readdirSync(dataDir).every((name) => name.startsWith(DATA_FILE_NAME) || OUR_FILES.has(name));
  if (onlyOurs && (statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  for (const file of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`]) {
    if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}

/** Opens (creating and migrating if needed) the workspace database in `dataDir`. */
export async function openWorkspace(options: OpenOptions): Promise<Workspace> {
  const { dataDir } = options;
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new EngineError('data_dir_missing', `The data folder ${dataDir} does not exist. Create it first, or leave out --data-dir to use the default folder.`, { dataDir });
  }
  const dataFile = join(dataDir, DATA_FILE_NAME);
  const known = options.migrations ?? allMigrations;
  assertLooksLikeSqlite(dataFile);

  let sqlite: BetterSqlite3.Database | undefined;
  let readerSqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = connect(dataFile, options);
    keepPrivate(dataDir, dataFile);
    // Check the version before any pragma that writes (journal_mode rewrites the header).
    assertNotNewer(sqlite, known, dataFile);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // Deleted rows are overwritten, not left in free pages: an erased customer's bytes leave the file.
    sqlite.pragma('secure_delete = ON');
    // The engine's loops commit often; checkpointing the WAL inside those commits every 4 MB (the
    // default) is their main cost. Let it grow to 64 MB between checkpoints (taking checkpoints out
    // of the commits altogether measured no faster: the commits' cost is syncing their own pages).
    sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // Journeys, their log and the outbox are walked batch after batch: keep their hot pages (64 MB, not 2).
    sqlite.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const applied = await migrate(sqlite, db as Kysely<unknown>, known, { upTo: options.migrateUpTo });

    readerSqlite = connect(dataFile, options);
    readerSqlite.pragma('query_only = ON');
    readerSqlite.pragma('foreign_keys = ON');
    readerSqlite.pragma('secure_delete = ON');
    // Counts jump around a big file (a "did X" set, then each customer's row): reading pages through a
    // memory map instead of one read() each halves them on 1M customers. Address space, not memory:
    // the pages stay the OS's file cache. Only the reader maps; the writer's imports keep a small footprint.
    readerSqlite.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
    const reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: readerSqlite }) });
    const writer = sqlite;
    const readerConnection = readerSqlite;
    return {
      dataFile,
      sqlite: writer,
      db,
      reader,
      readerSqlite,
      migrationsApplied: applied,
      async close() {
        await reader.destroy();
        await db.destroy();
        // Kysely closes a connection only if it ever ran a query on it: one left open keeps SQLite's
        // shared memory of the file alive in this process (a file put in its place reads as damaged).
        if (readerConnection.open) readerConnection.close();
        if (writer.open) writer.close();
      },
    };
  } catch (error) {
    readerSqlite?.close();
    sqlite?.close();
    if (error instanceof EngineError) throw error;
    throw fromSqliteError(error, dataFile) ?? error;
  }
}

export function schemaVersion(sqlite: BetterSqlite3.Database): { latest: string; count: number } {
  const rows = sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[];
  return { latest: rows.at(-1)?.name ?? 'none', count: rows.length };
}
