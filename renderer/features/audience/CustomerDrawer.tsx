import { useEffect, useRef, useState } from 'react';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { engine } from '../../engine-client';
import { formatDate, formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { CustomerJourneys } from './CustomerJourneys';
import { DoAnEvent } from './DoAnEvent';
import { Isolated } from './Isolated';
import { withoutBidiControls } from '../../../shared/domain/display-text';
import { useT } from '../../i18n';
import { useFieldLabel } from './field-labels';
import { useEscape } from '../../ui/use-escape';

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
  const t = useT();
  const fieldLabel = useFieldLabel();
  useEscape(onClose);

  useEffect(() => {
    closeButton.current?.focus();
  }, [externalId]);

  const name = customer ? withoutBidiControls([customer.firstName, customer.lastName].filter(Boolean).join(' ')) : '';
  return (
    <aside className="drawer" role="dialog" aria-label={t('customer.label', { id: externalId })}>
      <header>
        <h2>
          <Isolated text={name || externalId} />
        </h2>
        <button ref={closeButton} type="button" onClick={onClose} aria-label={t('customer.close')}>
          ✕
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {customer && (
        <dl>
          <dt>{fieldLabel('externalId')}</dt>
          <dd>
            <Isolated text={customer.externalId} />
          </dd>
          <dt>{fieldLabel('email')}</dt>
          <dd>{customer.email ? <Isolated text={customer.email} /> : '-'}</dd>
          <dt>{fieldLabel('phone')}</dt>
          <dd>{customer.phone ?? '-'}</dd>
          <dt>{fieldLabel('city')}</dt>
          <dd>{customer.city ? <Isolated text={customer.city} /> : '-'}</dd>
          <dt>{fieldLabel('language')}</dt>
          <dd>{customer.language ?? '-'}</dd>
          <dt>{t('customer.timeZone')}</dt>
          <dd>{customer.timeZone ?? '-'}</dd>
          <dt>{t('customer.signedUp', { zone: timeZone })}</dt>
          <dd>{formatDate(customer.signupAt, timeZone) || '-'}</dd>
          <dt>{t('customer.consent')}</dt>
          <dd>
            {Object.entries(customer.consent)
              .map(([channel, value]) => `${channel}: ${t(value === null ? 'customer.notAsked' : value ? 'filter.yes' : 'filter.no')}`)
              .join(' · ')}
          </dd>
          <dt>{t('customers.score')}</dt>
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
          <dt>{t('customers.added')}</dt>
          <dd>{formatDateTime(customer.createdAt, timeZone)}</dd>
          <dt>{t('customer.updated')}</dt>
          <dd>{formatDateTime(customer.updatedAt, timeZone)}</dd>
          <dt>{t('customer.segments')}</dt>
          <dd data-testid="customer-segments">{segments === null ? '…' : segments.length === 0 ? t('customer.noSegments') : segments.map((s) => s.name).join(', ')}</dd>
        </dl>
      )}
      {events && (
        <section aria-label={t('customer.timeline')}>
          <h3>{events.total > events.events.length ? t('customer.eventsNewest', { total: events.total, shown: events.events.length }) : t('customer.events', { total: events.total })}</h3>
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
        <section aria-label={t('customer.erase')} className="danger-zone">
          {!confirmErase ? (
            <button type="button" onClick={() => setConfirmErase(true)}>
              {t('customer.eraseStart')}
            </button>
          ) : (
            <div role="alertdialog" aria-label={t('customer.confirmErase')}>
              <p>{t('customer.eraseText', { id: customer.externalId })}</p>
              <button
                type="button"
                className="danger"
                onClick={() => void engine.call('customers/erase', { externalId: customer.externalId, confirm: true }).then(onClose, (e: Error) => setError(e.message))}
              >
                {t('customer.eraseForGood')}
              </button>{' '}
              <button type="button" onClick={() => setConfirmErase(false)}>
                {t('customer.keep')}
              </button>
            </div>
          )}
        </section>
      )}
    </aside>
  );
}
