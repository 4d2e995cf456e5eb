import { z } from 'zod';
import { CHANNELS } from '../domain/channels';
import {
  attributionSchema,
  periodSchema,
  SESSION_EVENTS,
  type ChannelMonth,
  type CommerceDay,
  type CustomersMonth,
  type Experiment,
  type FlowComparisonRow,
  type FunnelReport,
  type Period,
} from '../domain/analytics';
import { method } from './method';

/** The analytics side of the contract: every view's numbers, computed by the engine from the workspace's own data. */
const attribution = attributionSchema.default({ model: 'view_through', counting: 'all' });
const channels = z.array(z.enum(CHANNELS)).max(CHANNELS.length).optional();

export const analyticsMethods = {
  'analytics/funnel': method<FunnelReport>()({
    input: z
      .strictObject({
        flowId: z.number().int().positive().optional(),
        campaignId: z.number().int().positive().optional(),
        period: periodSchema,
        attribution,
      })
      .refine((i) => (i.flowId === undefined) !== (i.campaignId === undefined), { message: 'give a flowId or a campaignId', path: ['flowId'] }),
    long: false,
    summary: 'A flow (per send step) or a campaign: sent, impressions, opens, clicks, CTR, conversions, CVR, revenue.',
  }),
  'analytics/flows': method<{ period: Period; timeZone: string; rows: FlowComparisonRow[] }>()({
    input: z.strictObject({ period: periodSchema, attribution, channels }),
    long: false,
    summary: 'Flows compared over a period: open-and-click rate, conversion rate, sales and revenue per flow.',
  }),
  'analytics/channels': method<{ period: Period; timeZone: string; channels: string[]; months: ChannelMonth[] }>()({
    input: z.strictObject({ period: periodSchema, attribution }),
    long: false,
    summary: 'Share of conversions by channel, per month.',
  }),
  'analytics/customers': method<{ period: Period; timeZone: string; reactivationDays: number; months: CustomersMonth[] }>()({
    input: z.strictObject({ period: periodSchema, reactivationDays: z.number().int().min(1).max(3650).default(90), event: z.string().trim().min(1).max(100).default('purchase') }),
    long: false,
    summary: 'New customers (a first purchase) and reactivated customers (a purchase after N days without one), per month.',
  }),
  'analytics/commerce': method<{ period: Period; timeZone: string; days: CommerceDay[] }>()({
    input: z.strictObject({
      period: periodSchema,
      event: z.string().trim().min(1).max(100).default('purchase'),
      sessionEvents: z.array(z.string().trim().min(1).max(100)).min(1).max(20).default(SESSION_EVENTS),
    }),
    long: false,
    summary: 'GMV, orders and gross conversion rate (orders / sessions) per day, with year-over-year and month-over-month change.',
  }),
  'analytics/status': method<{ rowsBehind: number }>()({
    input: z.strictObject({}),
    long: false,
    summary: 'How many recently added rows (sent messages, message events, customer events, split assignments) the reports have not counted yet.',
  }),
  'analytics/experiments': method<{ experiments: Experiment[] }>()({
    input: z.strictObject({ flowId: z.number().int().positive().optional(), period: periodSchema.optional() }),
    long: false,
    summary: 'Random splits with a control group: each variant against control (uplift, chi-square p-value, probability to beat control).',
  }),
};
