import type { EventPropertyFilter } from './segment-filter';

type Properties = Readonly<Record<string, unknown>>;

/**
 * Whether one event's properties pass a filter; the same rules the SQL compiler applies
 * (strings compare without case, numbers as numbers, a missing property fails all but not_equals).
 */
export function matchesEventFilter(filter: EventPropertyFilter, properties: Properties): boolean {
  const actual = properties[filter.property];
  const expected = filter.value;
  const missing = actual === undefined || actual === null;
  switch (filter.operator) {
    case 'is_set':
      return !missing;
    case 'equals':
      if (missing) return false;
      return typeof actual === 'string' && typeof expected === 'string' ? actual.toLowerCase() === expected.toLowerCase() : actual === expected;
    case 'not_equals':
      if (missing) return true;
      return typeof actual === 'string' && typeof expected === 'string' ? actual.toLowerCase() !== expected.toLowerCase() : actual !== expected;
    case 'contains':
      return typeof actual === 'string' && actual.toLowerCase().includes(String(expected ?? '').toLowerCase());
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof actual !== 'number' || typeof expected !== 'number') return false;
      if (filter.operator === 'gt') return actual > expected;
      if (filter.operator === 'gte') return actual >= expected;
      if (filter.operator === 'lt') return actual < expected;
      return actual <= expected;
    }
  }
}

export function matchesEventFilters(filters: readonly EventPropertyFilter[], properties: Properties): boolean {
  return filters.every((filter) => matchesEventFilter(filter, properties));
}
