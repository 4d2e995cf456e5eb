import { z } from 'zod';
import { campaignInputSchema, type CampaignSummary } from '../domain/campaign';
import { MESSAGE_STATUSES, type CustomerJourney, type EngineStatus, type MessageRow } from '../domain/delivery';
import { method } from './method';

/**
 * The running side of the contract: the engine's clock and work, tracked events, the outbox,
 * customers' journeys and campaigns.
 */
export interface RunSummary {
  events: number;
  entered: number;
  steps: number;
  queued: number;
  sent: number;
  suppressed: number;
  held: number;
  failed: number;
  retried: number;
  engagement: number;
}

const spanSchema = z.strictObject({ amount: z.number().int().min(1).max(100_000), unit: z.enum(['minutes', 'hours', 'days', 'weeks']) });
const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO date and time, e.g. 2026-03-01T09:00:00Z' });
const campaignId = z.number().int().positive();

export const trackedEventSchema = z.strictObject({
  /** The customer's external id. */
  customerId: z.string().trim().min(1).max(200),
  event: z.string().trim().min(1).max(100),
  /** ISO time or epoch milliseconds; absent: now (the engine's clock). */
  time: z.union([isoTime, z.number().int().positive()]).optional(),
  properties: z.record(z.string().max(100), z.unknown()).default({}),
  eventId: z.string().max(200).optional(),
});

export interface ProviderSummary {
  id: number;
  name: string;
  kind: string;
  channel: string;
  isDefault: boolean;
  /** Settings that are not secret (rates, limits, addresses). */
  config: Record<string, unknown>;
}

export const deliveryMethods = {
  'providers/list': method<{ providers: ProviderSummary[] }>()({ input: z.strictObject({}), long: false, summary: 'Configured providers by channel.' }),
  'providers/create': method<ProviderSummary>()({
    input: z.strictObject({
      name: z.string().trim().min(1).max(120),
      /** Kinds that need no secret; the provider APIs with keys come with their own settings. */
      kind: z.enum(['sandbox', 'webhook']),
      channel: z.enum(['push', 'email', 'sms', 'whatsapp', 'in_app', 'webhook']),
      config: z.record(z.string().max(64), z.unknown()).default({}),
    }),
    long: false,
    summary: 'Add a provider: a sandbox with its own rates, or a webhook (config.url, config.headers, config.ratePerSecond).',
  }),
  'providers/update': method<ProviderSummary>()({
    input: z.strictObject({
      id: z.number().int().positive(),
      /** Non-secret settings, merged into the current ones: e.g. { ratePerSecond: 50 } or the sandbox's { rates: { opened: 0.3 } }. */
      config: z.record(z.string().max(64), z.unknown()).optional(),
      isDefault: z.literal(true).optional(),
    }),
    long: false,
    summary: "Change a provider's non-secret settings, or make it its channel's default.",
  }),
  'engine/status': method<EngineStatus>()({
    input: z.strictObject({}),
    long: false,
    summary: "The engine's clock, journeys by state, messages by status and when the next thing is due.",
  }),
  'engine/run-due': method<RunSummary>()({
    input: z.strictObject({}),
    long: true,
    summary: 'Run everything due at the current time now (events into flows, timers, campaigns, the outbox).',
  }),
  'engine/set-clock': method<EngineStatus>()({
    input: z.union([z.strictObject({ mode: z.literal('real') }), z.strictObject({ mode: z.literal('virtual'), start: isoTime.optional() })]),
    long: false,
    summary: 'Run this workspace on the real clock, or on a virtual clock for simulations (it moves only when advanced).',
  }),
  'engine/advance': method<RunSummary & { now: string }>()({
    input: z.union([z.strictObject({ by: spanSchema }), z.strictObject({ to: isoTime })]),
    long: true,
    summary: 'Move the virtual clock forward, running every timer, message and run due on the way, in order.',
  }),
  'events/track': method<{ accepted: number; duplicates: number; rejected: { index: number; field: string; message: string }[] }>()({
    input: z.strictObject({
      events: z.array(trackedEventSchema).min(1).max(1000),
      unknownCustomers: z.enum(['reject', 'create']).default('reject'),
    }),
    long: false,
    summary: 'Record events as they happen (one or a batch); flows they trigger or wait for see them at once.',
  }),
  'messages/list': method<{ rows: MessageRow[] }>()({
    input: z.strictObject({
      status: z.enum(MESSAGE_STATUSES).optional(),
      customerExternalId: z.string().max(200).optional(),
      flowId: z.number().int().positive().optional(),
      campaignId: campaignId.optional(),
      beforeId: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    long: false,
    summary: 'Messages in the outbox, newest first, by status, customer, flow or campaign.',
  }),
  'messages/resolve': method<{ updated: number }>()({
    input: z.strictObject({
      ids: z.array(z.number().int().positive()).min(1).max(1000),
      /** For messages of unknown fate: send again, or record that it was or was not delivered. */
      action: z.enum(['resend', 'mark_sent', 'mark_failed']),
    }),
    long: false,
    summary: 'Decide what happened to messages left unknown after a crash.',
  }),
  'journeys/of-customer': method<{ journeys: CustomerJourney[] }>()({
    input: z.strictObject({ externalId: z.string().min(1).max(200) }),
    long: false,
    summary: "A customer's journeys through flows, each with its log of what happened and why.",
  }),
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
