import { defaultCampaignSchedule, type CampaignInput } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';

/** An SMS campaign to every customer, sent when launched, as a draft to save: the schedule can be changed. */
export function smsToEveryone(name: string, body: string, schedule: Partial<CampaignInput['schedule']> = {}): CampaignInput {
  return {
    name,
    channel: 'sms',
    audience: { filter: { type: 'group', op: 'and', conditions: [] } },
    content: { ...defaultNodeData('send'), channel: 'sms', body },
    schedule: { ...defaultCampaignSchedule('Africa/Algiers'), ...schedule },
  };
}
