import { normaliseHeader } from './customer-columns';

/** The event fields an import knows by name; any other column or key is a property of the event. */
export type KnownEventField = 'event' | 'customerId' | 'time' | 'eventId' | 'properties';

export const EVENT_COLUMN_ALIASES: Record<KnownEventField, readonly string[]> = {
  event: ['event', 'event_name', 'name', 'type', 'event_type'],
  customerId: ['customer_id', 'external_id', 'user_id', 'client_id', 'customer'],
  time: ['time', 'timestamp', 'ts', 'date', 'occurred_at', 'event_time', 'created_at'],
  eventId: ['event_id', 'id', 'message_id', 'order_id'],
  properties: ['properties', 'props', 'data'],
};

const EVENT_FIELD_BY_ALIAS = new Map<string, KnownEventField>(
  (Object.entries(EVENT_COLUMN_ALIASES) as [KnownEventField, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field] as const)),
);

export const KNOWN_EVENT_FIELDS = Object.keys(EVENT_COLUMN_ALIASES) as KnownEventField[];

export type EventColumnTarget = { kind: 'field'; field: KnownEventField } | { kind: 'property'; name: string } | { kind: 'ignore' };

/** What the user chose for a column of an events file, by header: a field, a property, or ignore. */
export type EventColumnChoice = KnownEventField | 'property' | 'ignore';

/**
 * Maps each header (CSV column or NDJSON key) to a known field or a property; the first column that
 * claims a field wins it. `choices` (by header) override the guess.
 */
export function mapEventColumns(headers: readonly string[], choices: Readonly<Record<string, EventColumnChoice>> = {}): EventColumnTarget[] {
  const claimed = new Set<KnownEventField>(Object.values(choices).filter((c): c is KnownEventField => c !== 'property' && c !== 'ignore'));
  return headers.map((header) => {
    const name = normaliseHeader(header);
    const choice = choices[header];
    if (choice === 'ignore') return { kind: 'ignore' };
    if (choice === 'property') return { kind: 'property', name };
    if (choice !== undefined) return { kind: 'field', field: choice };
    const field = EVENT_FIELD_BY_ALIAS.get(name);
    if (field && !claimed.has(field)) {
      claimed.add(field);
      return { kind: 'field', field };
    }
    return { kind: 'property', name };
  });
}

/** The event names the reference flows use; any other name works too. */
export const REFERENCE_EVENTS = ['app_install', 'app_open', 'site_visit', 'add_to_cart', 'purchase'] as const;
