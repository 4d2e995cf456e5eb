import type BetterSqlite3 from 'better-sqlite3';
import type { VoucherImport, VoucherPoolSummary, VoucherReport } from '../../shared/rpc/voucher-methods';
import { RenderError, type VoucherSource } from '../templating/render';

/** For a preview (on any connection, a reader too): the next free code, taken by nobody. */
export function peekVouchers(sqlite: BetterSqlite3.Database): VoucherSource {
  const next = sqlite.prepare('SELECT code FROM voucher_codes WHERE pool = ? AND used_at IS NULL ORDER BY id LIMIT 1').pluck();
  return {
    take: (pool) => {
      const code = next.get(pool) as string | undefined;
      if (!code) throw new RenderError('voucher', `the voucher pool "${pool}" has no code left`);
      return code;
    },
  };
}

/** What a voucher code may be: letters, digits, - and _, as shops print them (safe in any message). */
const CODE = /^[A-Za-z0-9_-]{1,64}$/;
/** A pool with fewer free codes than this (or a tenth of its size) is running low. */
export const LOW_POOL_CODES = 50;

/**
 * Voucher pools (`{% voucher "POOL" %}`): codes imported into a named pool, each message taking one
 * inside the outbox's write transaction (the one that renders it), so no code goes twice, also with
 * two engines on one file. A message rendered again (a retry) keeps its code; one that fails to
 * render gives it back.
 */
export class Vouchers {
  private readonly statements: Record<string, BetterSqlite3.Statement>;

  constructor(sqlite: BetterSqlite3.Database) {
    const s = (text: string) => sqlite.prepare(text);
    this.statements = {
      held: s('SELECT code FROM voucher_codes WHERE pool = ? AND message_id = ?').pluck(),
      take: s(
        `UPDATE voucher_codes SET message_id = @message, used_at = @now
         WHERE id = (SELECT id FROM voucher_codes WHERE pool = @pool AND used_at IS NULL ORDER BY id LIMIT 1) RETURNING code`,
      ).pluck(),
      release: s('UPDATE voucher_codes SET message_id = NULL, used_at = NULL WHERE message_id = ?'),
      insert: s('INSERT INTO voucher_codes (pool, code, imported_at) VALUES (?, ?, ?) ON CONFLICT (pool, code) DO NOTHING'),
      pools: s(`SELECT pool, count(*) AS total, count(used_at) AS used FROM voucher_codes GROUP BY pool ORDER BY pool`),
      codes: s(
        `SELECT v.code, v.used_at, v.message_id, c.external_id FROM voucher_codes v
         LEFT JOIN messages m ON m.id = v.message_id LEFT JOIN customers c ON c.id = m.customer_id
         WHERE v.pool = ? ORDER BY v.used_at IS NULL, v.id LIMIT ?`,
      ),
    };
  }

  /** The codes a message takes as it is rendered. Call inside the outbox's write transaction. */
  forMessage(messageId: number, now: number): VoucherSource {
    return {
      take: (pool) => {
        const held = this.statements['held']!.get(pool, messageId) as string | undefined;
        if (held) return held;
        const code = this.statements['take']!.get({ message: messageId, now, pool }) as string | undefined;
        if (!code) throw new RenderError('voucher', `the voucher pool "${pool}" has no code left (import more: vouchers import ${pool} FILE)`);
        return code;
      },
    };
  }

  /** A message that could not be rendered gives its codes back. */
  release(messageId: number): void {
    this.statements['release']!.run(messageId);
  }

  /** Codes from a text (one a line, or a CSV whose first column, or the one headed "code", holds them). Call in a transaction. */
  import(pool: string, text: string, now: number): VoucherImport {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = (lines[0] ?? '').split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase());
    const column = header.includes('code') ? header.indexOf('code') : 0;
    const first = header.includes('code') ? 1 : 0;
    const result: VoucherImport = { pool, imported: 0, duplicates: 0, rejected: [] };
    for (let index = first; index < lines.length; index++) {
      const line = lines[index]!;
      if (line.trim() === '') continue;
      const code = (line.split(/[,;\t]/)[column] ?? '').trim().replace(/^"|"$/g, '');
      if (!CODE.test(code)) {
        if (result.rejected.length < 100) result.rejected.push({ row: index + 1, value: code.slice(0, 80), message: 'a code is 1 to 64 letters, digits, - or _' });
        continue;
      }
      if (this.statements['insert']!.run(pool, code, now).changes === 1) result.imported++;
      else result.duplicates++;
    }
    return result;
  }

  pools(): VoucherPoolSummary[] {
    return (this.statements['pools']!.all() as { pool: string; total: number; used: number }[]).map((p) => {
      const free = p.total - p.used;
      return { pool: p.pool, total: p.total, used: p.used, free, low: free < Math.max(LOW_POOL_CODES, p.total / 10) };
    });
  }

  report(pool: string, limit: number): VoucherReport {
    const summary = this.pools().find((p) => p.pool === pool) ?? { pool, total: 0, used: 0, free: 0, low: true };
    const codes = (this.statements['codes']!.all(pool, limit) as { code: string; used_at: number | null; message_id: number | null; external_id: string | null }[]).map((row) => ({
      code: row.code,
      usedAt: row.used_at === null ? null : new Date(row.used_at).toISOString(),
      messageId: row.message_id,
      customer: row.external_id,
    }));
    return { ...summary, codes };
  }
}
