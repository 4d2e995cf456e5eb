import { useCallback, useEffect, useState } from 'react';
import { MESSAGE_STATUSES, type MessageRow, type MessageStatus } from '../../../shared/domain/delivery';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';

/**
 * Every message, newest first, with why it was held, dropped or failed. Messages of unknown fate
 * (the app stopped while the provider was being called, and the provider cannot be asked) wait
 * here for the user to say what to do.
 */
export function OutboxPanel() {
  const [status, setStatus] = useState<MessageStatus | ''>('');
  const [rows, setRows] = useState<MessageRow[] | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const timeZone = useTimeZone();

  const load = useCallback(() => {
    engine.call('messages/list', { limit: 200, ...(status ? { status } : {}) }).then((value) => setRows(value.rows), (e: Error) => setMessage(e.message));
  }, [status]);
  useEffect(() => {
    load();
    return engine.onEvent((event) => {
      if (event.type === 'data/changed' && (event.topic === 'messages' || event.topic === 'campaigns')) load();
    });
  }, [load]);

  const resolve = async (action: 'resend' | 'mark_sent' | 'mark_failed') => {
    try {
      const { updated } = await engine.call('messages/resolve', { ids: [...chosen], action });
      setMessage(`${updated} message(s) updated.`);
      setChosen(new Set());
      load();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <section aria-label="Outbox">
      <div className="row">
        <label>
          Status
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as MessageStatus | '')}>
            <option value="">all</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={load}>
          Refresh
        </button>
        {chosen.size > 0 && (
          <>
            <span>{chosen.size} chosen:</span>
            <button type="button" onClick={() => void resolve('resend')}>
              Send again
            </button>
            <button type="button" onClick={() => void resolve('mark_sent')}>
              It was delivered
            </button>
            <button type="button" onClick={() => void resolve('mark_failed')}>
              It was not delivered
            </button>
          </>
        )}
      </div>
      {message && <p role="status">{message}</p>}
      {rows?.length === 0 && <p className="hint">No messages{status ? ` ${status}` : ''} yet.</p>}
      {rows && rows.length > 0 && (
        <table className="data">
          <caption>Messages, newest first (times in {timeZone})</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Due / sent</th>
              <th scope="col">Customer</th>
              <th scope="col">Channel</th>
              <th scope="col">From</th>
              <th scope="col">Status</th>
              <th scope="col">Message, or why not</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.status === 'unknown' ? (
                    <label>
                      <input
                        type="checkbox"
                        aria-label={`Choose message ${m.id}`}
                        checked={chosen.has(m.id)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(m.id);
                          else next.delete(m.id);
                          setChosen(next);
                        }}
                      />{' '}
                      {m.id}
                    </label>
                  ) : (
                    m.id
                  )}
                </td>
                <td>{formatDateTime(m.attemptedAt ?? m.dueAt, timeZone)}</td>
                <td>{m.customerExternalId}</td>
                <td>{m.channel}</td>
                <td>{m.flow ?? m.campaign ?? '-'}</td>
                <td>{m.status}</td>
                <td>{m.lastError ?? m.preview}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
