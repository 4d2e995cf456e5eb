import { UpcomingSection } from '../../app/UpcomingSection';

export function AnalyticsPage() {
  return (
    <UpcomingSection title="Analytics" emptyTitle="Nothing to chart yet" next={{ label: 'Go to Flows', section: 'flows' }}>
      Impressions, clicks, conversions and sales appear here once flows and campaigns have sent messages. Everything is
      computed from this workspace's own data, offline.
    </UpcomingSection>
  );
}
