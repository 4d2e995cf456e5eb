import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CustomerListRow, CustomerSortField } from '../../../shared/domain/customer';
import { formatDate, formatDateTime } from '../../format';
import { useAudience } from '../../stores/audience';
import { useTimeZone } from '../../stores/workspace';
import { Isolated } from './Isolated';
import { useT, type UiKey } from '../../i18n';

const ROW_HEIGHT = 36;
/** The column headers stay at the top of the scrolling grid, over the rows (styles.css, .table-header). */
const HEADER_HEIGHT = 34;

interface Column {
  field: CustomerSortField | null;
  label: UiKey;
  width: string;
  render(row: CustomerListRow, timeZone: string): ReactNode;
}

const COLUMNS: Column[] = [
  { field: 'externalId', label: 'field.externalId', width: 'minmax(7rem, 1fr)', render: (r) => <Isolated text={r.externalId} /> },
  { field: 'firstName', label: 'field.firstName', width: 'minmax(6rem, 1fr)', render: (r) => <Isolated text={r.firstName} /> },
  { field: 'lastName', label: 'field.lastName', width: 'minmax(6rem, 1fr)', render: (r) => <Isolated text={r.lastName} /> },
  { field: 'email', label: 'field.email', width: 'minmax(10rem, 2fr)', render: (r) => <Isolated text={r.email} /> },
  { field: null, label: 'field.phone', width: 'minmax(7rem, 1fr)', render: (r) => <Isolated text={r.phone} /> },
  { field: 'city', label: 'field.city', width: 'minmax(6rem, 1fr)', render: (r) => <Isolated text={r.city} /> },
  { field: 'signupAt', label: 'customers.signedUp', width: 'minmax(6rem, 1fr)', render: (r, tz) => formatDate(r.signupAt, tz) },
  { field: 'score', label: 'customers.score', width: '4rem', render: (r) => String(r.score) },
  { field: 'createdAt', label: 'customers.added', width: 'minmax(10rem, 1.5fr)', render: (r, tz) => formatDateTime(r.createdAt, tz) },
];
const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

/**
 * A virtualised customers table: only the visible rows exist in the page, and rows are fetched a
 * page at a time as they scroll into view, so a million customers scroll like fifty.
 * Keyboard: Tab into the table, arrows and Page Up/Down move, Home/End jump, Enter opens the customer.
 */
export function CustomersTable({ onOpen }: { onOpen(externalId: string): void }) {
  const { total, pages, sort, toggleSort, ensurePages } = useAudience();
  const timeZone = useTimeZone();
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeRow, setActiveRow] = useState(0);
  // A row clicked (or Enter pressed) while its page is still loading opens once the page arrives.
  const [openWhenLoaded, setOpenWhenLoaded] = useState<number | null>(null);
  const count = total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The rows start below the header, inside the same scrolling grid, and must not hide under it.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (count > 0) ensurePages(first, last);
  }, [first, last, count, pages, ensurePages]);

  const rowAt = (index: number): CustomerListRow | undefined => pages.get(Math.floor(index / 100))?.[index % 100];
  const open = (index: number) => {
    const row = rowAt(index);
    if (row) onOpen(row.externalId);
    else setOpenWhenLoaded(index);
  };
  useEffect(() => {
    if (openWhenLoaded === null) return;
    const row = pages.get(Math.floor(openWhenLoaded / 100))?.[openWhenLoaded % 100];
    if (!row) return;
    setOpenWhenLoaded(null);
    onOpen(row.externalId);
  }, [openWhenLoaded, pages, onOpen]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeRow + 1,
      ArrowUp: activeRow - 1,
      PageDown: activeRow + pageRows,
      PageUp: activeRow - pageRows,
      Home: 0,
      End: count - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.min(count - 1, Math.max(0, moves[event.key] as number));
      setActiveRow(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (event.key === 'Enter') {
      open(activeRow);
    }
  };

  return (
    // The grid itself takes focus and names its active row (aria-activedescendant belongs on the grid).
    <div
      className="table"
      role="grid"
      aria-rowcount={count + 1}
      aria-label={t('customers.label')}
      ref={scrollRef}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-activedescendant={count > 0 ? `customer-row-${activeRow}` : undefined}
      data-testid="customers-grid"
    >
      <div className="table-header" role="row" style={{ gridTemplateColumns: GRID_TEMPLATE }}>
        {COLUMNS.map((column) => {
          const sorted = column.field !== null && sort.field === column.field;
          const label = t(column.label);
          return (
            <div key={column.label} role="columnheader" aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
              {column.field === null ? (
                <span>{label}</span>
              ) : (
                <button type="button" className="sort-button" onClick={() => toggleSort(column.field as CustomerSortField)}>
                  {label}
                  {sorted ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              )}
            </div>
          );
        })}
      </div>
      <div className="table-body" role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                id={`customer-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === activeRow}
                className={item.index === activeRow ? 'table-row active' : 'table-row'}
                style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT, gridTemplateColumns: GRID_TEMPLATE }}
                onClick={() => {
                  setActiveRow(item.index);
                  open(item.index);
                }}
              >
                {COLUMNS.map((column) => (
                  <div role="gridcell" key={column.label}>
                    {row ? column.render(row, timeZone) : '…'}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
