import type { FlowIssue } from '../../../shared/domain/flow-validation';

/** What stops the flow from being published, each problem a button to the step it is about. */
export function ProblemList({ issues, onFocus }: { issues: FlowIssue[]; onFocus(nodeId: string): void }) {
  return (
    <section aria-labelledby="issues-title" className="issues">
      <h2 id="issues-title">{issues.length === 0 ? 'Ready to publish' : `${issues.length} problem${issues.length === 1 ? '' : 's'} to fix`}</h2>
      <ul aria-label="Problems">
        {issues.map((issue, i) => (
          <li key={i}>
            {issue.nodeId ? (
              <button type="button" className="link" onClick={() => onFocus(issue.nodeId!)}>
                {issue.message}
              </button>
            ) : (
              <span>{issue.message}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
