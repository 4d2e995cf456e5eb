import { z } from 'zod';
import { isValidTimeZone } from '../domain/time-zone';
import { deliveryRulesSchema, type DeliveryRules } from '../domain/delivery';
import { countrySchema } from './audience-methods';
import { method } from './method';

/** The workspace itself: what is open, its settings, and cancelling a long job. */
const noInput = z.strictObject({});

export interface AppInfo {
  appVersion: string;
  dataFile: string;
  schemaVersion: string;
  migrationsApplied: number;
  timeZone: string;
}

export interface WorkspaceSettings {
  timeZone: string;
  defaultPhoneCountry: string;
  /** Quiet hours, frequency caps and the message deadline, checked when each message goes. */
  delivery: DeliveryRules;
  /** Where {{ unsubscribe_url }} points; the message's key is added as ?m=... */
  unsubscribeUrl: string;
  /**
   * A demo workspace (`demo create`): its people are made up, but their phone numbers could be real
   * ones, so it sends through sandbox providers only.
   */
  demo: boolean;
  /**
   * Under a virtual clock, the customers live as it advances (engine/demo/population.ts): they come,
   * browse, buy, lapse and answer messages. On by default in the demo; a sandbox workspace can turn it on.
   */
  simulatedCustomers: boolean;
  /** The simulation's seed: the same seed and the same steps give the same events. */
  simulationSeed: number;
  /** The shop's currency (ISO 4217): amounts are shown in it. */
  currency: string;
}

const timeZoneSchema = z.string().refine(isValidTimeZone, { message: 'is not an IANA time zone name (for example Africa/Algiers)' });

export const workspaceMethods = {
  'app/info': method<AppInfo>()({
    input: noInput,
    long: false,
    summary: 'Version, data file and schema of the open workspace.',
  }),
  'settings/get': method<WorkspaceSettings>()({
    input: noInput,
    long: false,
    summary: 'Workspace settings.',
  }),
  'settings/update': method<WorkspaceSettings>()({
    input: z.strictObject({
      timeZone: timeZoneSchema.optional(),
      defaultPhoneCountry: countrySchema.optional(),
      delivery: deliveryRulesSchema.optional(),
      unsubscribeUrl: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .optional(),
      /** true marks a demo; false is ignored, as settings read and sent back carry it: a demo stays a demo. */
      demo: z.boolean().optional(),
      simulatedCustomers: z.boolean().optional(),
      simulationSeed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .optional(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'is a currency code of three capital letters (DZD, EUR, USD)')
        .optional(),
    }),
    long: false,
    summary: 'Change workspace settings; returns them all.',
  }),
  'jobs/cancel': method<{ cancelled: boolean }>()({
    input: z.strictObject({ jobId: z.string().min(1).max(100) }),
    long: false,
    summary: 'Cancel a running long method; it undoes what it had written.',
  }),
} as const;
