import type { FlowDetail } from '../../../shared/domain/flow-summary';
import { useT } from '../../i18n';

export type SidePanel = 'step' | 'settings' | 'versions';

export interface ToolbarActions {
  undo(): void;
  redo(): void;
  layout(): void;
  save(): void;
  publish(): void;
  forecast(): void;
  lifecycle(method: 'flows/pause' | 'flows/resume' | 'flows/archive'): void;
  exportFile(): void;
  showPanel(panel: SidePanel): void;
}

/** The flow's actions: history, layout, save and publish, its lifecycle, export, and the side panels. */
export function FlowToolbar(props: {
  detail: FlowDetail;
  editable: boolean;
  busy: boolean;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  problems: number;
  panel: SidePanel;
  actions: ToolbarActions;
}) {
  const { detail, editable, busy, dirty, canUndo, canRedo, problems, panel, actions } = props;
  const t = useT();
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <button type="button" onClick={actions.undo} disabled={!canUndo} title={t('toolbar.undoHint')}>
        {t('toolbar.undo')}
      </button>
      <button type="button" onClick={actions.redo} disabled={!canRedo} title={t('toolbar.redoHint')}>
        {t('toolbar.redo')}
      </button>
      <button type="button" onClick={actions.layout} title={t('toolbar.layoutHint')}>
        {t('toolbar.layout')}
      </button>
      <button type="button" onClick={actions.save} disabled={!editable || busy || !dirty} title={t('toolbar.saveHint')}>
        {t('toolbar.save')}
      </button>
      <button
        type="button"
        className="primary"
        onClick={actions.publish}
        disabled={!editable || problems > 0}
        title={problems > 0 ? t('toolbar.fixToPublish', { count: problems }) : t('toolbar.publishHint')}
      >
        {t('toolbar.publish')}
      </button>
      <button
        type="button"
        onClick={actions.forecast}
        disabled={dirty || problems > 0 || (detail.status !== 'draft' && !detail.hasDraftChanges)}
        title={dirty ? t('toolbar.saveFirst') : problems > 0 ? t('toolbar.fixFirst', { count: problems }) : t('toolbar.simulateHint')}
      >
        {t('toolbar.simulate')}
      </button>
      {detail.status === 'live' && (
        <button type="button" onClick={() => actions.lifecycle('flows/pause')}>
          {t('toolbar.pause')}
        </button>
      )}
      {detail.status === 'paused' && (
        <button type="button" onClick={() => actions.lifecycle('flows/resume')}>
          {t('toolbar.resume')}
        </button>
      )}
      {editable && (
        <button type="button" onClick={() => actions.lifecycle('flows/archive')}>
          {t('toolbar.archive')}
        </button>
      )}
      <button type="button" onClick={actions.exportFile}>
        {t('toolbar.export')}
      </button>
      <button type="button" aria-pressed={panel === 'settings'} onClick={() => actions.showPanel(panel === 'settings' ? 'step' : 'settings')}>
        {t('toolbar.settings')}
      </button>
      <button type="button" aria-pressed={panel === 'versions'} onClick={() => actions.showPanel(panel === 'versions' ? 'step' : 'versions')}>
        {t('toolbar.versions', { count: detail.versions.length })}
      </button>
    </div>
  );
}
