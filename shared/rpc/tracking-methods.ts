import { z } from 'zod';
import { method } from './method';
import { trackedEventSchema } from './journey-methods';
import { isoTimeSchema } from './common-schemas';

/**
 * Tracking keys: write-only credentials for POST /track. A website or app that sends events holds
 * one of these, never the admin token, so it can record events and nothing else.
 */
export interface TrackingKeySummary {
  id: number;
  name: string;
  /** The key's first characters, to tell keys apart; the key itself is shown once, when created. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const TRACKING_KEY_PREFIX = 'cstk_';

/**
 * One message of the Segment tracking spec, as analytics-node and other SDKs send it to /v1/track,
 * /v1/identify, /v1/page, /v1/screen or inside /v1/batch. Fields the app does not use (integrations,
 * _metadata, sentAt...) are allowed and ignored.
 */
export const segmentMessageSchema = z.looseObject({
  type: z.enum(['track', 'identify', 'page', 'screen', 'alias', 'group']),
  userId: z
    .union([z.string().max(200), z.number()])
    .nullable()
    .optional(),
  anonymousId: z
    .union([z.string().max(200), z.number()])
    .nullable()
    .optional(),
  event: z.string().trim().max(100).optional(),
  name: z.string().max(200).optional(),
  properties: z.record(z.string().max(100), z.unknown()).optional(),
  traits: z.record(z.string().max(100), z.unknown()).optional(),
  timestamp: isoTimeSchema.optional(),
  messageId: z.string().max(200).optional(),
  context: z.record(z.string().max(100), z.unknown()).optional(),
});
export type SegmentMessage = z.infer<typeof segmentMessageSchema>;
const keyId = z.number().int().positive();

export const trackingMethods = {
  'tracking/keys': method<{ keys: TrackingKeySummary[] }>()({
    input: z.strictObject({}),
    long: false,
    summary: 'The tracking keys, revoked ones too (never the keys themselves).',
  }),
  'tracking/create-key': method<TrackingKeySummary & { key: string }>()({
    input: z.strictObject({ name: z.string().trim().min(1, 'is required').max(100) }),
    long: false,
    summary: 'A new write-only key for POST /track; the key is in this answer only.',
  }),
  'tracking/revoke-key': method<TrackingKeySummary>()({
    input: z.strictObject({ id: keyId }),
    long: false,
    summary: 'Revoke a tracking key: requests with it are refused from now on.',
  }),
  'tracking/track': method<{ accepted: number; duplicates: number; rejected: { index: number; field: string; message: string }[] }>()({
    input: z.strictObject({
      key: z.string().max(200),
      events: z.array(trackedEventSchema).min(1).max(1000),
      unknownCustomers: z.enum(['reject', 'create']).default('reject'),
    }),
    long: false,
    summary: 'Record events with a tracking key (what POST /track calls): nothing else can be done with such a key.',
  }),
  'tracking/segment': method<{ success: true; identified: number; accepted: number; duplicates: number; rejected: { index: number; field: string; message: string }[] }>()({
    input: z.strictObject({
      key: z.string().max(200),
      messages: z.array(segmentMessageSchema).min(1).max(2500),
    }),
    long: false,
    summary: 'Messages of the Segment tracking spec (/v1/track, /v1/identify, /v1/batch) with a tracking key as the write key: identify upserts customers, track records events.',
  }),
} as const;
