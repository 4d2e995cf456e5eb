import { useEffect, useRef, useState } from 'react';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { engine } from '../../engine-client';
import { formatDate, formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { CustomerJourneys } from './CustomerJourneys';
import { DoAnEvent } from './DoAnEvent';
import { Isolated } from './Isolated';
import { withoutBidiControls } from '../../../shared/domain/display-text';

export function CustomerDrawer({ externalId, onClose }: { externalId: string; onClose(): void }) {
  const customerRead = useEngineRead('customers/get', { externalId });
  const customer = customerRead.value;
  const events = useEngineRead('customers/events', { externalId, limit: 50 }, ['customers']).value;
  const segments = useEngineRead('customers/segments', { externalId }).value?.segments ?? null;
  const [confirmErase, setConfirmErase] = useState(false);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? customerRead.error;
  const timeZone = useTimeZone();
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeButton.current?.focus();
  }, [externalId]);

  const name = customer ? withoutBidiControls([customer.firstName, customer.lastName].filter(Boolean).join(' ')) : '';
  return (
    <aside className="drawer" role="dialog" aria-label={`Customer ${externalId}`} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <header>
        <h2>
          <Isolated text={name || externalId} />
        </h2>
        <button ref={closeButton} type="button" onClick={onClose} aria-label="Close customer">
          ✕
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {customer && (
        <dl>
          <dt>External id</dt>
          <dd>
            <Isolated text={customer.externalId} />
          </dd>
          <dt>Email</dt>
          <dd>{customer.email ? <Isolated text={customer.email} /> : '-'}</dd>
          <dt>Phone</dt>
          <dd>{customer.phone ?? '-'}</dd>
          <dt>City</dt>
          <dd>{customer.city ? <Isolated text={customer.city} /> : '-'}</dd>
          <dt>Language</dt>
          <dd>{customer.language ?? '-'}</dd>
          <dt>Customer's time zone</dt>
          <dd>{customer.timeZone ?? '-'}</dd>
          <dt>Signed up ({timeZone})</dt>
          <dd>{formatDate(customer.signupAt, timeZone) || '-'}</dd>
          <dt>Consent</dt>
          <dd>
            {Object.entries(customer.consent)
              .map(([channel, value]) => `${channel}: ${value === null ? 'not asked' : value ? 'yes' : 'no'}`)
              .join(' · ')}
          </dd>
          <dt>Score</dt>
          <dd>{customer.score}</dd>
          {Object.entries(customer.attributes).map(([key, value]) => (
            <div key={key} className="attribute">
              <dt>
                <Isolated text={key} />
              </dt>
              <dd>
                <Isolated text={String(value)} />
              </dd>
            </div>
          ))}
          <dt>Added</dt>
          <dd>{formatDateTime(customer.createdAt, timeZone)}</dd>
          <dt>Updated</dt>
          <dd>{formatDateTime(customer.updatedAt, timeZone)}</dd>
          <dt>Segments</dt>
          <dd data-testid="customer-segments">{segments === null ? '…' : segments.length === 0 ? 'none' : segments.map((s) => s.name).join(', ')}</dd>
        </dl>
      )}
      {events && (
        <section aria-label="Event timeline">
          <h3>
            Events ({events.total}
            {events.total > events.events.length ? `, newest ${events.events.length}` : ''})
          </h3>
          <ol className="timeline">
            {events.events.map((event, i) => (
              <li key={i}>
                <span className="hint">{formatDateTime(event.time, timeZone)}</span> <strong>{event.name}</strong>{' '}
                {Object.entries(event.properties)
                  .map(([key, value]) => `${key}: ${String(value)}`)
                  .join(' · ')}
              </li>
            ))}
          </ol>
        </section>
      )}
      {customer && <DoAnEvent externalId={customer.externalId} />}
      {customer && <CustomerJourneys externalId={customer.externalId} />}
      {customer && (
        <section aria-label="Erase" className="danger-zone">
          {!confirmErase ? (
            <button type="button" onClick={() => setConfirmErase(true)}>
              Erase this customer…
            </button>
          ) : (
            <div role="alertdialog" aria-label="Confirm erasure">
              <p>
                Erase {customer.externalId} everywhere (profile, events, lists, messages)? Only one-way hashes of their id, email and phone stay, so a later import cannot bring them back. This cannot
                be undone.
              </p>
              <button
                type="button"
                className="danger"
                onClick={() => void engine.call('customers/erase', { externalId: customer.externalId, confirm: true }).then(onClose, (e: Error) => setError(e.message))}
              >
                Erase for good
              </button>{' '}
              <button type="button" onClick={() => setConfirmErase(false)}>
                Keep
              </button>
            </div>
          )}
        </section>
      )}
    </aside>
  );
}
