import type { CustomerJourney } from '../../../shared/domain/delivery';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';

const STATE_WORDS: Record<CustomerJourney['state'], string> = { active: 'moving on', waiting: 'waiting', completed: 'completed', exited: 'left' };

/** The customer's journeys through flows, each step explained, and the messages they were sent. */
export function CustomerJourneys({ externalId }: { externalId: string }) {
  const journeys = useEngineRead('journeys/of-customer', { externalId }, ['messages', 'customers']).value?.journeys ?? null;
  const messages = useEngineRead('messages/list', { customerExternalId: externalId, limit: 50 }, ['messages', 'customers']).value?.rows ?? null;
  const timeZone = useTimeZone();

  return (
    <>
      <section aria-label="Journeys">
        <h3>Journeys ({journeys?.length ?? '…'})</h3>
        {journeys?.length === 0 && <p className="hint">Not in any flow yet.</p>}
        {journeys?.map((journey) => (
          <details key={journey.journeyId} open={journey.state === 'waiting' || journey.state === 'active'}>
            <summary>
              <strong>{journey.flow}</strong> v{journey.version}: {STATE_WORDS[journey.state]}
              {journey.wakeAt && ` until ${formatDateTime(journey.wakeAt, timeZone)}`}
            </summary>
            <ol className="timeline">
              {journey.log.map((entry, i) => (
                <li key={i}>
                  <span className="hint">{formatDateTime(entry.ts, timeZone)}</span> <strong>{entry.step}</strong>: {entry.detail}
                </li>
              ))}
            </ol>
          </details>
        ))}
      </section>
      <section aria-label="Messages">
        <h3>Messages ({messages?.length ?? '…'})</h3>
        <ol className="timeline">
          {messages?.map((m) => (
            <li key={m.id}>
              <span className="hint">{formatDateTime(m.attemptedAt ?? m.dueAt, timeZone)}</span> <strong>{m.channel}</strong> {m.status}
              {' · '}
              {m.flow ?? m.campaign ?? ''} {m.preview && `· ${m.preview}`} {m.lastError && <span className="hint">({m.lastError})</span>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
