import { sql, type RawBuilder } from 'kysely';
import { byConsentField, consentColumn } from '../../shared/domain/channels';
import {
  filterDepth,
  MAX_FILTER_DEPTH,
  RELATIVE_UNIT_MS,
  type BehaviourCondition,
  type EventPropertyFilter,
  type FilterCondition,
  type PropertyCondition,
  type SegmentFilter,
} from '../../shared/domain/segment-filter';
import { EVENT_AMOUNT_SQL } from '../../migrations/0004_event_amount';
import { EngineError } from '../errors';
import { attributeExpression } from './attribute-indexes';
import { jsonMemberPath } from '../db/sql-names';

/**
 * Compiles the shared filter model to one SQL boolean expression over `customers AS c`.
 * Positive conditions are left bare (a missing value gives NULL, which WHERE reads as false) so
 * SQLite can use the column indexes; conditions that must include missing values coalesce to 1.
 * Behaviour conditions without event-property filters read the per-customer rollup
 * (customer_event_stats), which answers "did X in the last N days" and "has not done X in 90 days"
 * from a small index; the rest read events through the (name, ts, customer_id) index. Every
 * subquery is uncorrelated, so SQLite evaluates it once, not once per customer.
 */
export interface SavedSegmentForFilter {
  id: number;
  name: string;
  kind: 'dynamic' | 'static';
  filter: SegmentFilter | null;
}

export interface CompileContext {
  now: number;
  segment(id: number): SavedSegmentForFilter | undefined;
}

type Expr = RawBuilder<unknown>;

const TEXT_COLUMNS: Record<string, string> = {
  externalId: 'external_id',
  email: 'email',
  phone: 'phone',
  firstName: 'first_name',
  lastName: 'last_name',
  language: 'language',
  timeZone: 'time_zone',
  city: 'city',
};
const DATE_COLUMNS: Record<string, string> = { signupAt: 'signup_at', createdAt: 'created_at' };
const CONSENT_COLUMNS: Record<string, string> = byConsentField(consentColumn);

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const TRUE = sql`1`;
const FALSE = sql`0`;

function fieldExpression(field: string): { expr: Expr; kind: 'text' | 'date' | 'boolean' | 'attribute' } {
  if (field in TEXT_COLUMNS) return { expr: sql.ref(`c.${TEXT_COLUMNS[field]}`), kind: 'text' };
  if (field in DATE_COLUMNS) return { expr: sql.ref(`c.${DATE_COLUMNS[field]}`), kind: 'date' };
  if (field in CONSENT_COLUMNS) return { expr: sql.ref(`c.${CONSENT_COLUMNS[field]}`), kind: 'boolean' };
  return { expr: attributeExpression(field.slice('attributes.'.length)), kind: 'attribute' };
}

function dateParameter(kind: string, ms: number): number | string {
  // Known date columns hold milliseconds; attributes hold what the file held, ISO text.
  return kind === 'date' ? ms : new Date(ms).toISOString();
}

function compileProperty(condition: PropertyCondition, ctx: CompileContext): Expr {
  const { expr, kind } = fieldExpression(condition.field);
  const text = kind === 'text' || kind === 'attribute';
  const param = (value: string | number | boolean) => (kind === 'boolean' && typeof value === 'boolean' ? (value ? 1 : 0) : value);
  switch (condition.operator) {
    case 'equals':
      return typeof condition.value === 'string' && text ? sql`${expr} = ${condition.value} COLLATE NOCASE` : sql`${expr} = ${param(condition.value)}`;
    case 'not_equals':
      return typeof condition.value === 'string' && text ? sql`coalesce(${expr} <> ${condition.value} COLLATE NOCASE, 1)` : sql`coalesce(${expr} <> ${param(condition.value)}, 1)`;
    case 'contains':
      return sql`${expr} LIKE ${`%${escapeLike(condition.value)}%`} ESCAPE '\\'`;
    case 'not_contains':
      return sql`coalesce(${expr} NOT LIKE ${`%${escapeLike(condition.value)}%`} ESCAPE '\\', 1)`;
    case 'starts_with':
      return sql`${expr} LIKE ${`${escapeLike(condition.value)}%`} ESCAPE '\\'`;
    case 'in':
    case 'not_in': {
      const values = sql.join(condition.value.map((v) => sql`${param(v)}`));
      const test = text ? sql`${expr} COLLATE NOCASE IN (${values})` : sql`${expr} IN (${values})`;
      return condition.operator === 'in' ? test : sql`coalesce(NOT (${test}), 1)`;
    }
    case 'gt':
      return sql`${expr} > ${condition.value}`;
    case 'gte':
      return sql`${expr} >= ${condition.value}`;
    case 'lt':
      return sql`${expr} < ${condition.value}`;
    case 'lte':
      return sql`${expr} <= ${condition.value}`;
    case 'between':
      return sql`${expr} BETWEEN ${Math.min(...condition.value)} AND ${Math.max(...condition.value)}`;
    case 'is_set':
      return sql`${expr} IS NOT NULL AND ${expr} <> ''`;
    case 'is_not_set':
      return sql`coalesce(${expr} IS NULL OR ${expr} = '', 1)`;
    case 'before':
      return sql`${expr} < ${dateParameter(kind, Date.parse(condition.value))}`;
    case 'after':
      return sql`${expr} > ${dateParameter(kind, Date.parse(condition.value))}`;
    case 'within_last': {
      const since = ctx.now - condition.value.amount * RELATIVE_UNIT_MS[condition.value.unit];
      return sql`${expr} >= ${dateParameter(kind, since)} AND ${expr} <= ${dateParameter(kind, ctx.now)}`;
    }
    case 'more_than_ago': {
      const before = ctx.now - condition.value.amount * RELATIVE_UNIT_MS[condition.value.unit];
      return sql`${expr} < ${dateParameter(kind, before)}`;
    }
  }
}

const NUMERIC_OPERATORS = new Set<EventPropertyFilter['operator']>(['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte']);

function compileEventFilter(filter: EventPropertyFilter): Expr {
  const value = filter.value ?? null;
  // A numeric test of the amount reads the indexed amount column (JSON numbers only, as the matcher reads them).
  const expr =
    filter.property === 'amount' && typeof value === 'number' && NUMERIC_OPERATORS.has(filter.operator)
      ? sql`(${sql.raw(EVENT_AMOUNT_SQL)})`
      : sql`json_extract(e.properties, ${jsonMemberPath(filter.property)})`;
  switch (filter.operator) {
    case 'equals':
      return typeof value === 'string' ? sql`${expr} = ${value} COLLATE NOCASE` : sql`${expr} = ${value}`;
    case 'not_equals':
      return sql`coalesce(${expr} <> ${value}, 1)`;
    case 'gt':
      return sql`${expr} > ${value}`;
    case 'gte':
      return sql`${expr} >= ${value}`;
    case 'lt':
      return sql`${expr} < ${value}`;
    case 'lte':
      return sql`${expr} <= ${value}`;
    case 'contains':
      return sql`${expr} LIKE ${`%${escapeLike(String(value ?? ''))}%`} ESCAPE '\\'`;
    case 'is_set':
      return sql`${expr} IS NOT NULL`;
  }
}

/** [from, to] in ms for a behaviour window; null bounds are open. */
export function windowBounds(condition: BehaviourCondition, now: number): { from: number | null; to: number | null } {
  const window = condition.window;
  if (window.kind === 'ever') return { from: null, to: null };
  if (window.kind === 'last') return { from: now - window.amount * RELATIVE_UNIT_MS[window.unit], to: now };
  return { from: Date.parse(window.from), to: Date.parse(window.to) };
}

/**
 * A behaviour condition is a set of customer ids, taken as is ("in") or as its complement ("not in");
 * 'all' when it holds for everyone (at least 0 times).
 */
export type CustomerSet = { kind: 'all' } | { kind: 'in' | 'not_in'; ids: Expr };

export function behaviourSet(condition: BehaviourCondition, ctx: CompileContext): CustomerSet {
  const { occurrence, count, event } = condition;
  if (occurrence === 'at_least' && count === 0) return { kind: 'all' };
  const { from, to } = windowBounds(condition, ctx.now);

  // "At least once" and "never" in a window that reaches now (or with no window) are read from the
  // rollup: a customer did X since T exactly when their last X is at or after T.
  const anyOccurrence = (occurrence === 'at_least' && count === 1) || (occurrence !== 'at_least' && count === 0);
  const reachesNow = condition.window.kind !== 'between';
  if (condition.where.length === 0 && (condition.window.kind === 'ever' || (anyOccurrence && reachesNow))) {
    const since = from === null ? sql`` : sql` AND s.last_ts >= ${from}`;
    if (condition.window.kind === 'ever' && !anyOccurrence) {
      const having = occurrence === 'at_least' ? sql`s.count >= ${count}` : occurrence === 'at_most' ? sql`s.count > ${count}` : sql`s.count = ${count}`;
      const ids = sql`SELECT s.customer_id FROM customer_event_stats s WHERE s.name = ${event} AND ${having}`;
      return { kind: occurrence === 'at_most' ? 'not_in' : 'in', ids };
    }
    const ids = sql`SELECT s.customer_id FROM customer_event_stats s WHERE s.name = ${event}${since}`;
    return { kind: occurrence === 'at_least' ? 'in' : 'not_in', ids };
  }

  const where = [sql`e.name = ${event}`];
  if (from !== null) where.push(sql`e.ts >= ${from}`);
  if (to !== null) where.push(sql`e.ts <= ${to}`);
  for (const filter of condition.where) where.push(compileEventFilter(filter));
  const matching = sql`SELECT e.customer_id FROM events e WHERE ${sql.join(where, sql` AND `)} GROUP BY e.customer_id`;
  if (occurrence === 'at_least') return { kind: 'in', ids: sql`${matching} HAVING count(*) >= ${count}` };
  if (occurrence === 'at_most') return { kind: 'not_in', ids: sql`${matching} HAVING count(*) > ${count}` };
  if (count === 0) return { kind: 'not_in', ids: matching };
  return { kind: 'in', ids: sql`${matching} HAVING count(*) = ${count}` };
}

const staticListSet = (segmentId: number): CustomerSet => ({
  kind: 'in',
  ids: sql`SELECT m.customer_id FROM segment_members m WHERE m.segment_id = ${segmentId}`,
});

function membership(set: CustomerSet): Expr {
  if (set.kind === 'all') return TRUE;
  return set.kind === 'in' ? sql`c.id IN (${set.ids})` : sql`c.id NOT IN (${set.ids})`;
}

function compileCondition(condition: FilterCondition, ctx: CompileContext, visiting: number[]): Expr {
  switch (condition.type) {
    case 'group': {
      if (condition.conditions.length === 0) return condition.op === 'and' ? TRUE : FALSE;
      const parts = condition.conditions.map((c) => compileCondition(c, ctx, visiting));
      return sql`(${sql.join(parts, condition.op === 'and' ? sql` AND ` : sql` OR `)})`;
    }
    case 'property':
      return compileProperty(condition, ctx);
    case 'behaviour':
      return membership(behaviourSet(condition, ctx));
    case 'score':
      if (condition.operator === 'between') {
        return sql`c.score BETWEEN ${Math.min(...condition.value)} AND ${Math.max(...condition.value)}`;
      }
      return sql`c.score ${sql.raw({ gt: '>', gte: '>=', lt: '<', lte: '<=', equals: '=' }[condition.operator])} ${condition.value}`;
    case 'segment': {
      const segment = ctx.segment(condition.segmentId);
      if (!segment) {
        throw new EngineError('not_found', `The filter names segment ${condition.segmentId}, which does not exist.`, {
          field: 'segmentId',
          segmentId: condition.segmentId,
        });
      }
      if (visiting.includes(segment.id)) {
        throw new EngineError('invalid_input', `Segment "${segment.name}" includes itself through its conditions.`, {
          field: 'segmentId',
          cycle: [...visiting, segment.id],
        });
      }
      const inside = segment.kind === 'static' || segment.filter === null ? membership(staticListSet(segment.id)) : compileCondition(segment.filter, ctx, [...visiting, segment.id]);
      // A positive condition may be NULL for a customer (a missing value): NOT must read that as "not in".
      return condition.member ? inside : sql`NOT coalesce(${inside}, 0)`;
    }
  }
}

export function compileFilter(filter: SegmentFilter, ctx: CompileContext, selfId?: number): Expr {
  if (filterDepth(filter) > MAX_FILTER_DEPTH) {
    throw new EngineError('invalid_input', `The filter nests groups deeper than ${MAX_FILTER_DEPTH} levels.`, { field: 'filter' });
  }
  return compileCondition(filter, ctx, selfId === undefined ? [] : [selfId]);
}

/**
 * When a whole filter comes down to one set of customer ids (one behaviour condition, or one static
 * list, however wrapped in single-condition groups and dynamic segments), its count is the size of
 * that set (or the rest of the base): an index range count instead of a pass over every customer.
 */
export function soleSet(filter: FilterCondition, ctx: CompileContext, visiting: number[] = []): CustomerSet | null {
  if (filter.type === 'group') {
    return filter.conditions.length === 1 ? soleSet(filter.conditions[0]!, ctx, visiting) : null;
  }
  if (filter.type === 'behaviour') return behaviourSet(filter, ctx);
  if (filter.type === 'segment' && filter.member) {
    const segment = ctx.segment(filter.segmentId);
    if (!segment || visiting.includes(segment.id)) return null;
    if (segment.kind === 'static' || segment.filter === null) return staticListSet(segment.id);
    return soleSet(segment.filter, ctx, [...visiting, segment.id]);
  }
  return null;
}

/**
 * For an AND group with an "in" set among its direct conditions (did X, a static list), the set to
 * drive the count from and the rest of the group compiled as a condition on `c`. A set of customer
 * ids is usually far smaller than the base, so testing the rest on its members beats a full scan.
 */
export function drivingSet(filter: FilterCondition, ctx: CompileContext): { ids: Expr; rest: Expr } | null {
  if (filter.type !== 'group' || filter.op !== 'and' || filter.conditions.length < 2) return null;
  const index = filter.conditions.findIndex((condition) => soleSet(condition, ctx)?.kind === 'in');
  if (index < 0) return null;
  const set = soleSet(filter.conditions[index]!, ctx) as { kind: 'in'; ids: Expr };
  const rest = compileFilter({ type: 'group', op: 'and', conditions: filter.conditions.filter((_, i) => i !== index) }, ctx);
  return { ids: set.ids, rest };
}
