import { useEffect, useState } from 'react';
import { EmptyState } from '../../app/EmptyState';
import { engine } from '../../engine-client';
import { formatNumber } from '../../format';
import { useAudience } from '../../stores/audience';
import { useTimeZone } from '../../stores/workspace';
import { CustomerDrawer } from './CustomerDrawer';
import { CustomersTable } from './CustomersTable';
import { ImportControls, ImportHistory, ImportProgress, ImportResult } from './ImportPanel';

export function AudiencePage() {
  const { total, search, setSearch, refresh, loadHistory, listError } = useAudience();
  const [draftSearch, setDraftSearch] = useState(search);
  const [openCustomer, setOpenCustomer] = useState<string | null>(null);
  const timeZone = useTimeZone();

  useEffect(() => {
    refresh();
    void loadHistory();
    // Another window, or the CLI through web mode, may change customers: follow it.
    return engine.onEvent((event) => {
      if (event.type === 'data/changed' && event.topic === 'customers') refresh();
    });
  }, [refresh, loadHistory]);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (draftSearch !== search) setSearch(draftSearch);
    }, 200);
    return () => clearTimeout(timer);
  }, [draftSearch, search, setSearch]);

  const isEmptyWorkspace = total === 0 && search === '';
  return (
    <>
      <h1>Audience</h1>
      <ImportControls />
      <ImportProgress />
      <ImportResult />
      {listError && (
        <div role="alert" className="banner error">
          {listError}
        </div>
      )}
      {isEmptyWorkspace ? (
        <EmptyState title="No customers yet">
          <p>
            Import a CSV of your customers with a header row and an <code>external_id</code> column (email, phone, names,
            city, language, time zone, signup date and consent columns are recognised; any other column becomes an
            attribute). Or import the 48 sample customers to look around.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <input
              type="search"
              placeholder="Search id, name, email, phone, city"
              aria-label="Search customers"
              value={draftSearch}
              onChange={(event) => setDraftSearch(event.target.value)}
            />
            <span className="count" data-testid="customer-count">
              {total === null ? 'Loading…' : `${formatNumber(total)} ${total === 1 ? 'customer' : 'customers'}`}
            </span>
            <span className="hint">Dates in {timeZone} (change in Settings)</span>
          </div>
          <CustomersTable onOpen={setOpenCustomer} />
        </>
      )}
      <ImportHistory />
      {openCustomer && <CustomerDrawer externalId={openCustomer} onClose={() => setOpenCustomer(null)} />}
    </>
  );
}
