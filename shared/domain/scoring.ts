import { z } from 'zod';
import { eventPropertyFilterSchema, filterGroupSchema, type EventPropertyFilter, type FilterGroup } from './segment-filter';

/**
 * Lead scoring: points per event (with an optional filter on its properties), applied as events
 * arrive, and points once per customer who matches an attribute condition. Thresholds on the score
 * are ordinary dynamic segments ("qualified": score >= 80; "inactive": score <= -50).
 */
export const scoringRuleInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: z.number().int().positive().optional(),
    name: z.string().min(1).max(100),
    kind: z.literal('event'),
    event: z.string().min(1).max(100),
    where: z.array(eventPropertyFilterSchema).max(10).default([]),
    points: z.number().int().min(-10_000).max(10_000),
    enabled: z.boolean().default(true),
  }),
  z.strictObject({
    id: z.number().int().positive().optional(),
    name: z.string().min(1).max(100),
    kind: z.literal('attribute'),
    condition: filterGroupSchema,
    points: z.number().int().min(-10_000).max(10_000),
    enabled: z.boolean().default(true),
  }),
]);

export type ScoringRule =
  | { id: number; name: string; kind: 'event'; event: string; where: EventPropertyFilter[]; points: number; enabled: boolean }
  | { id: number; name: string; kind: 'attribute'; condition: FilterGroup; points: number; enabled: boolean };

/** The reference thresholds (DOMAIN.md), offered as ready-made segments. */
export const REFERENCE_SCORE_SEGMENTS = [
  { name: 'Qualified customers', description: 'Score of 80 or more: send a voucher.', operator: 'gte', value: 80 },
  { name: 'Top customers', description: 'Score of 150 or more: a free item.', operator: 'gte', value: 150 },
  { name: 'Inactive customers', description: 'Score of -50 or less.', operator: 'lte', value: -50 },
] as const;
