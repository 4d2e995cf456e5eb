import type { FlowDetail } from '../../../shared/domain/flow-summary';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';

/** Publishing a new version: what happens to customers already inside the live one. */
export function PublishDialog(props: { detail: FlowDetail; entrants: 'stay' | 'move'; onEntrants(value: 'stay' | 'move'): void; onPublish(): void; onCancel(): void }) {
  const { detail, entrants, onEntrants, onPublish, onCancel } = props;
  const t = useT();
  return (
    <Dialog labelledBy="publish-title" onClose={onCancel}>
      <h2 id="publish-title">{t('publish.title', { version: (detail.versions[0]?.version ?? 0) + 1 })}</h2>
      {detail.version !== null ? (
        <fieldset>
          <legend>{t('publish.already', { version: detail.version })}</legend>
          <label>
            <input type="radio" name="entrants" checked={entrants === 'stay'} onChange={() => onEntrants('stay')} /> {t('publish.stay', { version: detail.version })}
          </label>
          <label>
            <input type="radio" name="entrants" checked={entrants === 'move'} onChange={() => onEntrants('move')} /> {t('publish.move')}
          </label>
        </fieldset>
      ) : (
        <p>{t('publish.first')}</p>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={onPublish}>
          {t('publish.now')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('publish.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
