import { z } from 'zod';
import type { CustomerJourney } from '../domain/delivery';
import { isoTimeSchema } from './common-schemas';
import { method } from './method';

/** Events as they happen (they move customers through flows), and each customer's journeys. */

export const trackedEventSchema = z.strictObject({
  /** The customer's external id. */
  customerId: z.string().trim().min(1).max(200),
  event: z.string().trim().min(1).max(100),
  /** ISO time or epoch milliseconds; absent: now (the engine's clock). */
  time: z.union([isoTimeSchema, z.number().int().positive()]).optional(),
  properties: z.record(z.string().max(100), z.unknown()).default({}),
  eventId: z.string().max(200).optional(),
});

export const journeyMethods = {
  'events/track': method<{ accepted: number; duplicates: number; rejected: { index: number; field: string; message: string }[] }>()({
    input: z.strictObject({
      events: z.array(trackedEventSchema).min(1).max(1000),
      unknownCustomers: z.enum(['reject', 'create']).default('reject'),
    }),
    long: false,
    summary: 'Record events as they happen (one or a batch); flows they trigger or wait for see them at once.',
  }),
  'journeys/of-customer': method<{ journeys: CustomerJourney[] }>()({
    input: z.strictObject({ externalId: z.string().min(1).max(200) }),
    long: false,
    summary: "A customer's journeys through flows, each with its log of what happened and why.",
  }),
} as const;
