import type { outboxMethods } from '../../shared/rpc/outbox-methods';
import { EngineError } from '../errors';
import type { EngineServices, HandlersOf } from '../handler-types';
import type { MessageList } from './message-list';
import { resolveUnknown } from './resolve';

/** shared/rpc/outbox-methods.ts: the messages, and the user's word on those of unknown fate. */
export function outboxHandlers({ ws, writeLock, now, emit }: EngineServices, messageList: MessageList, wake: () => void): HandlersOf<typeof outboxMethods> {
  return {
    'messages/list': (input) => ({ rows: messageList.list(input) }),
    'messages/get': (input) => messageList.get(input.id),
    'messages/resolve': async (input) => {
      const updated = await writeLock.run(async () => resolveUnknown(ws.sqlite, input.ids, input.action, now()));
      if (updated < input.ids.length) {
        throw new EngineError('conflict', `${input.ids.length - updated} of the ${input.ids.length} messages are not of unknown fate (only those can be resolved); ${updated} were updated.`, {
          field: 'ids',
          updated,
        });
      }
      wake();
      emit({ type: 'data/changed', topic: 'messages' });
      return { updated };
    },
  };
}
