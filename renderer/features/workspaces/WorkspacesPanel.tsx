import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import type { WorkspaceEntry } from '../../../shared/rpc/workspaces-methods';
import { engine } from '../../engine-client';
import { useWorkspaces } from '../../stores/workspaces';
import { DemoShopButton } from './DemoShopButton';
import { useConfirm } from '../../ui/Dialog';

/** Settings → Workspaces: make, open, rename, duplicate and delete the data folder's workspaces; the demo and its reset. */
export function WorkspacesPanel() {
  const { list, load } = useWorkspaces();
  const [message, setMessage] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useT();
  const { confirm, dialog } = useConfirm();
  if (!list) return null;
  const current = list.workspaces.find((w) => w.id === list.current);

  const run = async (work: () => Promise<unknown>, done: string, reload = false) => {
    setMessage(null);
    setBusy(true);
    try {
      await work();
      if (reload) window.location.reload();
      else {
        await load();
        setMessage(done);
      }
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    void run(() => engine.call('workspaces/create', { name, open: true }), '', true);
  };
  const rename = (entry: WorkspaceEntry, event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    setRenaming(null);
    void run(() => engine.call('workspaces/rename', { id: entry.id, name }), t('workspaces.renamed', { name }));
  };

  return (
    <section aria-labelledby="workspaces-heading">
      {dialog}
      <h2 id="workspaces-heading">{t('workspaces.heading')}</h2>
      <p className="hint">{t('workspaces.hint')}</p>
      <table className="data">
        <caption className="visually-hidden">{t('workspaces.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workspaces.name')}</th>
            <th scope="col">{t('workspaces.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.workspaces.map((w) => (
            <tr key={w.id} aria-current={w.id === list.current ? 'true' : undefined}>
              <td>
                {renaming === w.id ? (
                  <form onSubmit={(event) => rename(w, event)} className="row">
                    <input dir="auto" name="name" aria-label={t('workspaces.newName', { name: w.name })} defaultValue={w.name} required maxLength={80} />
                    <button type="submit">{t('workspaces.save')}</button>
                    <button type="button" onClick={() => setRenaming(null)}>
                      {t('workspaces.cancel')}
                    </button>
                  </form>
                ) : (
                  <>
                    {w.name}
                    {w.demo && t('workspace.demoSuffix')}
                    {w.id === list.current && <strong>{t('workspaces.opened')}</strong>}
                  </>
                )}
              </td>
              <td className="row">
                {w.id !== list.current && (
                  <button type="button" disabled={busy} onClick={() => void run(() => engine.call('workspaces/open', { id: w.id }), '', true)}>
                    {t('workspaces.open')}
                  </button>
                )}
                <button type="button" disabled={busy} onClick={() => setRenaming(w.id)}>
                  {t('workspaces.rename')}
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    const name = t('workspaces.copyName', { name: w.name });
                    void run(() => engine.call('workspaces/duplicate', { id: w.id, name }), t('workspaces.copied', { name }));
                  }}
                >
                  {t('workspaces.duplicate')}
                </button>
                {w.id !== list.current && w.id !== 'default' && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={async () =>
                      (await confirm(t('workspaces.confirmDelete', { name: w.name }))) && void run(() => engine.call('workspaces/delete', { id: w.id }), t('workspaces.deleted', { name: w.name }))
                    }
                  >
                    {t('workspaces.delete')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} className="row">
        <label>
          {t('workspaces.new')} <input dir="auto" name="name" required maxLength={80} placeholder="Clients Oran" />
        </label>
        <button type="submit" disabled={busy}>
          {t('workspaces.create')}
        </button>
      </form>
      <h3>{t('workspaces.demoHeading')}</h3>
      <p className="hint">{t('workspaces.demoHint')}</p>
      <div className="row">
        <DemoShopButton />
        {current?.demo && (
          <button type="button" disabled={busy} onClick={async () => (await confirm(t('workspaces.confirmReset'))) && void run(() => engine.start('demo/reset', {}, () => undefined).result, '', true)}>
            {t('workspaces.reset')}
          </button>
        )}
      </div>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
