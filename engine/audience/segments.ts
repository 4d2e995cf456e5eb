import { sql, type Kysely, type Selectable } from 'kysely';
import type { CustomerListRow } from '../../shared/domain/customer';
import type { SegmentCount, SegmentSummary } from '../../shared/domain/segment';
import { attributesRead, referencedSegments, type SegmentFilter } from '../../shared/domain/segment-filter';
import type { Workspace } from '../db/connection';
import type { Database, SegmentsTable } from '../db/schema';
import { EngineError } from '../errors';
import { compileFilter, drivingSet, soleSet, type CompileContext, type SavedSegmentForFilter } from './segment-sql';
import { CHANNEL_INFO, consentColumn, isConsentChannel, type Channel } from '../../shared/domain/channels';

/** Where each kind of address lives on a customer row. */
const ADDRESS_COLUMNS = { email: 'email', phone: 'phone', pushToken: 'push_token' } as const;

export type SegmentTarget = { filter: SegmentFilter } | { segmentId: number };

const iso = (ms: number) => new Date(ms).toISOString();

type SegmentRow = Selectable<SegmentsTable>;

function toSummary(row: SegmentRow): SegmentSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    filter: row.filter === null ? null : (JSON.parse(row.filter) as SegmentFilter),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export class Segments {
  constructor(
    private readonly ws: Workspace,
    private readonly now: () => number,
  ) {}

  private rows(db: Kysely<Database> = this.ws.reader): Promise<SegmentRow[]> {
    return db.selectFrom('segments').selectAll().orderBy('name').execute();
  }

  private async context(): Promise<CompileContext> {
    const byId = new Map<number, SavedSegmentForFilter>(
      (await this.rows()).map((row) => [row.id, { id: row.id, name: row.name, kind: row.kind, filter: row.filter ? (JSON.parse(row.filter) as SegmentFilter) : null }]),
    );
    return { now: this.now(), segment: (id) => byId.get(id) };
  }

  async list(): Promise<SegmentSummary[]> {
    return (await this.rows()).map(toSummary);
  }

  async get(id: number): Promise<SegmentSummary> {
    const row = (await this.rows()).find((r) => r.id === id);
    if (!row) throw new EngineError('not_found', `No segment has the id ${id}.`, { field: 'segmentId' });
    return toSummary(row);
  }

  async findByName(name: string): Promise<SegmentSummary> {
    const row = (await this.rows()).find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!row) throw new EngineError('not_found', `No segment is named "${name}".`, { field: 'name' });
    return toSummary(row);
  }

  /** The target as a filter, and the SQL condition selecting its customers from `customers AS c`. */
  private async compile(target: SegmentTarget) {
    const context = await this.context();
    let filter: SegmentFilter;
    if ('filter' in target) filter = target.filter;
    else {
      if (!context.segment(target.segmentId)) {
        throw new EngineError('not_found', `No segment has the id ${target.segmentId}.`, { field: 'segmentId' });
      }
      filter = { type: 'group', op: 'and', conditions: [{ type: 'segment', segmentId: target.segmentId, member: true }] };
    }
    return { filter, context, condition: compileFilter(filter, context) };
  }

  /** The custom attributes a target reads, through the dynamic segments it names as well. */
  async attributesUsed(target: SegmentTarget): Promise<string[]> {
    const context = await this.context();
    const found = new Set<string>();
    const seen = new Set<number>();
    const walk = (filter: SegmentFilter) => {
      for (const attribute of attributesRead(filter)) found.add(attribute);
      for (const id of referencedSegments(filter)) {
        const segment = context.segment(id);
        if (seen.has(id) || !segment?.filter) continue;
        seen.add(id);
        walk(segment.filter);
      }
    };
    if ('filter' in target) walk(target.filter);
    else {
      const segment = context.segment(target.segmentId);
      if (segment?.filter) walk(segment.filter);
    }
    return [...found];
  }

  private async condition(target: SegmentTarget) {
    return (await this.compile(target)).condition;
  }

  /**
   * Who a message would reach: the customers matching, those of them with the channel's address,
   * and (a marketing message) those not opted out of it, as the outbox's rules decide at send time.
   */
  async reach(target: SegmentTarget, channel: Channel, marketing: boolean): Promise<{ matching: number; withAddress: number; reachable: number }> {
    const { condition } = await this.compile(target);
    const address = CHANNEL_INFO[channel].address;
    const hasAddress = address === null ? sql<boolean>`1` : sql<boolean>`${sql.ref(`c.${ADDRESS_COLUMNS[address]}`)} IS NOT NULL`;
    const allowed = marketing && isConsentChannel(channel) ? sql<boolean>`coalesce(${sql.ref(`c.${consentColumn(channel)}`)}, 1) != 0` : sql<boolean>`1`;
    const row = await sql<{ matching: number; withAddress: number | null; reachable: number | null }>`
      SELECT count(*) AS matching, sum(${hasAddress}) AS withAddress, sum(${hasAddress} AND ${allowed}) AS reachable
      FROM customers c WHERE ${condition}`.execute(this.ws.reader);
    const r = row.rows[0];
    return { matching: r?.matching ?? 0, withAddress: r?.withAddress ?? 0, reachable: r?.reachable ?? 0 };
  }

  async count(target: SegmentTarget): Promise<SegmentCount> {
    const started = performance.now();
    // Compiling validates: unknown segments and cycles are refused before any count.
    const { filter, context: ctx, condition } = await this.compile(target);
    const set = soleSet(filter, ctx);
    const driver = set === null ? drivingSet(filter, ctx) : null;
    const counted =
      driver !== null
        ? // Walk the few customers of one "did X" set and test the rest on them, instead of every customer.
          sql<number>`(SELECT count(*) FROM (${driver.ids}) AS d CROSS JOIN customers c ON c.id = d.customer_id WHERE ${driver.rest})`
        : set === null || set.kind === 'all'
          ? sql<number>`(SELECT count(*) FROM customers c WHERE ${condition})`
          : set.kind === 'in'
            ? sql<number>`(SELECT count(*) FROM (${set.ids}))`
            : sql<number>`((SELECT count(*) FROM customers) - (SELECT count(*) FROM (${set.ids})))`;
    const row = await sql<{ count: number; total: number }>`
      SELECT ${counted} AS count, (SELECT count(*) FROM customers) AS total`.execute(this.ws.reader);
    const result = row.rows[0] ?? { count: 0, total: 0 };
    return { count: result.count, total: result.total, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  async sample(target: SegmentTarget, limit: number): Promise<CustomerListRow[]> {
    const condition = await this.condition(target);
    const result = await sql<{
      external_id: string;
      first_name: string | null;
      last_name: string | null;
      email: string | null;
      phone: string | null;
      city: string | null;
      signup_at: number | null;
      score: number;
      created_at: number;
    }>`SELECT c.external_id, c.first_name, c.last_name, c.email, c.phone, c.city, c.signup_at, c.score, c.created_at
       FROM customers c WHERE ${condition} ORDER BY c.id LIMIT ${limit}`.execute(this.ws.reader);
    return result.rows.map((r) => ({
      externalId: r.external_id,
      firstName: r.first_name,
      lastName: r.last_name,
      email: r.email,
      phone: r.phone,
      city: r.city,
      signupAt: r.signup_at === null ? null : iso(r.signup_at),
      score: r.score,
      createdAt: iso(r.created_at),
    }));
  }

  /** The ids of the target's customers, for callers that act on them (campaign audiences later). */
  async memberIds(target: SegmentTarget): Promise<number[]> {
    const condition = await this.condition(target);
    const result = await sql<{ id: number }>`SELECT c.id FROM customers c WHERE ${condition}`.execute(this.ws.reader);
    return result.rows.map((r) => r.id);
  }

  async save(input: { id?: number | undefined; name: string; description?: string | undefined; kind: 'dynamic' | 'static'; filter?: SegmentFilter | undefined }): Promise<SegmentSummary> {
    if (input.kind === 'dynamic' && !input.filter) {
      throw new EngineError('invalid_input', 'A dynamic segment needs a filter.', { issues: [{ field: 'filter', message: 'required for a dynamic segment' }] });
    }
    const ctx = await this.context();
    if (input.filter) compileFilter(input.filter, ctx, input.id); // refuses unknown segments and cycles
    const now = this.now();
    const clash = (await this.rows()).find((r) => r.name.toLowerCase() === input.name.toLowerCase() && r.id !== input.id);
    if (clash) throw new EngineError('conflict', `A segment is already named "${clash.name}".`, { field: 'name' });
    const filter = input.kind === 'dynamic' ? JSON.stringify(input.filter) : null;
    if (input.id === undefined) {
      const row = this.ws.sqlite
        .prepare(`INSERT INTO segments (name, kind, filter, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
        .get(input.name, input.kind, filter, input.description ?? null, now, now) as { id: number };
      return this.get(row.id);
    }
    const existing = await this.get(input.id);
    if (existing.kind !== input.kind) {
      throw new EngineError('invalid_input', 'A segment cannot change between dynamic and static; freeze it into a new list instead.', { field: 'kind' });
    }
    this.ws.sqlite.prepare(`UPDATE segments SET name = ?, filter = ?, description = ?, updated_at = ? WHERE id = ?`).run(input.name, filter, input.description ?? null, now, input.id);
    return this.get(input.id);
  }

  async remove(id: number): Promise<void> {
    const target = await this.get(id);
    const dependants = (await this.rows()).filter((r) => r.filter !== null && r.id !== id && referencedSegments(JSON.parse(r.filter) as SegmentFilter).includes(id));
    if (dependants.length > 0) {
      throw new EngineError('conflict', `Segment "${target.name}" is used by ${dependants.map((d) => `"${d.name}"`).join(', ')}; change those first.`, { dependants: dependants.map((d) => d.id) });
    }
    this.ws.sqlite.prepare('DELETE FROM segments WHERE id = ?').run(id);
  }

  /** A static list holding, now and for good, the customers a filter or segment matches. */
  async freeze(name: string, target: SegmentTarget, description?: string): Promise<SegmentSummary & { members: number }> {
    const condition = await this.condition(target);
    const list = await this.save({ name, kind: 'static', description });
    const now = this.now();
    const inserted = await sql`INSERT INTO segment_members (segment_id, customer_id, added_at)
      SELECT ${list.id}, c.id, ${now} FROM customers c WHERE ${condition}`.execute(this.ws.db);
    return { ...list, members: Number(inserted.numAffectedRows ?? 0) };
  }

  private async staticList(segmentId: number): Promise<SegmentSummary> {
    const segment = await this.get(segmentId);
    if (segment.kind !== 'static') {
      throw new EngineError('invalid_input', `"${segment.name}" is a dynamic segment: its members follow its filter.`, { field: 'segmentId' });
    }
    return segment;
  }

  async addMembers(segmentId: number, externalIds: readonly string[]): Promise<{ added: number; alreadyMembers: number; unknown: string[]; unknownCount: number }> {
    await this.staticList(segmentId);
    const find = this.ws.sqlite.prepare('SELECT id FROM customers WHERE external_id = ?');
    const insert = this.ws.sqlite.prepare('INSERT OR IGNORE INTO segment_members (segment_id, customer_id, added_at) VALUES (?, ?, ?)');
    const result = { added: 0, alreadyMembers: 0, unknown: [] as string[], unknownCount: 0 };
    const now = this.now();
    this.ws.sqlite.transaction(() => {
      for (const raw of externalIds) {
        const externalId = raw.trim();
        if (externalId === '') continue;
        const customer = find.get(externalId) as { id: number } | undefined;
        if (!customer) {
          result.unknownCount += 1;
          if (result.unknown.length < 100) result.unknown.push(externalId);
          continue;
        }
        if (insert.run(segmentId, customer.id, now).changes === 1) result.added += 1;
        else result.alreadyMembers += 1;
      }
    })();
    return result;
  }

  async removeMembers(segmentId: number, externalIds: readonly string[]): Promise<{ removed: number }> {
    await this.staticList(segmentId);
    const remove = this.ws.sqlite.prepare('DELETE FROM segment_members WHERE segment_id = ? AND customer_id = (SELECT id FROM customers WHERE external_id = ?)');
    let removed = 0;
    this.ws.sqlite.transaction(() => {
      for (const externalId of externalIds) removed += remove.run(segmentId, externalId.trim()).changes;
    })();
    return { removed };
  }

  /** The segments one customer is in now, dynamic ones evaluated against current data. */
  async ofCustomer(customerId: number): Promise<{ id: number; name: string; kind: 'dynamic' | 'static' }[]> {
    const ctx = await this.context();
    const found: { id: number; name: string; kind: 'dynamic' | 'static' }[] = [];
    for (const segment of await this.rows()) {
      const condition = compileFilter({ type: 'group', op: 'and', conditions: [{ type: 'segment', segmentId: segment.id, member: true }] }, ctx);
      const hit = await sql`SELECT 1 AS hit FROM customers c WHERE c.id = ${customerId} AND ${condition}`.execute(this.ws.reader);
      if (hit.rows.length > 0) found.push({ id: segment.id, name: segment.name, kind: segment.kind });
    }
    return found;
  }
}
