import { z } from 'zod';
import { campaignInputSchema, type CampaignSummary } from '../domain/campaign';
import { campaignIdSchema } from './common-schemas';
import { method } from './method';

/** Campaigns: one-off and recurring sends to an audience, in the reference tool's six steps. */
const campaignId = campaignIdSchema;

export const campaignMethods = {
  'campaigns/list': method<{ campaigns: CampaignSummary[] }>()({ input: z.strictObject({}), long: false, summary: 'Every campaign that is not archived.' }),
  'campaigns/get': method<CampaignSummary>()({
    input: z.union([z.strictObject({ id: campaignId }), z.strictObject({ name: z.string().min(1).max(120) })]),
    long: false,
    summary: 'One campaign with its runs and messages by status.',
  }),
  'campaigns/save': method<CampaignSummary>()({
    input: campaignInputSchema.extend({ id: campaignId.optional() }),
    long: false,
    summary: 'Create a campaign (a draft) or change a draft, scheduled or paused one.',
  }),
  'campaigns/launch': method<CampaignSummary>()({ input: z.strictObject({ id: campaignId }), long: false, summary: 'Schedule a draft or paused campaign; "send now" runs at once.' }),
  'campaigns/pause': method<CampaignSummary>()({ input: z.strictObject({ id: campaignId }), long: false, summary: 'Stop a scheduled or running campaign; its unsent messages are dropped.' }),
  'campaigns/archive': method<{ archived: true }>()({ input: z.strictObject({ id: campaignId }), long: false, summary: 'Archive a campaign that is not scheduled or running.' }),
} as const;
