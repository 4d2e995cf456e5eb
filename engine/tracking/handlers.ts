import type { trackingMethods } from '../../shared/rpc/tracking-methods';
import type { Handlers } from '../dispatch';
import type { EngineServices, HandlersOf } from '../handler-types';
import type { TrackingKeys } from './tracking-keys';

/** shared/rpc/tracking-methods.ts: write-only keys, and the events recorded with one. */
export function trackingHandlers({ writeLock, now }: EngineServices, keys: TrackingKeys, track: Handlers['events/track']): HandlersOf<typeof trackingMethods> {
  return {
    'tracking/keys': () => ({ keys: keys.list() }),
    'tracking/create-key': (input) => writeLock.run(async () => keys.create(input.name, now())),
    'tracking/revoke-key': (input) => writeLock.run(async () => keys.revoke(input.id, now())),
    'tracking/track': async (input, ctx) => {
      await writeLock.run(async () => keys.check(input.key, now()));
      return track({ events: input.events, unknownCustomers: input.unknownCustomers }, ctx);
    },
  };
}
