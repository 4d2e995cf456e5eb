import { z } from 'zod';
import { campaignInputSchema, type CampaignSummary } from '../domain/campaign';
import { MESSAGE_STATUSES, type CustomerJourney, type EngineStatus, type MessageRow } from '../domain/delivery';
import { method } from './method';
import { PROVIDER_CHANNELS, PROVIDER_KIND_NAMES } from '../domain/providers';

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
  /** Sent with no answer, and not safe to send again: listed in the outbox until the provider or the user settles them. */
  unknown: number;
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
  /** Settings as a window may see them: secret ones (API keys, header values) are HIDDEN when set. */
  config: Record<string, unknown>;
}

export interface ProviderTestResult {
  /** unknown: no answer came after the request was sent; it may have been delivered. */
  status: 'sent' | 'failed' | 'retry' | 'unknown';
  providerMessageId: string | null;
  error: string | null;
  /** When the provider answered, ISO. */
  at: string;
}

export interface ProviderStatusResult {
  /** Provider events read (a poll, a webhook, an export). */
  seen: number;
  /** New message events recorded (events seen before count once). */
  recorded: number;
  /** Events whose message is not in this workspace. */
  unmatched: number;
}

const providerId = z.number().int().positive();
/** Settings by name (shared/domain/providers.ts lists them per kind); the engine checks each against its kind. */
const providerConfig = z.record(z.string().max(64), z.unknown());

export const deliveryMethods = {
  'providers/list': method<{ providers: ProviderSummary[] }>()({ input: z.strictObject({}), long: false, summary: 'Configured providers by channel.' }),
  'providers/create': method<ProviderSummary>()({
    input: z.strictObject({
      name: z.string().trim().min(1).max(120),
      kind: z.enum(PROVIDER_KIND_NAMES),
      channel: z.enum(PROVIDER_CHANNELS),
      config: providerConfig.default({}),
    }),
    long: false,
    summary: 'Add a provider of a kind (sandbox, webhook, fcm, onesignal, smtp, sendgrid, mailgun, ses, brevo, twilio, vonage, whatsapp_cloud) with its settings; secret ones are sealed.',
  }),
  'providers/update': method<ProviderSummary>()({
    input: z.strictObject({
      id: providerId,
      name: z.string().trim().min(1).max(120).optional(),
      /** Settings merged into the current ones: HIDDEN keeps a stored secret, an empty value clears a setting. */
      config: providerConfig.optional(),
      isDefault: z.literal(true).optional(),
    }),
    long: false,
    summary: "Change a provider's settings or name, or make it its channel's default.",
  }),
  'providers/delete': method<{ deleted: true }>()({
    input: z.strictObject({ id: providerId }),
    long: false,
    summary: 'Remove a provider (its sent messages keep their history; queued ones fail when they come due).',
  }),
  'providers/test': method<ProviderTestResult>()({
    input: z.strictObject({
      id: providerId,
      to: z.strictObject({
        email: z.string().trim().email().optional(),
        phone: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +213551234567').optional(),
        pushToken: z.string().trim().min(1).max(4096).optional(),
      }),
      /** WhatsApp outside the 24-hour window: an approved template and its parameters. */
      templateName: z.string().trim().max(200).optional(),
      templateParams: z.array(z.string().max(1000)).max(20).optional(),
    }),
    long: false,
    summary: 'Send one test message through a provider now (not through the outbox) and report its answer.',
  }),
  'providers/poll': method<ProviderStatusResult>()({
    input: z.strictObject({ id: providerId }),
    long: false,
    summary: "Ask a provider now for its messages' delivery and engagement (Twilio, Mailgun); the engine also does this every minute.",
  }),
  'providers/receive': method<{ status: number; body: string; contentType: string } & ProviderStatusResult>()({
    input: z.strictObject({
      id: providerId,
      method: z.enum(['GET', 'POST']),
      url: z.string().url().max(4000),
      headers: z.record(z.string().max(200), z.string().max(8000)),
      body: z.string().max(5_000_000),
    }),
    long: false,
    summary: "A provider's webhook call as the web host received it (only the host calls this; windows cannot).",
  }),
  'providers/import-events': method<ProviderStatusResult & { rejected: { row: number; field: string; message: string }[] }>()({
    input: z.strictObject({
      id: providerId,
      /** CSV with a header: message_id or provider_message_id, event, time (ISO or epoch seconds), and optionally event_id. */
      csv: z.string().max(50_000_000),
    }),
    long: false,
    summary: "Import a provider's engagement export (delivered, opened, clicked, bounced, unsubscribed, failed) as message events, each once.",
  }),
  'engine/clock': method<Pick<EngineStatus, 'clock' | 'now'>>()({
    input: z.strictObject({}),
    long: false,
    summary: "The engine's clock and its time now (real or virtual): what screens take as today, without the counts engine/status reads.",
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
