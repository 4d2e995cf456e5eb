import { useState } from 'react';
import { useT } from '../../i18n';
import { engine } from '../../engine-client';
import { currentWorkspace, useWorkspaces } from '../../stores/workspaces';

/** The open workspace, always named on screen, and the others a keystroke away. */
export function WorkspaceSwitcher({ fallback }: { fallback: string }) {
  const list = useWorkspaces((s) => s.list);
  const [error, setError] = useState<string | null>(null);
  const t = useT();
  const current = currentWorkspace(list);
  if (!list || !current) return <div className="sidebar-footer">{fallback}</div>;
  return (
    <div className="sidebar-footer workspace-switcher">
      <label>
        {t('workspace.label')}
        <select
          value={list.current}
          onChange={(event) => {
            setError(null);
            engine.call('workspaces/open', { id: event.target.value }).then(
              () => window.location.reload(),
              (e: Error) => setError(e.message),
            );
          }}
        >
          {list.workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
              {w.demo ? t('workspace.demoSuffix') : ''}
            </option>
          ))}
        </select>
      </label>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
