import type { campaignMethods } from '../../shared/rpc/campaign-methods';
import { withCompiledMjml } from '../templating/mjml';
import type { EngineServices, HandlersOf } from '../handler-types';
import type { Campaigns } from './campaigns';

/** shared/rpc/campaign-methods.ts. A change wakes the scheduler, which runs what became due. */
export function campaignHandlers({ writeLock, now, emit }: EngineServices, campaigns: Campaigns, wake: () => void): HandlersOf<typeof campaignMethods> {
  const campaignWrite = <T>(work: () => T) =>
    writeLock.run(async () => {
      const result = work();
      emit({ type: 'data/changed', topic: 'campaigns' });
      wake();
      return result;
    });
  return {
    'campaigns/list': () => ({ campaigns: campaigns.list() }),
    'campaigns/get': (input) => ('id' in input ? campaigns.get(input.id) : campaigns.findByName(input.name)),
    'campaigns/save': async (input) => {
      const content = await withCompiledMjml(input.content, 'content.');
      return campaignWrite(() => campaigns.save({ ...input, content }, now()));
    },
    'campaigns/launch': (input) => campaignWrite(() => campaigns.launch(input.id, now())),
    'campaigns/pause': (input) => campaignWrite(() => campaigns.pause(input.id, now())),
    'campaigns/archive': (input) =>
      campaignWrite(() => {
        campaigns.remove(input.id, now());
        return { archived: true as const };
      }),
  };
}
