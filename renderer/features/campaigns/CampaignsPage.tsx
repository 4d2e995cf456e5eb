import { UpcomingSection } from '../../app/UpcomingSection';

export function CampaignsPage() {
  return (
    <UpcomingSection title="Campaigns" emptyTitle="No campaigns yet" next={{ label: 'Go to Audience', section: 'audience' }}>
      A campaign sends one message to a segment, now, at a date or on a schedule, in the campaign's time zone or each
      customer's. It needs customers to send to and a provider to send through: start in Audience.
    </UpcomingSection>
  );
}
