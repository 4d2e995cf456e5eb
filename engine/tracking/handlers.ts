import type { trackingMethods } from '../../shared/rpc/tracking-methods';
import type { Handlers } from '../dispatch';
import type { EngineServices, HandlersOf } from '../handler-types';
import type { TrackingKeys } from './tracking-keys';
import { identify, readSegmentMessages } from './segment-spec';
import { readSettings } from '../settings';

/** shared/rpc/tracking-methods.ts: write-only keys, and the events recorded with one. */
export function trackingHandlers({ ws, writeLock, now, emit }: EngineServices, keys: TrackingKeys, track: Handlers['events/track']): HandlersOf<typeof trackingMethods> {
  return {
    'tracking/keys': () => ({ keys: keys.list() }),
    'tracking/create-key': (input) => writeLock.run(async () => keys.create(input.name, now())),
    'tracking/revoke-key': (input) => writeLock.run(async () => keys.revoke(input.id, now())),
    'tracking/track': async (input, ctx) => {
      await writeLock.run(async () => keys.check(input.key, now()));
      return track({ events: input.events, unknownCustomers: input.unknownCustomers }, ctx);
    },
    'tracking/segment': async (input, ctx) => {
      await writeLock.run(async () => keys.check(input.key, now()));
      const settings = readSettings(ws);
      // Identities first, in one transaction, then the events (which create a customer not yet identified).
      const read = await writeLock.run(async () =>
        ws.sqlite
          .transaction(() =>
            readSegmentMessages(input.messages, (userId, traits) => identify(ws, userId, traits, { zone: settings.timeZone, defaultCountry: settings.defaultPhoneCountry, now: now() })),
          )
          .immediate(),
      );
      if (read.identified > 0) emit({ type: 'data/changed', topic: 'customers' });
      const tracked = read.events.length > 0 ? await track({ events: read.events, unknownCustomers: 'create' }, ctx) : { accepted: 0, duplicates: 0, rejected: [] };
      const at = (i: number) => read.eventIndexes[i] ?? i;
      return {
        success: true as const,
        identified: read.identified,
        accepted: tracked.accepted,
        duplicates: tracked.duplicates,
        rejected: [...read.rejected, ...tracked.rejected.map((r) => ({ ...r, index: at(r.index), field: r.field.replace(/^events\.\d+/, `batch.${at(r.index)}`) }))],
      };
    },
  };
}
