import { z } from 'zod';

/**
 * What the analytics views show, and how conversions are attributed to messages. A conversion is
 * the flow's (or campaign's) conversion event, by default a purchase, by the customer who got the
 * message, inside the window after the message's anchor:
 * - view-through: after the impression (the delivery, or the send when the provider reports none);
 * - click-through: after a click on the message;
 * - in-session: within 30 minutes of a click.
 * Counting "all" counts every such purchase for the message; "one per message" at most one.
 */
export const ATTRIBUTION_MODELS = ['view_through', 'click_through', 'in_session'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];
export const ATTRIBUTION_COUNTING = ['all', 'one_per_message'] as const;
export type AttributionCounting = (typeof ATTRIBUTION_COUNTING)[number];

export const MODEL_LABELS: Record<AttributionModel, string> = {
  view_through: 'View-through (after receipt)',
  click_through: 'Click-through (after a click)',
  in_session: 'In-session (30 min after a click)',
};

export const IN_SESSION_MINUTES = 30;

/** Events that count as a session for the gross conversion rate, unless the view is told others. */
export const SESSION_EVENTS = ['app_open', 'session_start', 'visit'];

/** Default windows when a campaign has none of its own (a flow's settings carry its window). */
export const CHANNEL_WINDOW_HOURS: Record<string, number> = { push: 24, email: 72, sms: 24, whatsapp: 24, in_app: 24, webhook: 24 };

export const attributionSchema = z.strictObject({
  model: z.enum(ATTRIBUTION_MODELS).default('view_through'),
  counting: z.enum(ATTRIBUTION_COUNTING).default('all'),
  /** Overrides the flow's or campaign's window (hours); absent: theirs, or the channel's default. */
  windowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .optional(),
});
export type Attribution = z.infer<typeof attributionSchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
/** Whole days in the workspace's time zone, both included. */
export const periodSchema = z.strictObject({ from: day, to: day }).refine((p) => p.from <= p.to, { message: 'the period must end on or after its start', path: ['to'] });
export type Period = z.infer<typeof periodSchema>;

/** YYYY-MM-DD of an instant in a zone. */
export function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last `days` days up to and including the day of `now`, in the zone. */
export function lastDays(now: number, timeZone: string, days: number): Period {
  const to = dayIn(now, timeZone);
  return { from: shiftDay(to, -(days - 1)), to };
}

export interface FunnelRow {
  /** The send step (a flow) or the campaign itself. */
  nodeId: string;
  label: string;
  channel: string;
  sent: number;
  impressions: number;
  opened: number;
  clicked: number;
  ctr: number | null;
  conversions: number;
  cvr: number | null;
  revenue: number;
}

export interface FunnelReport {
  scope: { kind: 'flow' | 'campaign'; id: number; name: string };
  period: Period;
  timeZone: string;
  attribution: { model: AttributionModel; counting: AttributionCounting; windowHours: number; event: string };
  rows: FunnelRow[];
  total: FunnelRow;
}

export interface FlowComparisonRow {
  flowId: number;
  name: string;
  sent: number;
  impressions: number;
  openedOrClicked: number;
  openClickRate: number | null;
  conversions: number;
  conversionRate: number | null;
  revenue: number;
}

export interface ChannelMonth {
  month: string;
  byChannel: Record<string, { conversions: number; share: number | null }>;
  total: number;
}

export interface CustomersMonth {
  month: string;
  newCustomers: number;
  reactivated: number;
}

export interface CommerceDay {
  day: string;
  gmv: number;
  orders: number;
  /** Session events that day (app opens, visits). */
  sessions: number;
  conversionRate: number | null;
  /** Change against the same day a year before and a month before. */
  gmvYoY: number | null;
  gmvMoM: number | null;
  ordersYoY: number | null;
  ordersMoM: number | null;
  conversionRateYoY: number | null;
  conversionRateMoM: number | null;
}

export interface ExperimentArm {
  variant: string;
  label: string;
  customers: number;
  conversions: number;
  rate: number | null;
  /** Against the control; null for the control itself. */
  uplift: number | null;
  pValue: number | null;
  probabilityToBeatControl: number | null;
}

export interface Experiment {
  flowId: number;
  flowName: string;
  nodeId: string;
  label: string;
  arms: ExperimentArm[];
  warning: string | null;
}
