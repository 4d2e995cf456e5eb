import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { useMessageReason } from '../../i18n/words';
import { useTimeZone } from '../../stores/workspace';
import { useEscape } from '../../ui/use-escape';
import { channelLabel } from '../../choices';
import { Isolated } from '../audience/Isolated';

/**
 * One message as it was sent, opened from the outbox: its rendered content (an email's HTML in a
 * sandboxed frame: no scripts, no requests), the provider's answer, what happened since, and the
 * flow step that sent it.
 */
export function MessageDetailDrawer({ id, onClose }: { id: number; onClose(): void }) {
  const t = useT();
  const reason = useMessageReason();
  const timeZone = useTimeZone();
  const read = useEngineRead('messages/get', { id }, ['messages']);
  useEscape(onClose);
  const detail = read.value;
  const m = detail?.message;
  return (
    <aside className="drawer" role="dialog" aria-label={t('message.label', { id })}>
      <header>
        <h2>{t('message.label', { id })}</h2>
        <button type="button" onClick={onClose} aria-label={t('message.close')} autoFocus>
          ✕
        </button>
      </header>
      {read.error && <p role="alert">{read.error}</p>}
      {m && detail && (
        <>
          <dl>
            <dt>{t('outbox.status')}</dt>
            <dd>{t(`messageStatus.${m.status}`)}</dd>
            <dt>{t('campaigns.channel')}</dt>
            <dd>{channelLabel(m.channel)}</dd>
            <dt>{t('outbox.customer')}</dt>
            <dd>
              <Isolated text={m.customerExternalId} />
            </dd>
            <dt>{t('outbox.from')}</dt>
            <dd>{m.flow ?? m.campaign ?? '-'}</dd>
            <dt>{t('message.provider')}</dt>
            <dd>{m.provider ?? '-'}</dd>
            <dt>{t('message.times', { zone: timeZone })}</dt>
            <dd>{t('message.dueSent', { due: formatDateTime(m.dueAt, timeZone), sent: m.attemptedAt ? formatDateTime(m.attemptedAt, timeZone) : '-', attempts: m.attempts })}</dd>
            <dt>{t('message.providerId')}</dt>
            <dd>{m.providerMessageId ?? '-'}</dd>
            {m.lastError && (
              <>
                <dt>{t('message.reason')}</dt>
                <dd>
                  <Isolated text={reason(m)} />
                </dd>
              </>
            )}
            {detail.step && (
              <>
                <dt>{t('message.step')}</dt>
                <dd>{t('message.stepOf', { label: detail.step.label, flow: detail.step.flow, version: detail.step.version })}</dd>
              </>
            )}
          </dl>
          <section aria-label={t('message.content')}>
            <h3>{t('message.content')}</h3>
            {!detail.content && <p className="hint">{t('message.notRendered')}</p>}
            {detail.content?.subject && (
              <p dir="auto">
                <strong>{detail.content.subject}</strong>
              </p>
            )}
            {detail.content?.title && (
              <p dir="auto">
                <strong>{detail.content.title}</strong>
              </p>
            )}
            {detail.content?.body && (
              <p dir="auto" className="message-body">
                {detail.content.body}
              </p>
            )}
            {detail.content?.templateName && <p>{t('message.template', { name: detail.content.templateName, params: (detail.content.templateParams ?? []).join(', ') })}</p>}
            {detail.content?.link && <p className="hint">{t('message.link', { link: detail.content.link })}</p>}
            {detail.content?.html && <iframe title={t('message.html')} sandbox="" srcDoc={detail.content.html} className="email-frame" />}
          </section>
          <section aria-label={t('message.events')}>
            <h3>{t('message.events')}</h3>
            {detail.events.length === 0 ? (
              <p className="hint">{t('message.noEvents')}</p>
            ) : (
              <ol className="timeline">
                {detail.events.map((event, i) => (
                  <li key={i}>
                    <span className="hint">{formatDateTime(event.at, timeZone)}</span> {event.type}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </aside>
  );
}
