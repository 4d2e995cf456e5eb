import { UpcomingSection } from '../../app/UpcomingSection';

export function ProvidersPage() {
  return (
    <UpcomingSection title="Providers" emptyTitle="No providers configured" next={{ label: 'Open Settings', section: 'settings' }}>
      Providers are the services that deliver your messages: push (Firebase, OneSignal), email (SMTP, SendGrid, Mailgun,
      SES, Brevo), SMS (Twilio, Vonage), WhatsApp and webhooks. Their keys stay encrypted on this machine and never reach
      this window. Check the workspace time zone in Settings before you schedule anything.
    </UpcomingSection>
  );
}
