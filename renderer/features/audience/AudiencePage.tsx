import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { EmptyState } from '../../ui/EmptyState';
import { engine } from '../../engine-client';
import { formatNumber } from '../../format';
import { useAudience } from '../../stores/audience';
import { useTimeZone } from '../../stores/workspace';
import { CustomerDrawer } from './CustomerDrawer';
import { CustomersTable } from './CustomersTable';
import { ImportHistory, ImportProgress } from './ImportPanel';
import { ImportWizard } from './ImportWizard';
import { ScoringPanel } from './ScoringPanel';
import { SegmentsPanel } from './SegmentsPanel';

const TABS = [
  { id: 'customers', label: 'audience.tab.customers' },
  { id: 'import', label: 'audience.tab.import' },
  { id: 'segments', label: 'audience.tab.segments' },
  { id: 'scoring', label: 'audience.tab.scoring' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function AudiencePage() {
  const { total, search, setSearch, refresh, loadHistory, listError } = useAudience();
  const [tab, setTab] = useState<Tab>('customers');
  const [draftSearch, setDraftSearch] = useState(search);
  const [openCustomer, setOpenCustomer] = useState<string | null>(null);
  const timeZone = useTimeZone();
  const t = useT();

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
      <h1>{t('audience.heading')}</h1>
      <div role="tablist" aria-label={t('audience.tabs')} className="tabs">
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            aria-selected={tab === entry.id}
            className={tab === entry.id ? 'tab active' : 'tab'}
            onClick={() => {
              // A drawer belongs to the tab it was opened from.
              setTab(entry.id);
              setOpenCustomer(null);
            }}
          >
            {t(entry.label)}
          </button>
        ))}
      </div>
      {tab !== 'import' && <ImportProgress />}
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
            title={t('audience.empty')}
            actions={
              <button type="button" onClick={() => setTab('import')}>
                {t('audience.importCustomers')}
              </button>
            }
          >
            <p>{t('audience.emptyText')}</p>
          </EmptyState>
        ) : (
          <>
            <div className="toolbar">
              <input
                dir="auto"
                type="search"
                placeholder={t('audience.searchPlaceholder')}
                aria-label={t('audience.search')}
                value={draftSearch}
                onChange={(event) => setDraftSearch(event.target.value)}
              />
              <span className="count" data-testid="customer-count">
                {total === null ? t('audience.loading') : t('audience.count', { count: total, formatted: formatNumber(total) })}
              </span>
              <span className="hint">{t('audience.datesIn', { zone: timeZone })}</span>
            </div>
            <CustomersTable onOpen={setOpenCustomer} />
          </>
        ))}
      {openCustomer && <CustomerDrawer externalId={openCustomer} onClose={() => setOpenCustomer(null)} />}
    </>
  );
}
