import { mapCustomerColumns } from '../../shared/domain/customer-columns';
import type { SegmentMessage } from '../../shared/rpc/tracking-methods';
import type { TrackedEvent } from '../audience/track-events';
import { CUSTOMER_FIELD_COLUMNS, customerFieldValues, validateCustomerRow } from '../audience/customer-row';
import type { Workspace } from '../db/connection';

/**
 * The Segment tracking spec (what analytics-node, analytics.js and RudderStack's SDKs send), read
 * into the app's own terms: `identify` upserts the customer named by `userId` from its traits,
 * read with the import's column vocabulary (email, phone, firstName, createdAt...); `track` is an
 * event, `page` and `screen` are `page_view` and `screen_view` events; `messageId` is the event's
 * id, so a message sent twice is recorded once. Anonymous-only messages (no userId) are refused:
 * customers here are people the shop knows.
 */
export interface SegmentOutcome {
  identified: number;
  events: TrackedEvent[];
  /** For each event, the message it came from. */
  eventIndexes: number[];
  rejected: { index: number; field: string; message: string }[];
}

/** "firstName" → "first_name"; nested traits ("address": { "city" }) → "address_city". */
function flatTraits(traits: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(traits).flatMap(([name, value]): [string, string][] => {
    const key = `${prefix}${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
    if (value === null || value === undefined) return [];
    if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) return flatTraits(value as Record<string, unknown>, `${key}_`);
    return [[key, Array.isArray(value) ? value.join(',') : String(value)]];
  });
}

const FIELDS = CUSTOMER_FIELD_COLUMNS;

/** A customer from an identify call: created, or updated with what the traits say (a trait left out keeps its value). */
export function identify(ws: Workspace, userId: string, traits: Record<string, unknown>, options: { zone: string; defaultCountry: string; now: number }): void {
  const pairs = flatTraits(traits).filter(([name]) => name !== 'id' && name !== 'user_id' && name !== 'external_id');
  const headers = ['external_id', ...pairs.map(([name]) => name)];
  // Traits are read as the import reads a row: a bad email or date is left out, the rest kept.
  const { record } = validateCustomerRow([userId, ...pairs.map(([, value]) => value)], mapCustomerColumns(headers), headers, 1, { zone: options.zone, defaultCountry: options.defaultCountry });
  if (!record) return;
  ws.sqlite
    .prepare(
      `INSERT INTO customers (external_id, ${FIELDS.join(', ')}, attributes, created_at, updated_at)
       VALUES (?, ${FIELDS.map(() => '?').join(', ')}, ?, ?, ?)
       ON CONFLICT (external_id) DO UPDATE SET ${FIELDS.map((f) => `${f} = coalesce(excluded.${f}, ${f})`).join(', ')},
         attributes = json_patch(attributes, excluded.attributes), updated_at = excluded.updated_at`,
    )
    .run(record.externalId, ...customerFieldValues(record), JSON.stringify(record.attributes), options.now, options.now);
}

/** The events and identities of a batch of messages, in order; what cannot be read is refused with where and why. */
export function readSegmentMessages(messages: readonly SegmentMessage[], onIdentify: (userId: string, traits: Record<string, unknown>) => void): SegmentOutcome {
  const outcome: SegmentOutcome = { identified: 0, events: [], eventIndexes: [], rejected: [] };
  messages.forEach((message, index) => {
    const userId = message.userId === undefined || message.userId === null ? '' : String(message.userId).trim();
    if (userId === '') {
      outcome.rejected.push({ index, field: `batch.${index}.userId`, message: 'A message needs a userId: anonymous visitors (anonymousId alone) are not customers here.' });
      return;
    }
    const base = { customerId: userId, ...(message.timestamp ? { time: message.timestamp } : {}), ...(message.messageId ? { eventId: message.messageId } : {}) };
    const context = message.context ? { context: message.context } : {};
    switch (message.type) {
      case 'identify':
        onIdentify(userId, message.traits ?? (message.context?.['traits'] as Record<string, unknown> | undefined) ?? {});
        outcome.identified++;
        return;
      case 'track':
        if (!message.event) {
          outcome.rejected.push({ index, field: `batch.${index}.event`, message: 'A track call needs an event name.' });
          return;
        }
        outcome.events.push({ ...base, event: message.event, properties: { ...message.properties, ...context } });
        outcome.eventIndexes.push(index);
        return;
      case 'page':
      case 'screen':
        outcome.events.push({ ...base, event: `${message.type}_view`, properties: { ...(message.name ? { name: message.name } : {}), ...message.properties, ...context } });
        outcome.eventIndexes.push(index);
        return;
      default:
        // alias and group have no meaning here: accepted, not recorded, as Segment does with calls a destination ignores.
        return;
    }
  });
  return outcome;
}
