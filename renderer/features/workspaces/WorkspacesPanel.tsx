import { useState, type FormEvent } from 'react';
import type { WorkspaceEntry } from '../../../shared/rpc/workspaces-methods';
import { engine } from '../../engine-client';
import { useWorkspaces } from '../../stores/workspaces';
import { DemoShopButton } from './DemoShopButton';

/** Settings → Workspaces: make, open, rename, duplicate and delete the data folder's workspaces; the demo and its reset. */
export function WorkspacesPanel() {
  const { list, load } = useWorkspaces();
  const [message, setMessage] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
    void run(() => engine.call('workspaces/rename', { id: entry.id, name }), `Renamed to “${name}”.`);
  };

  return (
    <section aria-labelledby="workspaces-heading">
      <h2 id="workspaces-heading">Workspaces</h2>
      <p className="hint">Each workspace is a database of its own in this data folder: customers, flows, campaigns, messages and settings never mix.</p>
      <table className="data">
        <caption className="visually-hidden">Workspaces of this data folder</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.workspaces.map((w) => (
            <tr key={w.id} aria-current={w.id === list.current ? 'true' : undefined}>
              <td>
                {renaming === w.id ? (
                  <form onSubmit={(event) => rename(w, event)} className="row">
                    <input dir="auto" name="name" aria-label={`New name for ${w.name}`} defaultValue={w.name} required maxLength={80} />
                    <button type="submit">Save</button>
                    <button type="button" onClick={() => setRenaming(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <>
                    {w.name}
                    {w.demo && ' (demo)'}
                    {w.id === list.current && <strong> (open)</strong>}
                  </>
                )}
              </td>
              <td className="row">
                {w.id !== list.current && (
                  <button type="button" disabled={busy} onClick={() => void run(() => engine.call('workspaces/open', { id: w.id }), '', true)}>
                    Open
                  </button>
                )}
                <button type="button" disabled={busy} onClick={() => setRenaming(w.id)}>
                  Rename
                </button>
                <button type="button" disabled={busy} onClick={() => void run(() => engine.call('workspaces/duplicate', { id: w.id, name: `${w.name} (copy)` }), `Copied as “${w.name} (copy)”.`)}>
                  Duplicate
                </button>
                {w.id !== list.current && w.id !== 'default' && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      window.confirm(`Delete “${w.name}” and everything in it? This cannot be undone.`) && void run(() => engine.call('workspaces/delete', { id: w.id }), `“${w.name}” deleted.`)
                    }
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} className="row">
        <label>
          New workspace <input dir="auto" name="name" required maxLength={80} placeholder="Clients Oran" />
        </label>
        <button type="submit" disabled={busy}>
          Create and open
        </button>
      </form>
      <h3>The demo shop</h3>
      <p className="hint">
        A believable Algerian online shop in a workspace of its own: customers with their consents and push tokens, a year of history, the seven reference flows live, on a virtual clock whose
        customers keep living as you advance it. Sends go to sandbox providers only.
      </p>
      <div className="row">
        <DemoShopButton />
        {current?.demo && (
          <button
            type="button"
            disabled={busy}
            onClick={() => window.confirm('Put the demo back as it was made (clock, customers, flows, messages)?') && void run(() => engine.start('demo/reset', {}, () => undefined).result, '', true)}
          >
            Reset the demo
          </button>
        )}
      </div>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
