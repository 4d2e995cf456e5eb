import { useState } from 'react';
import { useT } from '../../i18n';
import { channelLabel } from '../../choices';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { useConfirm } from '../../ui/Dialog';

/** Settings → Message templates: the library, where each template is used, and deleting one. */
export function MessageTemplatesPanel() {
  const templates = useEngineRead('templates/list', {}, ['flows', 'campaigns']).value?.templates ?? [];
  const [message, setMessage] = useState<string | null>(null);
  const timeZone = useTimeZone();
  const t = useT();
  const { confirm, dialog } = useConfirm();
  return (
    <section aria-labelledby="templates-heading">
      {dialog}
      <h2 id="templates-heading">{t('templatesPanel.heading')}</h2>
      <p className="hint">{t('templatesPanel.hint')}</p>
      {templates.length > 0 && (
        <table className="data" aria-label={t('templatesPanel.table')}>
          <thead>
            <tr>
              <th scope="col">{t('templatesPanel.template')}</th>
              <th scope="col">{t('templatesPanel.channel')}</th>
              <th scope="col">{t('templatesPanel.usedBy')}</th>
              <th scope="col">{t('templatesPanel.changed')}</th>
              <th scope="col">{t('templatesPanel.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr key={template.id}>
                <th scope="row">{template.name}</th>
                <td>{channelLabel(template.channel)}</td>
                <td>
                  {template.usedBy.length === 0
                    ? t('templatesPanel.notUsed')
                    : template.usedBy.map((u) => t(u.kind === 'flow' ? 'templatesPanel.flow' : 'templatesPanel.campaign', { name: u.name })).join(', ')}
                </td>
                <td>{formatDateTime(template.updatedAt, timeZone)}</td>
                <td>
                  <button
                    type="button"
                    onClick={async () =>
                      (await confirm(t('templatesPanel.confirmDelete', { name: template.name }))) &&
                      void engine.call('templates/delete', { id: template.id }).then(
                        () => setMessage(t('templatesPanel.deleted', { name: template.name })),
                        (e: Error) => setMessage(e.message),
                      )
                    }
                  >
                    {t('templatesPanel.delete')}
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
