import { useState } from 'react';
import { CHANNEL_LABELS } from '../../choices';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';

/** Settings → Message templates: the library, where each template is used, and deleting one. */
export function MessageTemplatesPanel() {
  const templates = useEngineRead('templates/list', {}, ['flows', 'campaigns']).value?.templates ?? [];
  const [message, setMessage] = useState<string | null>(null);
  const timeZone = useTimeZone();
  return (
    <section aria-labelledby="templates-heading">
      <h2 id="templates-heading">Message templates</h2>
      <p className="hint">Save a message as a template from a send step or a campaign (“Save as template…”), and start new ones from it. Messages started from a template keep their own copy.</p>
      {templates.length > 0 && (
        <table className="data" aria-label="Message templates">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Channel</th>
              <th scope="col">Used by</th>
              <th scope="col">Changed</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.name}</th>
                <td>{CHANNEL_LABELS[t.channel as keyof typeof CHANNEL_LABELS] ?? t.channel}</td>
                <td>{t.usedBy.length === 0 ? 'not used' : t.usedBy.map((u) => `${u.kind === 'flow' ? 'flow' : 'campaign'} “${u.name}”`).join(', ')}</td>
                <td>{formatDateTime(t.updatedAt, timeZone)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      window.confirm(`Delete the template “${t.name}”? Messages started from it keep their copy.`) &&
                      void engine.call('templates/delete', { id: t.id }).then(
                        () => setMessage(`“${t.name}” deleted.`),
                        (e: Error) => setMessage(e.message),
                      )
                    }
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
