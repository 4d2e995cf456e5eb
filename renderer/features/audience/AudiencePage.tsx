import { useEffect, useState } from 'react';
import { EmptyState } from '../../app/EmptyState';
import { engine } from '../../engine-client';
import { formatNumber } from '../../format';
import { useAudience } from '../../stores/audience';
import { useTimeZone } from '../../stores/workspace';
import { CustomerDrawer } from './CustomerDrawer';
import { CustomersTable } from './CustomersTable';
import { ImportHistory, ImportProgress, ImportResult } from './ImportPanel';
import { ImportWizard } from './ImportWizard';
import { ScoringPanel } from './ScoringPanel';
import { SegmentsPanel } from './SegmentsPanel';

const TABS = [
  { id: 'customers', label: 'Customers' },
  { id: 'import', label: 'Import' },
  { id: 'segments', label: 'Segments' },
  { id: 'scoring', label: 'Scoring' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function AudiencePage() {
  const { total, search, setSearch, refresh, loadHistory, listError } = useAudience();
  const [tab, setTab] = useState<Tab>('customers');
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
      <div role="tablist" aria-label="Audience" className="tabs">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <ImportProgress />
      <ImportResult />
      {listError && (
        <div role="alert" className="banner error">
          {listError}
        </div>
      )}
      {tab === 'import' && (
        <>
          <ImportWizard />
          <ImportHistory />
        </>
      )}
      {tab === 'segments' && <SegmentsPanel />}
      {tab === 'scoring' && <ScoringPanel />}
      {tab === 'customers' &&
        (isEmptyWorkspace ? (
          <EmptyState
            title="No customers yet"
            actions={
              <button type="button" onClick={() => setTab('import')}>
                Import customers
              </button>
            }
          >
            <p>
              Import a CSV of your customers with a header row and an external id column (email, phone, names, city, language, time zone, signup date and consent columns are recognised; any other
              column becomes an attribute), then their events. Or import the 48 sample customers to look around.
            </p>
          </EmptyState>
        ) : (
          <>
            <div className="toolbar">
              <input
                dir="auto"
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
        ))}
      {openCustomer && <CustomerDrawer externalId={openCustomer} onClose={() => setOpenCustomer(null)} />}
    </>
  );
}
