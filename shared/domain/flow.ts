import { z } from 'zod';
import { variantsSchema } from './message-variants';
import { CHANNELS, type Channel } from './channels';
import { namePartSchema } from './attribute-name';
import { eventPropertyFilterSchema, filterGroupSchema, type FilterGroup } from './segment-filter';

/**
 * A flow (customer journey) as it is stored, exported and validated: nodes with their settings,
 * edges from a node's named exit to another node, and flow-wide settings. The schema accepts
 * unfinished drafts (empty fields, loose ends); `validateFlow` says what stops a draft from going live.
 */
/** Every channel a send step or campaign can use: the catalogue's (shared/domain/channels.ts). */
export const FLOW_CHANNELS = CHANNELS;
export type FlowChannel = Channel;

export const DELAY_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type DelayUnit = (typeof DELAY_UNITS)[number];
const spanSchema = z.strictObject({ amount: z.number().int().min(0).max(100_000), unit: z.enum(DELAY_UNITS) });
export type Span = z.infer<typeof spanSchema>;

const text = (max = 2000) => z.string().max(max);
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM');
const weekdays = z.array(z.number().int().min(1).max(7)).max(7);
const where = z.array(eventPropertyFilterSchema).max(10);

const nodeDataSchemas = {
  trigger_event: z.strictObject({ event: text(100), where, key: text(100) }),
  trigger_segment: z.strictObject({ filter: filterGroupSchema }),
  trigger_schedule: z.strictObject({
    repeat: z.enum(['once', 'daily', 'weekly', 'monthly']),
    /** For `once`: a local date and time, YYYY-MM-DDTHH:MM, read in the zone below. */
    at: text(16),
    time: timeOfDay,
    weekdays,
    dayOfMonth: z.number().int().min(1).max(31),
    /** 'flow': the flow's time zone; 'customer': each customer's own. */
    zone: z.enum(['flow', 'customer']),
    audience: filterGroupSchema,
  }),
  trigger_date: z.strictObject({ field: namePartSchema(100), direction: z.enum(['after', 'before']), offset: spanSchema, time: timeOfDay }),
  condition: z.strictObject({
    mode: z.enum(['filter', 'engagement']),
    filter: filterGroupSchema,
    sendNodeId: text(64),
    engagement: z.enum(['delivered', 'opened', 'clicked']),
  }),
  split_audience: z.strictObject({
    paths: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9_-]{1,32}$/), label: text(60), filter: filterGroupSchema })).max(10),
  }),
  split_random: z.strictObject({
    variants: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9_-]{1,32}$/), label: text(60), percent: z.number().min(0).max(100) })).max(10),
    controlPercent: z.number().min(0).max(100),
  }),
  wait_delay: z.strictObject({ delay: spanSchema }),
  wait_until: z.strictObject({ time: timeOfDay, weekdays }),
  wait_event: z.strictObject({ event: text(100), where, timeout: spanSchema, matchKey: text(100) }),
  send: z.strictObject({
    channel: z.enum(FLOW_CHANNELS),
    /** null: the workspace's default provider for the channel. */
    providerId: z.number().int().positive().nullable(),
    title: text(200),
    body: text(20_000),
    subject: text(300),
    html: text(200_000),
    /** An email written in MJML: compiled to responsive HTML (into `html`) when saved; empty for raw HTML. */
    mjml: text(200_000).optional(),
    templateName: text(200),
    templateParams: z.array(text(500)).max(20),
    link: text(2000),
    trackConversion: z.boolean(),
    /** Marketing (not transactional): consent applies, and email needs an unsubscribe link. */
    marketing: z.boolean(),
    /** The library template this message was started from (Settings → Message templates shows where each is used). */
    libraryTemplateId: z.number().int().positive().optional(),
    /** The same message in other languages: each customer gets their language's, else the fields above. */
    variants: variantsSchema.optional(),
    /** Drop the message if it cannot go out within this many hours of being due; absent: the workspace's rule. */
    deadlineHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .optional(),
  }),
  set_attribute: z.strictObject({ attribute: namePartSchema(64), value: z.union([z.string().max(500), z.number(), z.boolean()]) }),
  list_membership: z.strictObject({ op: z.enum(['add', 'remove']), segmentId: z.number().int().positive().nullable(), listName: text(200) }),
  add_score: z.strictObject({ points: z.number().int().min(-10_000).max(10_000) }),
  webhook: z.strictObject({ url: text(2000), body: text(20_000) }),
  goal: z.strictObject({ event: text(100), where }),
  exit: z.strictObject({}),
} as const;

export type FlowNodeType = keyof typeof nodeDataSchemas;
/** What a send step says; a campaign's content is the same thing. */
export const sendDataSchema = nodeDataSchemas.send;
export const FLOW_NODE_TYPES = Object.keys(nodeDataSchemas) as FlowNodeType[];
export type FlowNodeData<T extends FlowNodeType = FlowNodeType> = z.infer<(typeof nodeDataSchemas)[T]>;

const positionSchema = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');

const nodeSchemas = FLOW_NODE_TYPES.map((type) => z.strictObject({ id: nodeId, type: z.literal(type), label: text(80), position: positionSchema, data: nodeDataSchemas[type] }));
export const flowNodeSchema = z.discriminatedUnion('type', nodeSchemas as unknown as [(typeof nodeSchemas)[number], ...(typeof nodeSchemas)[number][]]);
export type FlowNode = { [T in FlowNodeType]: { id: string; type: T; label: string; position: { x: number; y: number }; data: FlowNodeData<T> } }[FlowNodeType];
export type FlowNodeOf<T extends FlowNodeType> = Extract<FlowNode, { type: T }>;

export const flowEdgeSchema = z.strictObject({ id: nodeId, source: nodeId, exit: z.string().min(1).max(64), target: nodeId });
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const flowSettingsSchema = z.strictObject({
  timeZone: text(64),
  entry: z.strictObject({ mode: z.enum(['once', 'again_after', 'unlimited']), againAfterDays: z.number().int().min(1).max(3650) }),
  /** Customers matching this when they would enter stay out ("installed in the last 7 days"). No conditions: nobody. */
  exclusion: filterGroupSchema,
  /** The conversion the flow is measured by, and how long after a message it counts. Empty event: none. */
  conversion: z.strictObject({
    event: text(100),
    where,
    windowHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90),
  }),
  quietHours: z.boolean(),
  frequencyCaps: z.boolean(),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const flowDefinitionSchema = z.strictObject({
  nodes: z.array(flowNodeSchema as unknown as z.ZodType<FlowNode>).max(2000),
  edges: z.array(flowEdgeSchema).max(4000),
  settings: flowSettingsSchema,
});
export type FlowDefinition = { nodes: FlowNode[]; edges: FlowEdge[]; settings: FlowSettings };

export const emptyGroup = (): FilterGroup => ({ type: 'group', op: 'and', conditions: [] });

export function defaultFlowSettings(timeZone = 'Africa/Algiers'): FlowSettings {
  return {
    timeZone,
    entry: { mode: 'once', againAfterDays: 30 },
    exclusion: emptyGroup(),
    conversion: { event: 'purchase', where: [], windowHours: 72 },
    quietHours: true,
    frequencyCaps: true,
  };
}

/** A new node's settings: empty where the user must choose, sensible where most people would. */
export function defaultNodeData<T extends FlowNodeType>(type: T): FlowNodeData<T> {
  const defaults: { [K in FlowNodeType]: FlowNodeData<K> } = {
    trigger_event: { event: '', where: [], key: '' },
    trigger_segment: { filter: emptyGroup() },
    trigger_schedule: { repeat: 'once', at: '', time: '10:00', weekdays: [], dayOfMonth: 1, zone: 'flow', audience: emptyGroup() },
    trigger_date: { field: 'signupAt', direction: 'after', offset: { amount: 30, unit: 'days' }, time: '10:00' },
    condition: { mode: 'filter', filter: emptyGroup(), sendNodeId: '', engagement: 'opened' },
    split_audience: { paths: [{ id: 'path-1', label: 'Path 1', filter: emptyGroup() }] },
    split_random: {
      variants: [
        { id: 'a', label: 'A', percent: 50 },
        { id: 'b', label: 'B', percent: 50 },
      ],
      controlPercent: 0,
    },
    wait_delay: { delay: { amount: 1, unit: 'days' } },
    wait_until: { time: '10:00', weekdays: [] },
    wait_event: { event: '', where: [], timeout: { amount: 24, unit: 'hours' }, matchKey: '' },
    send: { channel: 'push', providerId: null, title: '', body: '', subject: '', html: '', templateName: '', templateParams: [], link: '', trackConversion: true, marketing: true },
    set_attribute: { attribute: '', value: '' },
    list_membership: { op: 'add', segmentId: null, listName: '' },
    add_score: { points: 10 },
    webhook: { url: '', body: '' },
    goal: { event: 'purchase', where: [] },
    exit: {},
  };
  return JSON.parse(JSON.stringify(defaults[type])) as FlowNodeData<T>;
}

export const NODE_TYPE_LABELS: Record<FlowNodeType, string> = {
  trigger_event: 'Event trigger',
  trigger_segment: 'Segment entry',
  trigger_schedule: 'Schedule',
  trigger_date: 'Date property',
  condition: 'Yes/no split',
  split_audience: 'Audience paths',
  split_random: 'Random split',
  wait_delay: 'Wait',
  wait_until: 'Wait until time',
  wait_event: 'Wait for event',
  send: 'Send',
  set_attribute: 'Set attribute',
  list_membership: 'List',
  add_score: 'Score points',
  webhook: 'Webhook',
  goal: 'Goal',
  exit: 'Exit',
};

export type NodeFamily = 'trigger' | 'condition' | 'wait' | 'send' | 'action' | 'end';
export function nodeFamily(type: FlowNodeType): NodeFamily {
  if (type.startsWith('trigger_')) return 'trigger';
  if (type === 'condition' || type.startsWith('split_')) return 'condition';
  if (type.startsWith('wait_')) return 'wait';
  if (type === 'send') return 'send';
  if (type === 'goal' || type === 'exit') return 'end';
  return 'action';
}

export const isTrigger = (node: FlowNode) => nodeFamily(node.type) === 'trigger';
/** Nodes that wait for time to pass: a loop through one of them cannot spin. */
export const isWait = (node: FlowNode) => nodeFamily(node.type) === 'wait';
/** A goal is not on a path: it watches for its event wherever the customer is, and takes them out. */
export const hasInput = (node: FlowNode) => !isTrigger(node) && node.type !== 'goal';

export interface FlowExit {
  id: string;
  label: string;
}

/** The named ways out of a node; each must lead somewhere before the flow can go live. */
export function exitsOf(node: FlowNode): FlowExit[] {
  switch (node.type) {
    case 'condition':
      return [
        { id: 'yes', label: 'Yes' },
        { id: 'no', label: 'No' },
      ];
    case 'split_audience':
      return [...node.data.paths.map((p) => ({ id: p.id, label: p.label || p.id })), { id: 'else', label: 'Everyone else' }];
    case 'split_random':
      return [
        ...node.data.variants.map((v) => ({ id: v.id, label: `${v.label || v.id} ${v.percent}%` })),
        ...(node.data.controlPercent > 0 ? [{ id: 'control', label: `Control ${node.data.controlPercent}%` }] : []),
      ];
    case 'wait_event':
      return [
        { id: 'happened', label: 'Happened' },
        { id: 'timeout', label: 'Timed out' },
      ];
    case 'goal':
    case 'exit':
      return [];
    default:
      return [{ id: 'next', label: 'Next' }];
  }
}
