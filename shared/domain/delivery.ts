import type { LogSentence } from './journey-words';
import { z } from 'zod';
import { FLOW_CHANNELS } from './flow';

/**
 * The workspace's delivery rules, checked when a message is about to go (not only when it was
 * queued): quiet hours in the customer's own zone, frequency caps across every flow and campaign,
 * and how late a message may still go out.
 */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM');

export const quietHoursSchema = z.strictObject({
  enabled: z.boolean(),
  /** Local time the quiet window starts (21:00) and ends (09:00); it may wrap past midnight. */
  start: timeOfDay,
  end: timeOfDay,
  /** hold: send when the window ends; drop: do not send at all. */
  mode: z.enum(['hold', 'drop']),
});
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const frequencyCapSchema = z.strictObject({
  channel: z.enum(['all', ...FLOW_CHANNELS]),
  max: z.number().int().min(1).max(1000),
  days: z.number().int().min(1).max(365),
});
export type FrequencyCap = z.infer<typeof frequencyCapSchema>;

export const deliveryRulesSchema = z.strictObject({
  quietHours: quietHoursSchema,
  frequencyCaps: z.array(frequencyCapSchema).max(20),
  /** A message not sent within this many hours of when it was due is dropped (stale reminders). */
  deadlineHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
});
export type DeliveryRules = z.infer<typeof deliveryRulesSchema>;

export const DEFAULT_DELIVERY_RULES: DeliveryRules = {
  quietHours: { enabled: true, start: '21:00', end: '09:00', mode: 'hold' },
  frequencyCaps: [
    { channel: 'push', max: 2, days: 3 },
    { channel: 'all', max: 5, days: 7 },
  ],
  deadlineHours: 24,
};

export const capToText = (cap: FrequencyCap) => `${cap.max} ${cap.channel === 'all' ? 'messages' : cap.channel} per ${cap.days === 1 ? 'day' : `${cap.days} days`}`;

export const MESSAGE_STATUSES = ['queued', 'claimed', 'attempting', 'sent', 'failed', 'suppressed', 'unknown'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface MessageRow {
  id: number;
  customerExternalId: string;
  channel: string;
  provider: string | null;
  flow: string | null;
  nodeId: string | null;
  campaign: string | null;
  status: MessageStatus;
  dueAt: string;
  attemptedAt: string | null;
  attempts: number;
  lastError: string | null;
  /** The reason's words, when it is one of the engine's own: the UI says it in its language. */
  lastErrorWords?: LogSentence;
  providerMessageId: string | null;
  /** What the customer got (title or subject, then the body), rendered at send time. */
  preview: string;
}

/** One message opened from the outbox: the row, what was rendered and sent, what happened since, and where it came from. */
export interface MessageDetail {
  message: MessageRow;
  /** The content as rendered for this customer (empty fields left out); null before it was rendered. */
  content: { title?: string; subject?: string; body?: string; html?: string; link?: string; templateName?: string; templateParams?: string[] } | null;
  /** Delivered, opened, clicked, converted, bounced...: as the provider (or the sandbox) reported them. */
  events: { type: string; at: string; details: Record<string, unknown> | null }[];
  /** The flow step that sent it, with its name in the version the customer walked. */
  step: { flow: string; version: number; nodeId: string; label: string } | null;
}

export interface JourneyLogEntry {
  ts: string;
  nodeId: string;
  /** The step's name in the version the customer walked. */
  step: string;
  kind: string;
  /** In English; `words` (when the engine wrote it by key) lets the UI say it in its language. */
  detail: string;
  words?: LogSentence;
}

export interface CustomerJourney {
  journeyId: number;
  flowId: number;
  flow: string;
  version: number;
  state: 'active' | 'waiting' | 'completed' | 'exited';
  nodeId: string;
  /** When the timer or timeout of the step they are at runs out (ISO), if any. */
  wakeAt: string | null;
  enteredAt: string;
  endedAt: string | null;
  log: JourneyLogEntry[];
}

export interface EngineStatus {
  clock: 'real' | 'virtual';
  now: string;
  journeys: { active: number; waiting: number; completed: number; exited: number };
  messages: Record<MessageStatus, number>;
  /** When the next timer, message or scheduled run is due (ISO), if any. */
  nextDueAt: string | null;
}
