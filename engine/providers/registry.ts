import { brevoProvider } from './brevo';
import { fcmProvider } from './fcm';
import { closeHttpPools } from './http';
import { mailgunProvider } from './mailgun';
import { oneSignalProvider } from './onesignal';
import type { ProviderAdapter } from './provider';
import { sandboxProvider } from './sandbox';
import { sendGridProvider } from './sendgrid';
import { sesProvider } from './ses';
import { smtpProvider } from './smtp';
import { twilioProvider } from './twilio';
import { vonageProvider } from './vonage';
import { webhookProvider } from './webhook';
import { whatsAppCloudProvider } from './whatsapp-cloud';

/** Provider kinds by name (the same names as shared/domain/providers.ts lists). */
const adapters = new Map<string, ProviderAdapter>(
  [
    sandboxProvider,
    webhookProvider,
    fcmProvider,
    oneSignalProvider,
    smtpProvider,
    sendGridProvider,
    mailgunProvider,
    sesProvider,
    brevoProvider,
    twilioProvider,
    vonageProvider,
    whatsAppCloudProvider,
  ].map((adapter) => [adapter.kind, adapter]),
);

export function adapterFor(kind: string): ProviderAdapter | undefined {
  return adapters.get(kind);
}

export async function closeAdapters(): Promise<void> {
  for (const adapter of adapters.values()) await adapter.close?.();
  await closeHttpPools();
}
