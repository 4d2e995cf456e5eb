import { z } from 'zod';
import { MESSAGE_STATUSES, type MessageDetail, type MessageRow } from '../domain/delivery';
import { campaignIdSchema } from './common-schemas';
import { method } from './method';

/** The outbox: every message as a row, and what the user decides for those of unknown fate. */
export const outboxMethods = {
  'messages/list': method<{ rows: MessageRow[] }>()({
    input: z.strictObject({
      status: z.enum(MESSAGE_STATUSES).optional(),
      customerExternalId: z.string().max(200).optional(),
      flowId: z.number().int().positive().optional(),
      campaignId: campaignIdSchema.optional(),
      beforeId: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    long: false,
    summary: 'Messages in the outbox, newest first, by status, customer, flow or campaign.',
  }),
  'messages/get': method<MessageDetail>()({
    input: z.strictObject({ id: z.number().int().positive() }),
    long: false,
    summary: 'One message as it was sent: its rendered content, the provider’s answer, what happened to it since, and the step that sent it.',
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
} as const;
