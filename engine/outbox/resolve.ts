import type BetterSqlite3 from 'better-sqlite3';

export type Resolution = 'resend' | 'mark_sent' | 'mark_failed';

const STATEMENTS: Record<Resolution, string> = {
  resend: `UPDATE messages SET status = 'queued', due_at = ?, last_error = 'sent again by the user', updated_at = ? WHERE id = ? AND status = 'unknown'`,
  mark_sent: `UPDATE messages SET status = 'sent', finished_at = ?, last_error = 'marked as sent by the user', updated_at = ? WHERE id = ? AND status = 'unknown'`,
  mark_failed: `UPDATE messages SET status = 'failed', finished_at = ?, last_error = 'marked as not delivered by the user', updated_at = ? WHERE id = ? AND status = 'unknown'`,
};

/** What the user decides for messages of unknown fate, in one transaction; returns how many were of unknown fate. */
export function resolveUnknown(sqlite: BetterSqlite3.Database, ids: readonly number[], action: Resolution, now: number): number {
  const statement = sqlite.prepare(STATEMENTS[action]);
  return sqlite.transaction(() => ids.reduce((n, id) => n + statement.run(now, now, id).changes, 0))();
}
