import { EmptyState } from '../../app/EmptyState';
import { useNavigation } from '../../stores/navigation';

export function CampaignsPage() {
  const go = useNavigation((s) => s.go);
  return (
    <>
      <h1>Campaigns</h1>
      <EmptyState
        title="No campaigns yet"
        actions={
          <button type="button" onClick={() => go('audience')}>
            Go to Audience
          </button>
        }
      >
        <p>
          A campaign sends one message to a segment, now, at a date or on a schedule, in the campaign's time zone or each
          customer's. It needs customers to send to and a provider to send through: start in Audience.
        </p>
      </EmptyState>
    </>
  );
}
