import { EmptyState } from '../../app/EmptyState';
import { useNavigation } from '../../stores/navigation';

export function ProvidersPage() {
  const go = useNavigation((s) => s.go);
  return (
    <>
      <h1>Providers</h1>
      <EmptyState
        title="No providers configured"
        actions={
          <button type="button" onClick={() => go('settings')}>
            Open Settings
          </button>
        }
      >
        <p>
          Providers are the services that deliver your messages: push (Firebase, OneSignal), email (SMTP, SendGrid,
          Mailgun, SES, Brevo), SMS (Twilio, Vonage), WhatsApp and webhooks. Their keys stay encrypted on this machine and
          never reach this window. Check the workspace time zone in Settings before you schedule anything.
        </p>
      </EmptyState>
    </>
  );
}
