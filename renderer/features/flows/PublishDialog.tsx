import type { FlowDetail } from '../../../shared/domain/flow-summary';

/** Publishing a new version: what happens to customers already inside the live one. */
export function PublishDialog(props: { detail: FlowDetail; entrants: 'stay' | 'move'; onEntrants(value: 'stay' | 'move'): void; onPublish(): void; onCancel(): void }) {
  const { detail, entrants, onEntrants, onPublish, onCancel } = props;
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="publish-title" className="dialog">
      <h2 id="publish-title">Publish version {(detail.versions[0]?.version ?? 0) + 1}</h2>
      {detail.version !== null ? (
        <fieldset>
          <legend>Customers already in version {detail.version}</legend>
          <label>
            <input type="radio" name="entrants" checked={entrants === 'stay'} onChange={() => onEntrants('stay')} /> stay on version {detail.version} until they leave (recommended)
          </label>
          <label>
            <input type="radio" name="entrants" checked={entrants === 'move'} onChange={() => onEntrants('move')} /> move to the new version at the step with the same id
          </label>
        </fieldset>
      ) : (
        <p>Customers start entering as soon as the trigger fires.</p>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={onPublish}>
          Publish now
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
