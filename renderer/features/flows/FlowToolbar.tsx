import type { FlowDetail } from '../../../shared/domain/flow-summary';

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
  return (
    <div className="toolbar" role="toolbar" aria-label="Flow actions">
      <button type="button" onClick={actions.undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={actions.redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" onClick={actions.layout} title="Auto-layout (Alt+L)">
        Auto-layout
      </button>
      <button type="button" onClick={actions.save} disabled={!editable || busy || !dirty} title="Save the draft (Ctrl+S)">
        Save draft
      </button>
      <button type="button" className="primary" onClick={actions.publish} disabled={!editable || problems > 0} title={problems > 0 ? `Fix ${problems} problem(s) to publish` : 'Publish a new version'}>
        Publish…
      </button>
      <button
        type="button"
        onClick={actions.forecast}
        disabled={dirty || problems > 0 || (detail.status !== 'draft' && !detail.hasDraftChanges)}
        title={dirty ? 'Save the draft first' : problems > 0 ? `Fix ${problems} problem(s) first` : 'Run the draft for N days on a copy of the workspace, beside the current plan'}
      >
        Simulate on a copy…
      </button>
      {detail.status === 'live' && (
        <button type="button" onClick={() => actions.lifecycle('flows/pause')}>
          Pause
        </button>
      )}
      {detail.status === 'paused' && (
        <button type="button" onClick={() => actions.lifecycle('flows/resume')}>
          Resume
        </button>
      )}
      {editable && (
        <button type="button" onClick={() => actions.lifecycle('flows/archive')}>
          Archive
        </button>
      )}
      <button type="button" onClick={actions.exportFile}>
        Export
      </button>
      <button type="button" aria-pressed={panel === 'settings'} onClick={() => actions.showPanel(panel === 'settings' ? 'step' : 'settings')}>
        Flow settings
      </button>
      <button type="button" aria-pressed={panel === 'versions'} onClick={() => actions.showPanel(panel === 'versions' ? 'step' : 'versions')}>
        Versions ({detail.versions.length})
      </button>
    </div>
  );
}
