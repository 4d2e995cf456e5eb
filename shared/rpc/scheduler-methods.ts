import { z } from 'zod';
import type { EngineStatus } from '../domain/delivery';
import { isoTimeSchema } from './common-schemas';
import { method } from './method';

/** The engine's clock and work: what is due, runs; a virtual clock moves only when advanced. */
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

export const schedulerMethods = {
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
    input: z.union([z.strictObject({ mode: z.literal('real') }), z.strictObject({ mode: z.literal('virtual'), start: isoTimeSchema.optional() })]),
    long: false,
    summary: 'Run this workspace on the real clock, or on a virtual clock for simulations (it moves only when advanced).',
  }),
  'engine/advance': method<RunSummary & { now: string }>()({
    input: z.union([z.strictObject({ by: spanSchema }), z.strictObject({ to: isoTimeSchema })]),
    long: true,
    summary: 'Move the virtual clock forward, running every timer, message and run due on the way, in order.',
  }),
} as const;
