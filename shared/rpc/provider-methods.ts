import { z } from 'zod';
import { PROVIDER_CHANNELS, PROVIDER_KIND_NAMES } from '../domain/providers';
import { method } from './method';

/** Providers: the accounts that deliver messages, their settings, test sends and statuses back. */
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

export const providerMethods = {
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
        /** E.164, or written as people do ("0551 23 45 67"): read in the workspace's default country. */
        phone: z.string().trim().min(3).max(40).optional(),
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
} as const;
