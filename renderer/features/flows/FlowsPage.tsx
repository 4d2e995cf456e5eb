import { EmptyState } from '../../app/EmptyState';
import { useNavigation } from '../../stores/navigation';

export function FlowsPage() {
  const go = useNavigation((s) => s.go);
  return (
    <>
      <h1>Flows</h1>
      <EmptyState
        title="No flows yet"
        actions={
          <button type="button" onClick={() => go('audience')}>
            Go to Audience
          </button>
        }
      >
        <p>
          A flow walks each customer from a trigger (an app install, an abandoned cart, 90 days without a visit) through
          waits, conditions and messages. Flows need an audience first: import your customers in Audience.
        </p>
      </EmptyState>
    </>
  );
}
