import { z } from 'zod';
import { FLOW_CHANNELS, sendDataSchema } from './flow';
import { segmentFilterSchema } from './segment-filter';

/**
 * A campaign as the reference tool's wizard builds it: channel, name, audience, content, link,
 * schedule. The audience is a saved segment or inline filters and is taken when the campaign runs,
 * not when it is saved. The content is what a flow's send step says.
 */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM');
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local date and time, YYYY-MM-DDTHH:MM');

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');

/** When a recurring campaign stops: never, after its last run on a date (in the campaign's zone), or after a number of runs. */
export const campaignEndSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('never') }),
  z.strictObject({ kind: z.literal('on'), date: localDate }),
  z.strictObject({ kind: z.literal('after'), runs: z.number().int().min(1).max(10_000) }),
]);
export type CampaignEnd = z.infer<typeof campaignEndSchema>;

export const campaignAudienceSchema = z.union([z.strictObject({ segmentId: z.number().int().positive() }), z.strictObject({ filter: segmentFilterSchema })]);
export type CampaignAudience = z.infer<typeof campaignAudienceSchema>;

export const campaignScheduleSchema = z.strictObject({
  /** now: as soon as it is launched; at: once at a date and time; recurring: every day, week or month. */
  kind: z.enum(['now', 'at', 'recurring']),
  at: z.union([localDateTime, z.literal('')]),
  repeat: z.enum(['daily', 'weekly', 'monthly']),
  time: timeOfDay,
  /** ISO weekdays 1 (Monday) to 7 for weekly runs. */
  weekdays: z.array(z.number().int().min(1).max(7)).max(7),
  dayOfMonth: z.number().int().min(1).max(28),
  /** The campaign's zone: the time above is read in it. */
  timeZone: z.string().min(1).max(64),
  /**
   * campaign_zone: everyone at that time in the campaign's zone; customer_zone: at that time in each
   * customer's zone; best_hour: on that day, at the hour each customer engages most (else that time).
   */
  delivery: z.enum(['campaign_zone', 'customer_zone', 'best_hour']),
  /** In customer_zone, customers whose local time has already passed get it the next day, or at once. */
  lateCustomers: z.enum(['next_day', 'now']),
  /** At most this many messages a minute (0: no throttle); the rest are spread over the next minutes. */
  throttlePerMinute: z.number().int().min(0).max(1_000_000),
  /** Recurring only; campaigns written before it existed never end. */
  ends: campaignEndSchema.default({ kind: 'never' }),
});
export type CampaignSchedule = z.infer<typeof campaignScheduleSchema>;

export const campaignInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  channel: z.enum(FLOW_CHANNELS),
  audience: campaignAudienceSchema,
  content: sendDataSchema,
  schedule: campaignScheduleSchema,
});
export type CampaignInput = z.infer<typeof campaignInputSchema>;

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignSummary extends CampaignInput {
  id: number;
  status: CampaignStatus;
  nextRunAt: string | null;
  runs: { at: string; audience: number; queued: number }[];
  messages: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

export function defaultCampaignSchedule(timeZone: string): CampaignSchedule {
  return {
    kind: 'now',
    at: '',
    repeat: 'daily',
    time: '10:00',
    weekdays: [],
    dayOfMonth: 1,
    timeZone,
    delivery: 'campaign_zone',
    lateCustomers: 'next_day',
    throttlePerMinute: 0,
    ends: { kind: 'never' },
  };
}
