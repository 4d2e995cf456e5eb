import type { journeyMethods } from '../../shared/rpc/journey-methods';
import { customerIdOf } from '../audience/customer-events';
import type { EventRecorder } from '../audience/record-events';
import { trackEvents } from '../audience/track-events';
import type { EngineServices, HandlersOf } from '../handler-types';
import { readSettings } from '../settings';
import type { Journeys } from './journeys';

/** shared/rpc/journey-methods.ts: events as they happen (new ones move flows at once) and each customer's journeys. */
export function journeyHandlers({ ws, writeLock, now, emit }: EngineServices, parts: { recorder: EventRecorder; journeys: Journeys; eventsArrived: () => void }): HandlersOf<typeof journeyMethods> {
  return {
    'events/track': async (input) => {
      const result = await writeLock.run(async () => trackEvents(ws, parts.recorder, input, now, readSettings(ws).timeZone));
      if (result.accepted > 0) {
        parts.eventsArrived();
        emit({ type: 'data/changed', topic: 'customers' });
      }
      return result;
    },
    'journeys/of-customer': (input) => ({ journeys: parts.journeys.log.ofCustomer(customerIdOf(ws, input.externalId)) }),
  };
}
