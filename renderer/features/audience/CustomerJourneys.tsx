import type { CustomerJourney } from '../../../shared/domain/delivery';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { useT } from '../../i18n';
import { useJourneyLogText, useMessageReason } from '../../i18n/words';

const STATES: readonly CustomerJourney['state'][] = ['active', 'waiting', 'completed', 'exited'];

/** The customer's journeys through flows, each step explained, and the messages they were sent. */
export function CustomerJourneys({ externalId }: { externalId: string }) {
  const journeys = useEngineRead('journeys/of-customer', { externalId }, ['messages', 'customers']).value?.journeys ?? null;
  const messages = useEngineRead('messages/list', { customerExternalId: externalId, limit: 50 }, ['messages', 'customers']).value?.rows ?? null;
  const timeZone = useTimeZone();
  const t = useT();
  const logText = useJourneyLogText();
  const reason = useMessageReason();

  return (
    <>
      <section aria-label={t('journeys.label')}>
        <h3>{t('journeys.heading', { count: journeys?.length ?? '…' })}</h3>
        {journeys?.length === 0 && <p className="hint">{t('journeys.none')}</p>}
        {journeys?.map((journey) => (
          <details key={journey.journeyId} open={journey.state === 'waiting' || journey.state === 'active'}>
            <summary>
              <strong>{journey.flow}</strong> {`v${journey.version}`}: {STATES.includes(journey.state) ? t(`journeys.state.${journey.state}`) : journey.state}
              {journey.wakeAt && t('journeys.until', { time: formatDateTime(journey.wakeAt, timeZone) })}
            </summary>
            <ol className="timeline">
              {journey.log.map((entry, i) => (
                <li key={i}>
                  <span className="hint">{formatDateTime(entry.ts, timeZone)}</span> <strong>{entry.step}</strong>: {logText(entry)}
                </li>
              ))}
            </ol>
          </details>
        ))}
      </section>
      <section aria-label={t('journeys.messages')}>
        <h3>{t('journeys.messagesHeading', { count: messages?.length ?? '…' })}</h3>
        <ol className="timeline">
          {messages?.map((m) => (
            <li key={m.id}>
              <span className="hint">{formatDateTime(m.attemptedAt ?? m.dueAt, timeZone)}</span> <strong>{m.channel}</strong> {t(`messageStatus.${m.status}`)}
              {' · '}
              {m.flow ?? m.campaign ?? ''} {m.preview && `· ${m.preview}`} {m.lastError && <span className="hint">({reason(m)})</span>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
