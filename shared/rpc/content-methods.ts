import { z } from 'zod';
import { FLOW_CHANNELS, sendDataSchema } from '../domain/flow';
import type { ContentLanguage } from '../domain/message-variants';
import type { SmsEncoding } from '../domain/message-preview';
import { method } from './method';

/** A message as a customer will see it, per language variant, rendered by the engine's own Liquid scope. */
export interface PreviewVariant {
  language: 'default' | ContentLanguage;
  /** The variant this customer gets (their language's, else the default). */
  forCustomer: boolean;
  rendered: { title: string; subject: string; body: string; html: string; link: string; templateName: string; templateParams: string[] } | null;
  /** Why it cannot be rendered (a broken placeholder, a refused tag): the message would fail with it. */
  error: string | null;
  sms: SmsEncoding | null;
  push: { android: { title: string; body: string; cut: boolean }; ios: { title: string; body: string; cut: boolean } } | null;
  email: { subject: string; html: string | null; text: string } | null;
  warnings: string[];
}

export interface MessagePreview {
  channel: string;
  /** SMS providers with a price per segment (Providers): each variant costs its segments times it. */
  smsPrices: { provider: string; perSegment: number; currency: string }[];
  /** Whom it was rendered for; `sample` when the workspace has nobody to show it to. */
  customer: { externalId: string; name: string; language: string | null; sample: boolean };
  variants: PreviewVariant[];
}

export const contentMethods = {
  'content/preview': method<MessagePreview>()({
    input: z.strictObject({
      target: z.union([
        z.strictObject({ kind: z.literal('content'), channel: z.enum(FLOW_CHANNELS), content: sendDataSchema }),
        z.strictObject({ kind: z.literal('campaign'), campaignId: z.number().int().positive() }),
        z.strictObject({ kind: z.literal('flow'), flowId: z.number().int().positive(), nodeId: z.string().min(1).max(64) }),
      ]),
      /** The customer to render for (external id); absent: the workspace's first customer, or a sample one. */
      customer: z.string().trim().min(1).max(200).optional(),
    }),
    long: false,
    summary: 'A message rendered for a customer, per language variant, with SMS encoding and segments, push cuts and warnings.',
  }),
} as const;
