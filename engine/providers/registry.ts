import { brevoProvider } from './brevo';
import { fcmProvider } from './fcm';
import { closeHttpPools } from './http';
import { mailgunProvider } from './mailgun';
import { oneSignalProvider } from './onesignal';
import type { ProviderAdapter } from './provider';
import type { ProviderKind } from '../../shared/domain/providers';
import { sandboxProvider } from './sandbox';
import { sendGridProvider } from './sendgrid';
import { sesProvider } from './ses';
import { smtpProvider } from './smtp';
import { twilioProvider } from './twilio';
import { vonageProvider } from './vonage';
import { webhookProvider } from './webhook';
import { whatsAppCloudProvider } from './whatsapp-cloud';

/** An adapter for every kind shared/domain/providers.ts names: a kind without one fails the typecheck. */
const adapters: Record<ProviderKind, ProviderAdapter> = {
  sandbox: sandboxProvider,
  webhook: webhookProvider,
  fcm: fcmProvider,
  onesignal: oneSignalProvider,
  smtp: smtpProvider,
  sendgrid: sendGridProvider,
  mailgun: mailgunProvider,
  ses: sesProvider,
  brevo: brevoProvider,
  twilio: twilioProvider,
  vonage: vonageProvider,
  whatsapp_cloud: whatsAppCloudProvider,
};

export function adapterFor(kind: string): ProviderAdapter | undefined {
  return Object.prototype.hasOwnProperty.call(adapters, kind) ? adapters[kind as ProviderKind] : undefined;
}

export async function closeAdapters(): Promise<void> {
  for (const adapter of Object.values(adapters)) await adapter.close?.();
  await closeHttpPools();
}
