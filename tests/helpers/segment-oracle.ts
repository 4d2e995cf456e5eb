import { matchesEventFilters } from '../../shared/domain/event-filter';
import type { Customer } from '../../shared/domain/customer';
import type { CustomerEvent } from '../../shared/rpc/audience-methods';
import { RELATIVE_UNIT_MS, type RelativeSpan, type BehaviourCondition, type FilterCondition, type PropertyCondition } from '../../shared/domain/segment-filter';

/**
 * A brute-force evaluation of the filter model over customers held in memory, written plainly and
 * independently of the SQL compiler, to check it. Text comparisons fold ASCII case only, as SQLite's
 * NOCASE and LIKE do.
 */
export interface OracleCustomer {
  customer: Customer;
  events: (CustomerEvent & { ts: number })[];
  lists: Set<number>;
}

export interface OracleSegment {
  id: number;
  kind: 'dynamic' | 'static';
  filter: FilterCondition | null;
}

const foldAscii = (s: string) => s.toLowerCase();

function fieldValue(c: Customer, field: string): string | number | boolean | null {
  if (field.startsWith('attributes.')) {
    const value = c.attributes[field.slice('attributes.'.length)];
    return value === undefined ? null : value;
  }
  if (field.startsWith('consent.')) {
    const value = c.consent[field.slice('consent.'.length) as keyof Customer['consent']];
    return value === null ? null : value ? 1 : 0;
  }
  if (field === 'signupAt') return c.signupAt === null ? null : Date.parse(c.signupAt);
  if (field === 'createdAt') return Date.parse(c.createdAt);
  return (c as unknown as Record<string, string | null>)[field] ?? null;
}

function equal(a: string | number | boolean, b: string | number | boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string') return foldAscii(a) === foldAscii(b);
  if (typeof b === 'boolean') return a === (b ? 1 : 0) || a === b;
  return a === b;
}

function property(c: Customer, cond: PropertyCondition, now: number): boolean {
  const v = fieldValue(c, cond.field);
  const isDateField = cond.field === 'signupAt' || cond.field === 'createdAt';
  switch (cond.operator) {
    case 'equals':
      return v !== null && equal(v, cond.value);
    case 'not_equals':
      return v === null || !equal(v, cond.value);
    case 'contains':
      return typeof v === 'string' && foldAscii(v).includes(foldAscii(cond.value));
    case 'not_contains':
      return v === null || (typeof v === 'string' && !foldAscii(v).includes(foldAscii(cond.value)));
    case 'starts_with':
      return typeof v === 'string' && foldAscii(v).startsWith(foldAscii(cond.value));
    case 'in':
      return v !== null && cond.value.some((x) => equal(v, x));
    case 'not_in':
      return v === null || !cond.value.some((x) => equal(v, x));
    case 'gt':
      return typeof v === 'number' && v > cond.value;
    case 'gte':
      return typeof v === 'number' && v >= cond.value;
    case 'lt':
      return typeof v === 'number' && v < cond.value;
    case 'lte':
      return typeof v === 'number' && v <= cond.value;
    case 'between':
      return typeof v === 'number' && v >= Math.min(...cond.value) && v <= Math.max(...cond.value);
    case 'is_set':
      return v !== null && v !== '';
    case 'is_not_set':
      return v === null || v === '';
    case 'before':
    case 'after':
    case 'within_last':
    case 'more_than_ago': {
      if (!isDateField || typeof v !== 'number') return false;
      if (cond.operator === 'before') return v < Date.parse(cond.value);
      if (cond.operator === 'after') return v > Date.parse(cond.value);
      const span = cond.value as RelativeSpan;
      const edge = now - span.amount * RELATIVE_UNIT_MS[span.unit];
      return cond.operator === 'within_last' ? v >= edge && v <= now : v < edge;
    }
  }
}

function behaviour(o: OracleCustomer, cond: BehaviourCondition, now: number): boolean {
  const w = cond.window;
  const from = w.kind === 'last' ? now - w.amount * RELATIVE_UNIT_MS[w.unit] : w.kind === 'between' ? Date.parse(w.from) : -Infinity;
  const to = w.kind === 'last' ? now : w.kind === 'between' ? Date.parse(w.to) : Infinity;
  const n = o.events.filter((e) => e.name === cond.event && e.ts >= from && e.ts <= to && matchesEventFilters(cond.where, e.properties)).length;
  if (cond.occurrence === 'at_least') return n >= cond.count;
  if (cond.occurrence === 'at_most') return n <= cond.count;
  return n === cond.count;
}

export function evaluate(o: OracleCustomer, cond: FilterCondition, now: number, segments: Map<number, OracleSegment>): boolean {
  switch (cond.type) {
    case 'group':
      return cond.op === 'and' ? cond.conditions.every((c) => evaluate(o, c, now, segments)) : cond.conditions.some((c) => evaluate(o, c, now, segments));
    case 'property':
      return property(o.customer, cond, now);
    case 'behaviour':
      return behaviour(o, cond, now);
    case 'score': {
      const s = o.customer.score;
      if (cond.operator === 'between') return s >= Math.min(...cond.value) && s <= Math.max(...cond.value);
      return { gt: s > cond.value, gte: s >= cond.value, lt: s < cond.value, lte: s <= cond.value, equals: s === cond.value }[cond.operator];
    }
    case 'segment': {
      const segment = segments.get(cond.segmentId)!;
      const inside = segment.kind === 'static' || !segment.filter ? o.lists.has(segment.id) : evaluate(o, segment.filter, now, segments);
      return cond.member ? inside : !inside;
    }
  }
}
