import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { SegmentFilter } from '../../shared/domain/segment-filter';
import { compileFilter, type CompileContext, type SavedSegmentForFilter } from '../audience/segment-sql';
import type { Workspace } from '../db/connection';

/**
 * Answers "which of these customers match this filter, now" with one query per filter and batch,
 * on the writer connection so it sees the journey transaction's own writes. The filter model and
 * its SQL are the segments' (shared/domain/segment-filter.ts, engine/audience/segment-sql.ts).
 */
export class CustomerMatcher {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly ws: Workspace) {}

  private statement(text: string): BetterSqlite3.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.ws.sqlite.prepare(text).pluck();
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(text, statement);
    }
    return statement;
  }

  private context(now: number): CompileContext {
    const rows = this.ws.sqlite.prepare('SELECT id, name, kind, filter FROM segments').all() as { id: number; name: string; kind: 'dynamic' | 'static'; filter: string | null }[];
    const byId = new Map<number, SavedSegmentForFilter>(rows.map((row) => [row.id, { ...row, filter: row.filter ? (JSON.parse(row.filter) as SegmentFilter) : null }]));
    return { now, segment: (id) => byId.get(id) };
  }

  static isEmpty(filter: SegmentFilter): boolean {
    return filter.conditions.length === 0;
  }

  /** The ids among `customerIds` that match; an empty filter matches everyone. */
  matching(filter: SegmentFilter, customerIds: readonly number[], now: number): Set<number> {
    if (customerIds.length === 0) return new Set();
    if (CustomerMatcher.isEmpty(filter)) return new Set(customerIds);
    const condition = compileFilter(filter, this.context(now));
    // CROSS JOIN fixes the join order: walk the batch's ids into customers by primary key. Left to
    // itself SQLite may scan an index on the condition (every customer in Oran) once per batch.
    const query = sql`SELECT c.id FROM json_each(${JSON.stringify(customerIds)}) AS ids CROSS JOIN customers c ON c.id = ids.value WHERE ${condition}`.compile(this.ws.db);
    return new Set(this.statement(query.sql).all(...(query.parameters as unknown[])) as number[]);
  }

  /** The filter as a SQL condition over `customers AS c` (an empty filter: true). */
  condition(filter: SegmentFilter, now: number) {
    return CustomerMatcher.isEmpty(filter) ? sql`1` : compileFilter(filter, this.context(now));
  }

  /** Every customer matching the filter (an empty filter: everyone). */
  all(filter: SegmentFilter, now: number): number[] {
    const condition = CustomerMatcher.isEmpty(filter) ? sql`1` : compileFilter(filter, this.context(now));
    const query = sql`SELECT c.id FROM customers c WHERE ${condition} ORDER BY c.id`.compile(this.ws.db);
    return this.statement(query.sql).all(...(query.parameters as unknown[])) as number[];
  }
}
