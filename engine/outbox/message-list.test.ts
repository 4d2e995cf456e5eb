import BetterSqlite3 from 'better-sqlite3';
import { expect, test } from 'vitest';
import { MESSAGE_STATUSES } from '../../shared/domain/delivery';
import { useEngine } from '../../tests/helpers/engine';

const { engine } = useEngine();

/**
 * messages/list by status reads a rare status through its partial index and walks a common one
 * newest first (message-list.ts): both ways must give the same page as a plain query would. 2,100 sent
 * messages (past the 2,000 that makes a status common) beside a few of every other status.
 */
test('by status, newest first, a page at a time: a rare status and a common one alike', async () => {
  const e = engine();
  const db = new BetterSqlite3(e.dataFile);
  try {
    db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('c1', 1, 1), ('c2', 1, 1)`).run();
    const insert = db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, lease_until, created_at, updated_at) VALUES (?, 'push', ?, ?, 5, 9, 5, 5)`);
    db.transaction(() => {
      let n = 0;
      // Statuses interleaved, so a page of one status is not a run of consecutive ids.
      for (let i = 0; i < 2_100; i++) {
        insert.run(1 + (i % 2), 'sent', `k${n++}`);
        if (i % 300 === 0) for (const status of MESSAGE_STATUSES.filter((s) => s !== 'sent')) insert.run(1 + (i % 2), status, `k${n++}`);
      }
    })();
    const expected = (status: string, limit: number, beforeId = Number.MAX_SAFE_INTEGER, customer?: string) =>
      (
        db
          .prepare(`SELECT m.id FROM messages m JOIN customers c ON c.id = m.customer_id WHERE m.status = ? AND m.id < ? ${customer ? 'AND c.external_id = ?' : ''} ORDER BY m.id DESC LIMIT ?`)
          .all(...[status, beforeId, ...(customer ? [customer] : []), limit]) as { id: number }[]
      ).map((r) => r.id);

    for (const status of MESSAGE_STATUSES) {
      const first = (await e.call('messages/list', { status, limit: 5 })).rows;
      expect(
        first.map((m) => m.id),
        status,
      ).toEqual(expected(status, 5));
      expect(new Set(first.map((m) => m.status))).toEqual(new Set([status]));
      const next = (await e.call('messages/list', { status, limit: 5, beforeId: first.at(-1)!.id })).rows.map((m) => m.id);
      expect(next, `${status}, the next page`).toEqual(expected(status, 5, first.at(-1)!.id));
      const theirs = (await e.call('messages/list', { status, customerExternalId: 'c2', limit: 3 })).rows.map((m) => m.id);
      expect(theirs, `${status} to c2`).toEqual(expected(status, 3, Number.MAX_SAFE_INTEGER, 'c2'));
    }
    expect(expected('sent', 3000)).toHaveLength(2_100);
    expect(expected('failed', 3000)).toHaveLength(7);
  } finally {
    db.close();
  }
});
