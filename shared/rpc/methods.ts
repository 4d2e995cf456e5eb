import type { z } from 'zod';
import { workspaceMethods } from './workspace-methods';
import { audienceMethods } from './audience-methods';
import { flowMethods } from './flow-methods';
import { providerMethods } from './provider-methods';
import { campaignMethods } from './campaign-methods';
import { schedulerMethods } from './scheduler-methods';
import { outboxMethods } from './outbox-methods';
import { journeyMethods } from './journey-methods';
import { analyticsMethods } from './analytics-methods';
import { trackingMethods } from './tracking-methods';
import { workspacesMethods } from './workspaces-methods';
import { contentMethods } from './content-methods';
import { voucherMethods } from './voucher-methods';
import { productMethods } from './product-methods';
import { templateMethods } from './template-methods';

/**
 * The engine's contract: every method named once, with the zod schema of its input and the type of
 * its output. The engine's dispatch validates against these schemas; the renderer's client and the
 * CLI are typed by them. Each part lives in its own file beside the engine's handlers for it
 * (engine/<domain>/handlers.ts); a method without a handler fails the typecheck.
 */
export const methods = {
  ...workspaceMethods,
  ...audienceMethods,
  ...flowMethods,
  ...schedulerMethods,
  ...journeyMethods,
  ...outboxMethods,
  ...campaignMethods,
  ...providerMethods,
  ...analyticsMethods,
  ...trackingMethods,
  ...workspacesMethods,
  ...contentMethods,
  ...voucherMethods,
  ...productMethods,
  ...templateMethods,
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
