import { createHash } from 'node:crypto';

/**
 * With (customer, name, time), what identifies an event, so the same event recorded twice (a file
 * imported again, a tracking SDK retrying) is kept once: the sender's event id when it gives one,
 * else a short hash of the properties ('' when there are none).
 */
export function eventIdentity(eventId: string | undefined, propertiesJson: string): string {
  if (eventId !== undefined && eventId !== '') return `id:${eventId}`;
  return propertiesJson === '{}' ? '' : createHash('sha1').update(propertiesJson).digest('base64url').slice(0, 16);
}
