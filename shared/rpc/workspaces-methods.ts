import { z } from 'zod';
import { method } from './method';

/**
 * The workspaces of one data folder, the demo shop, and forecasts on a copy. The host that serves
 * the folder answers these (engine/workspaces/workspace-host.ts: web mode, the desktop app); an
 * engine opened on one workspace alone refuses them.
 */
export interface WorkspaceEntry {
  id: string;
  name: string;
  /** A demo shop: made-up customers, sandbox providers only, can be reset to its first state. */
  demo: boolean;
}

export interface WorkspaceList {
  current: string;
  workspaces: WorkspaceEntry[];
  /** When the open workspace was opened (or reset): a window that sees it change reads everything again. */
  openedAt?: string;
}

export interface ForecastChannelDay {
  day: string;
  push: number;
  email: number;
  sms: number;
  whatsapp: number;
  other: number;
}

export interface ForecastPlan {
  /** Customers who entered the forecast flow, or were sent the forecast campaign (0 in the current plan). */
  entrants: number;
  messages: number;
  messagesPerDay: ForecastChannelDay[];
  conversions: number;
  revenue: number;
  /** Customers who had a message dropped by a frequency cap or held by quiet hours. */
  cappedOrHeld: number;
  /** Customers who got messages from two flows or campaigns on the same day. */
  overlap: number;
}

export interface Forecast {
  subject: { kind: 'flow' | 'campaign'; id: number; name: string };
  days: number;
  from: string;
  to: string;
  /** Where the simulated behaviour came from: the demo's own model, or fitted from the workspace's history. */
  population: 'demo' | 'fitted';
  withDraft: ForecastPlan;
  currentPlan: ForecastPlan;
  /** Set when the copy with the draft was kept as a workspace of its own. */
  keptAs: WorkspaceEntry | null;
}

const nameSchema = z.string().trim().min(1, 'A workspace needs a name.').max(80);
const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'is not a workspace id')
  .max(63);

export const workspacesMethods = {
  'workspaces/list': method<WorkspaceList>()({
    input: z.strictObject({}),
    long: false,
    summary: 'The workspaces of this data folder, and which one is open.',
  }),
  'workspaces/create': method<WorkspaceEntry>()({
    input: z.strictObject({ name: nameSchema, open: z.boolean().default(true) }),
    long: false,
    summary: 'A new empty workspace (opened unless open is false).',
  }),
  'workspaces/open': method<WorkspaceList>()({
    /** By id or by name. */
    input: z.strictObject({ id: z.string().trim().min(1).max(80) }),
    long: false,
    summary: 'Close the open workspace and open another.',
  }),
  'workspaces/rename': method<WorkspaceEntry>()({
    input: z.strictObject({ id: idSchema, name: nameSchema }),
    long: false,
    summary: 'Rename a workspace.',
  }),
  'workspaces/duplicate': method<WorkspaceEntry>()({
    input: z.strictObject({ id: idSchema, name: nameSchema }),
    long: true,
    summary: "A copy of a workspace (SQLite's online backup, safe while it runs).",
  }),
  'workspaces/delete': method<{ deleted: string }>()({
    input: z.strictObject({ id: idSchema }),
    long: false,
    summary: 'Delete a workspace and its files (not the open one).',
  }),
  'demo/create': method<WorkspaceEntry & { customers: number; events: number }>()({
    input: z.strictObject({
      customers: z.number().int().min(10).max(2_000_000).default(100_000),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(1),
      start: z.iso.datetime({ offset: true }).optional(),
    }),
    long: true,
    summary: 'Make the demo shop in a workspace of its own and open it.',
  }),
  'demo/reset': method<WorkspaceList>()({
    input: z.strictObject({}),
    long: true,
    summary: 'Put the open demo workspace back to its first state (clock, customers, flows).',
  }),
  'forecast/run': method<Forecast>()({
    input: z.union([
      z.strictObject({ flowId: z.number().int().positive(), days: z.number().int().min(1).max(365).default(30), keep: z.boolean().default(false) }),
      z.strictObject({ campaignId: z.number().int().positive(), days: z.number().int().min(1).max(365).default(30), keep: z.boolean().default(false) }),
    ]),
    long: true,
    summary: 'Simulate a draft flow (published there) or a draft campaign (launched there) on a copy of the workspace for N days, beside the current plan; the workspace itself is not touched.',
  }),
} as const;
