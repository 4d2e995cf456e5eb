import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { TrackingKeySummary } from '../../../shared/rpc/tracking-methods';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { useWorkspace } from '../../stores/workspace';
import { useConfirm } from '../../ui/Dialog';

/**
 * Tracking keys: what a website or app puts in its calls to POST /track. Each can only record
 * events; the key is shown once, when made, and can be revoked at any time.
 */
export function TrackingKeysPanel() {
  const [keys, setKeys] = useState<TrackingKeySummary[]>([]);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const timeZone = useWorkspace((state) => state.settings?.timeZone ?? 'UTC');
  const t = useT();
  const { confirm, dialog } = useConfirm();

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
    if (!(await confirm(t('keys.confirmRevoke', { name: key.name })))) return;
    try {
      await engine.call('tracking/revoke-key', { id: key.id });
      read();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <section aria-labelledby="tracking-keys-heading">
      {dialog}
      <h2 id="tracking-keys-heading">{t('keys.heading')}</h2>
      <p className="hint">{t('keys.hint')}</p>
      <form className="row" onSubmit={(event) => void onCreate(event)}>
        <label>
          {t('keys.name')}
          <input dir="auto" name="name" required maxLength={100} placeholder={t('keys.namePlaceholder')} />
        </label>
        <button type="submit">{t('keys.create')}</button>
      </form>
      {created && (
        <div role="status">
          <p>{t('keys.shownOnce', { name: created.name })}</p>
          <label>
            {t('keys.newKey')}
            <input dir="auto" readOnly size={48} value={created.key} onFocus={(event) => event.currentTarget.select()} />
          </label>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            {t('keys.copy')}
          </button>
          <button type="button" onClick={() => setCreated(null)}>
            {t('keys.done')}
          </button>
        </div>
      )}
      {problem && <p role="alert">{problem}</p>}
      {keys.length === 0 ? (
        <p>{t('keys.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('keys.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('keys.colName')}</th>
              <th scope="col">{t('keys.startsWith')}</th>
              <th scope="col">{t('keys.created')}</th>
              <th scope="col">{t('keys.lastUsed')}</th>
              <th scope="col">{t('keys.state')}</th>
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
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, timeZone) : t('keys.never')}</td>
                <td>
                  {key.revokedAt ? (
                    t('keys.revoked', { time: formatDateTime(key.revokedAt, timeZone) })
                  ) : (
                    <button type="button" onClick={() => void revoke(key)} aria-label={t('keys.revokeName', { name: key.name })}>
                      {t('keys.revoke')}
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
