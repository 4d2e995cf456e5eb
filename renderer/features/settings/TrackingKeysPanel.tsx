import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { TrackingKeySummary } from '../../../shared/rpc/tracking-methods';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useWorkspace } from '../../stores/workspace';

/**
 * Tracking keys: what a website or app puts in its calls to POST /track. Each can only record
 * events; the key is shown once, when made, and can be revoked at any time.
 */
export function TrackingKeysPanel() {
  const [keys, setKeys] = useState<TrackingKeySummary[]>([]);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const timeZone = useWorkspace((state) => state.settings?.timeZone ?? 'UTC');

  const read = useCallback(() => {
    engine
      .call('tracking/keys', {})
      .then((answer) => setKeys(answer.keys))
      .catch((error: unknown) => setProblem((error as Error).message));
  }, []);
  useEffect(read, [read]);

  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    try {
      const made = await engine.call('tracking/create-key', { name });
      setCreated({ name: made.name, key: made.key });
      setProblem(null);
      form.reset();
      read();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const revoke = async (key: TrackingKeySummary) => {
    if (!window.confirm(`Revoke "${key.name}"? Events sent with it will be refused from now on.`)) return;
    try {
      await engine.call('tracking/revoke-key', { id: key.id });
      read();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <section aria-labelledby="tracking-keys-heading">
      <h2 id="tracking-keys-heading">Tracking keys</h2>
      <p className="hint">
        A website or app records events with POST /track and one of these keys (Authorization: Bearer &lt;key&gt;). A key can record events and nothing else: it cannot read customers or change
        settings.
      </p>
      <form className="row" onSubmit={(event) => void onCreate(event)}>
        <label>
          Key name
          <input dir="auto" name="name" required maxLength={100} placeholder="Shop website" />
        </label>
        <button type="submit">Create a key</button>
      </form>
      {created && (
        <div role="status">
          <p>The key for "{created.name}" is shown only now: copy it into your site or app.</p>
          <label>
            New tracking key
            <input dir="auto" readOnly size={48} value={created.key} onFocus={(event) => event.currentTarget.select()} />
          </label>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            Copy
          </button>
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      {problem && <p role="alert">{problem}</p>}
      {keys.length === 0 ? (
        <p>No tracking keys yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Tracking keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{formatDateTime(key.createdAt, timeZone)}</td>
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, timeZone) : 'never'}</td>
                <td>
                  {key.revokedAt ? (
                    `revoked ${formatDateTime(key.revokedAt, timeZone)}`
                  ) : (
                    <button type="button" onClick={() => void revoke(key)} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
