import type BetterSqlite3 from 'better-sqlite3';

/**
 * The customers list's sorting indexes (by name, city, signup, score, email, when added). A bulk
 * load into an empty or small base builds them once at the end, sorted in one pass, instead of
 * growing seven B-trees row by row: a million-row import runs about twice as fast. The key, email
 * and phone indexes stay, as the import looks customers up by them. Dropped and rebuilt inside the
 * import's transaction: a failed, cancelled or dry run rolls both back.
 */
const LIST_SORT_INDEXES = ['customers_created_at', 'customers_last_name', 'customers_first_name', 'customers_city', 'customers_signup_at', 'customers_score', 'customers_email_sort'];

/** Below this many rows (estimated) the rebuild costs more than it saves. */
const MIN_ROWS = 50_000;

/**
 * Drops the sorting indexes when the file is large beside the base, returning what rebuilds them;
 * null when it is not worth it. Call inside the import's write transaction.
 */
export function deferListIndexes(sqlite: BetterSqlite3.Database, estimatedRows: number): (() => void) | null {
  if (estimatedRows < MIN_ROWS) return null;
  const existing = sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  if (existing > estimatedRows / 2) return null;
  const definitions = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND name IN (${LIST_SORT_INDEXES.map(() => '?').join(', ')})`)
    .all(...LIST_SORT_INDEXES) as { name: string; sql: string }[];
  for (const { name } of definitions) sqlite.exec(`DROP INDEX ${name}`);
  return () => {
    // The sorter may use a helper thread per index build: the file's reading is over by now.
    const threads = sqlite.pragma('threads', { simple: true }) as number;
    sqlite.pragma('threads = 2');
    try {
      for (const { sql } of definitions) sqlite.exec(sql);
    } finally {
      sqlite.pragma(`threads = ${threads}`);
    }
  };
}
