import { EmptyState } from '../../app/EmptyState';
import { useNavigation } from '../../stores/navigation';

export function AnalyticsPage() {
  const go = useNavigation((s) => s.go);
  return (
    <>
      <h1>Analytics</h1>
      <EmptyState
        title="Nothing to chart yet"
        actions={
          <button type="button" onClick={() => go('flows')}>
            Go to Flows
          </button>
        }
      >
        <p>
          Impressions, clicks, conversions and sales appear here once flows and campaigns have sent messages. Everything
          is computed from this workspace's own data, offline.
        </p>
      </EmptyState>
    </>
  );
}
