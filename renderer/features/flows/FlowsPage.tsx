import { UpcomingSection } from '../../app/UpcomingSection';

export function FlowsPage() {
  return (
    <UpcomingSection title="Flows" emptyTitle="No flows yet" next={{ label: 'Go to Audience', section: 'audience' }}>
      A flow walks each customer from a trigger (an app install, an abandoned cart, 90 days without a visit) through
      waits, conditions and messages. Flows need an audience first: import your customers in Audience.
    </UpcomingSection>
  );
}
