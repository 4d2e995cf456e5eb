import { z } from 'zod';
import { attributeFieldSchema, eventPropertyNameSchema } from './attribute-name';
import { CONSENT_FIELDS } from './channels';

/**
 * One filter model for segments, campaign audiences and flow conditions: conditions on customer
 * properties, on behaviour (events in a time window, with event-property filters), on membership
 * of another segment and on score, combined in nested AND/OR groups.
 */
export const CUSTOMER_FILTER_FIELDS = ['externalId', 'email', 'phone', 'firstName', 'lastName', 'language', 'timeZone', 'city', 'signupAt', 'createdAt', ...CONSENT_FIELDS] as const;
export type CustomerFilterField = (typeof CUSTOMER_FILTER_FIELDS)[number];

/** A property is a known customer field or a custom attribute, `attributes.<name>`. */
const propertyName = z.union([z.enum(CUSTOMER_FILTER_FIELDS), attributeFieldSchema]);

const scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
const timeUnit = z.enum(['minutes', 'hours', 'days', 'weeks']);
const relative = z.strictObject({ amount: z.number().int().min(1).max(100_000), unit: timeUnit });
export type RelativeSpan = z.infer<typeof relative>;
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date');

export const propertyConditionSchema = z.discriminatedUnion('operator', [
  z.strictObject({ type: z.literal('property'), field: propertyName, operator: z.enum(['equals', 'not_equals']), value: scalar }),
  z.strictObject({
    type: z.literal('property'),
    field: propertyName,
    operator: z.enum(['contains', 'not_contains', 'starts_with']),
    value: z.string().min(1).max(500),
  }),
  z.strictObject({
    type: z.literal('property'),
    field: propertyName,
    operator: z.enum(['in', 'not_in']),
    value: z.array(scalar).min(1).max(10_000),
  }),
  z.strictObject({
    type: z.literal('property'),
    field: propertyName,
    operator: z.enum(['gt', 'gte', 'lt', 'lte']),
    value: z.number().finite(),
  }),
  z.strictObject({
    type: z.literal('property'),
    field: propertyName,
    operator: z.literal('between'),
    value: z.tuple([z.number().finite(), z.number().finite()]),
  }),
  z.strictObject({ type: z.literal('property'), field: propertyName, operator: z.enum(['is_set', 'is_not_set']) }),
  z.strictObject({ type: z.literal('property'), field: propertyName, operator: z.enum(['before', 'after']), value: isoDate }),
  /** Relative dates: "signed up within the last 30 days", "more than 90 days ago". */
  z.strictObject({
    type: z.literal('property'),
    field: propertyName,
    operator: z.enum(['within_last', 'more_than_ago']),
    value: relative,
  }),
]);
export type PropertyCondition = z.infer<typeof propertyConditionSchema>;

/** A filter on an event's own properties ("amount" >= 5000, "category" equals "phones"). */
export const eventPropertyFilterSchema = z.strictObject({
  property: eventPropertyNameSchema,
  operator: z.enum(['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'contains', 'is_set']),
  value: scalar.optional(),
});
export type EventPropertyFilter = z.infer<typeof eventPropertyFilterSchema>;

export const behaviourWindowSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ever') }),
  z.strictObject({ kind: z.literal('last'), amount: z.number().int().min(1).max(100_000), unit: timeUnit }),
  z.strictObject({ kind: z.literal('between'), from: isoDate, to: isoDate }),
]);
export type BehaviourWindow = z.infer<typeof behaviourWindowSchema>;

/**
 * "Has executed add_to_cart at least 1 times in the last 3 days"; "has not executed app_open in the
 * last 90 days" is occurrence 'at_most' with count 0.
 */
export const behaviourConditionSchema = z.strictObject({
  type: z.literal('behaviour'),
  event: z.string().min(1).max(100),
  occurrence: z.enum(['at_least', 'at_most', 'exactly']),
  count: z.number().int().min(0).max(1_000_000),
  window: behaviourWindowSchema,
  where: z.array(eventPropertyFilterSchema).max(10).default([]),
});
export type BehaviourCondition = z.infer<typeof behaviourConditionSchema>;

export const segmentConditionSchema = z.strictObject({
  type: z.literal('segment'),
  segmentId: z.number().int().positive(),
  /** false: customers who are not in that segment. */
  member: z.boolean().default(true),
});
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export const scoreConditionSchema = z.discriminatedUnion('operator', [
  z.strictObject({ type: z.literal('score'), operator: z.enum(['gt', 'gte', 'lt', 'lte', 'equals']), value: z.number().int() }),
  z.strictObject({ type: z.literal('score'), operator: z.literal('between'), value: z.tuple([z.number().int(), z.number().int()]) }),
]);
export type ScoreCondition = z.infer<typeof scoreConditionSchema>;

export type FilterGroup = { type: 'group'; op: 'and' | 'or'; conditions: FilterCondition[] };
export type FilterCondition = PropertyCondition | BehaviourCondition | SegmentCondition | ScoreCondition | FilterGroup;

export const filterConditionSchema: z.ZodType<FilterCondition> = z.lazy(() =>
  z.union([propertyConditionSchema, behaviourConditionSchema, segmentConditionSchema, scoreConditionSchema, filterGroupSchema]),
) as z.ZodType<FilterCondition>;

export const filterGroupSchema: z.ZodType<FilterGroup> = z.lazy(() =>
  z.strictObject({
    type: z.literal('group'),
    op: z.enum(['and', 'or']),
    conditions: z.array(filterConditionSchema).max(50),
  }),
) as z.ZodType<FilterGroup>;

/** A filter is a group; an empty AND group matches everyone. */
export type SegmentFilter = FilterGroup;
export const segmentFilterSchema = filterGroupSchema;

export const RELATIVE_UNIT_MS: Record<RelativeSpan['unit'], number> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
};

/** Nesting deeper than this is refused: a person cannot read it and SQLite's parser has limits. */
export const MAX_FILTER_DEPTH = 8;

export function filterDepth(condition: FilterCondition): number {
  return condition.type === 'group' ? 1 + Math.max(0, ...condition.conditions.map(filterDepth)) : 0;
}

/** Segments named by segment conditions, at any depth. */
export function referencedSegments(condition: FilterCondition): number[] {
  if (condition.type === 'segment') return [condition.segmentId];
  if (condition.type === 'group') return condition.conditions.flatMap(referencedSegments);
  return [];
}

/** The custom attributes (`attributes.<name>` fields) a filter's own property conditions read. */
export function attributesRead(condition: FilterCondition): string[] {
  if (condition.type === 'property' && condition.field.startsWith('attributes.')) return [condition.field.slice('attributes.'.length)];
  if (condition.type === 'group') return [...new Set(condition.conditions.flatMap(attributesRead))];
  return [];
}
