import { z } from 'zod';
import { method } from './method';
import { trackedEventSchema } from './journey-methods';

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
} as const;
