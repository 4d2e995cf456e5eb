import { z } from 'zod';

/** Schemas more than one part of the contract uses. */
export const isoTimeSchema = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO date and time, e.g. 2026-03-01T09:00:00Z' });
export const campaignIdSchema = z.number().int().positive();
