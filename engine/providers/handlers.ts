import type { providerMethods } from '../../shared/rpc/provider-methods';
import { EngineError } from '../errors';
import type { EngineServices, HandlersOf } from '../handler-types';
import { readSettings } from '../settings';
import { normalisePhone } from '../audience/customer-row';
import type { ProviderEvents } from './provider-events';
import type { ProviderSettings } from './provider-settings';

/** shared/rpc/provider-methods.ts: provider accounts, test sends, and statuses back (polls, exports, webhooks). */
export function providerHandlers({ ws, writeLock, now, emit }: EngineServices, providers: ProviderSettings, providerEvents: ProviderEvents): HandlersOf<typeof providerMethods> {
  const lock = <T>(work: () => T) => writeLock.run(async () => work());
  /** The demo's customers are made up, but a generated +213 number may be someone's: nothing real goes out. */
  const refuseRealProviderInDemo = (kind: string) => {
    if (kind !== 'sandbox' && readSettings(ws).demo) {
      throw new EngineError(
        'invalid_input',
        'This is a demo workspace: its customers are made up and their phone numbers may belong to real people, so it sends through sandbox providers only. Add real providers in your own workspace.',
        { field: 'kind' },
      );
    }
  };
  const recorded = <T extends { recorded: number }>(result: T) => {
    if (result.recorded > 0) emit({ type: 'data/changed', topic: 'messages' });
    return result;
  };
  return {
    'providers/list': () => ({ providers: providers.list() }),
    'providers/create': (input) =>
      lock(() => {
        refuseRealProviderInDemo(input.kind);
        return providers.create(input);
      }),
    'providers/update': (input) => lock(() => providers.update(input)),
    'providers/delete': (input) => lock(() => providers.remove(input.id)),
    'providers/test': (input) => {
      // A test number written without its country code is read as imports read one: in the workspace's default country.
      if (input.to.phone === undefined) return providers.test(input);
      const country = readSettings(ws).defaultPhoneCountry;
      const phone = normalisePhone(input.to.phone, country);
      if (phone === null) {
        throw new EngineError('invalid_input', `"${input.to.phone}" is not a phone number (read with default country ${country}).`, {
          issues: [{ field: 'to.phone', message: 'is not a phone number' }],
        });
      }
      return providers.test({ ...input, to: { ...input.to, phone } });
    },
    'providers/poll': async (input) => recorded(await providers.poll(input.id, lock)),
    'providers/import-events': async (input) => recorded(await lock(() => providers.importEvents(input.id, input.csv))),
    'providers/receive': async (input, ctx) => {
      // Only the web host, on its provider-webhook route, calls this; a window never can.
      if (!ctx.trusted) throw new EngineError('unauthorized', 'Provider webhooks are taken by the web host only.');
      const { events, reply } = providers.receive(input.id, { method: input.method, url: input.url, headers: input.headers, body: input.body });
      const result = recorded(await lock(() => providerEvents.apply(input.id, events, now())));
      return { ...reply, ...result };
    },
  };
}
