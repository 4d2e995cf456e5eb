import { useEffect, useRef, useState } from 'react';
import type { Customer } from '../../../shared/domain/customer';
import { engine } from '../../engine-client';
import { formatDate, formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';

export function CustomerDrawer({ externalId, onClose }: { externalId: string; onClose(): void }) {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timeZone = useTimeZone();
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    setCustomer(null);
    engine.call('customers/get', { externalId }).then(
      (value) => current && setCustomer(value),
      (e: Error) => current && setError(e.message),
    );
    closeButton.current?.focus();
    return () => {
      current = false;
    };
  }, [externalId]);

  const name = customer ? [customer.firstName, customer.lastName].filter(Boolean).join(' ') : '';
  return (
    <aside
      className="drawer"
      role="dialog"
      aria-label={`Customer ${externalId}`}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <header>
        <h2>{name || externalId}</h2>
        <button ref={closeButton} type="button" onClick={onClose} aria-label="Close customer">
          ✕
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {customer && (
        <dl>
          <dt>External id</dt>
          <dd>{customer.externalId}</dd>
          <dt>Email</dt>
          <dd>{customer.email ?? '-'}</dd>
          <dt>Phone</dt>
          <dd>{customer.phone ?? '-'}</dd>
          <dt>City</dt>
          <dd>{customer.city ?? '-'}</dd>
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
              <dt>{key}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
          <dt>Added</dt>
          <dd>{formatDateTime(customer.createdAt, timeZone)}</dd>
          <dt>Updated</dt>
          <dd>{formatDateTime(customer.updatedAt, timeZone)}</dd>
        </dl>
      )}
    </aside>
  );
}
