import type { FlowIssue } from '../../../shared/domain/flow-validation';
import { useT } from '../../i18n';
import { useIssueText } from '../../i18n/words';

/**
 * What stops the flow from being published, each problem a button to the step it is about; with
 * none, whether there is anything left to publish (`published`: the version running unchanged).
 */
export function ProblemList({ issues, onFocus, published }: { issues: FlowIssue[]; onFocus(nodeId: string): void; published: number | null }) {
  const t = useT();
  const issueText = useIssueText();
  return (
    <section aria-labelledby="issues-title" className="issues">
      <h2 id="issues-title">{issues.length > 0 ? t('problems.toFix', { count: issues.length }) : published !== null ? t('problems.published', { version: published }) : t('problems.ready')}</h2>
      <ul aria-label={t('problems.label')}>
        {issues.map((issue, i) => (
          <li key={i}>
            {issue.nodeId ? (
              <button type="button" className="link" onClick={() => onFocus(issue.nodeId!)}>
                {issueText(issue)}
              </button>
            ) : (
              <span>{issueText(issue)}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
