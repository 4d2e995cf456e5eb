import { z } from 'zod';
import { isValidTimeZone } from '../domain/time-zone';
import { deliveryRulesSchema, type DeliveryRules } from '../domain/delivery';
import { audienceMethods, countrySchema } from './audience-methods';
import { flowMethods } from './flow-methods';
import { providerMethods } from './provider-methods';
import { campaignMethods } from './campaign-methods';
import { schedulerMethods } from './scheduler-methods';
import { outboxMethods } from './outbox-methods';
import { journeyMethods } from './journey-methods';
import { analyticsMethods } from './analytics-methods';
import { trackingMethods } from './tracking-methods';
import { method } from './method';

/**
 * The engine's contract: every method named once, with the zod schema of its input and the type of
 * its output. The engine's dispatch validates against these schemas; the renderer's client and the
 * CLI are typed by them. Adding a method here without a handler in engine/app.ts fails the typecheck.
 */
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
}

const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'is not an IANA time zone name (for example Africa/Algiers)' });

export const methods = {
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
      unsubscribeUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    }),
    long: false,
    summary: 'Change workspace settings; returns them all.',
  }),
  'jobs/cancel': method<{ cancelled: boolean }>()({
    input: z.strictObject({ jobId: z.string().min(1).max(100) }),
    long: false,
    summary: 'Cancel a running long method; it undoes what it had written.',
  }),
  ...audienceMethods,
  ...flowMethods,
  ...schedulerMethods,
  ...journeyMethods,
  ...outboxMethods,
  ...campaignMethods,
  ...providerMethods,
  ...analyticsMethods,
  ...trackingMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Methods[M]['output']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
