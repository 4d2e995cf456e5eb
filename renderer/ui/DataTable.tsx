import {
  columnResizingFeature,
  columnSizingFeature,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type Header,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactNode, type TouchEvent } from 'react';
import { useT } from '../i18n';

/** One column: what its cells show, and (when it sorts) the value it sorts by. */
export interface DataColumn<Row> {
  id: string;
  header: string;
  cell(row: Row): ReactNode;
  /** The column sorts by this value (nulls last); without it, the column does not sort. */
  sortValue?(row: Row): string | number | null;
  /** Numbers: right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell that names the row (read first by screen readers). */
  rowHeader?: boolean;
}

const FEATURES = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel(), columnSizingFeature, columnResizingFeature });
type Features = typeof FEATURES;
const KEY_STEP = 16;

/** Nulls last, numbers as numbers, text by the UI's collation. */
function compare(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * A table (TanStack Table) whose columns sort from their header (click, Enter or Space) and resize
 * by dragging, or with the arrow keys on the separator at their right edge. `footerRows` (a total)
 * stay under the sorted rows.
 */
export function DataTable<Row extends RowData>({
  label,
  caption,
  columns,
  rows,
  footerRows = [],
  rowKey,
  empty,
}: {
  label: string;
  caption?: ReactNode;
  columns: DataColumn<Row>[];
  rows: Row[];
  footerRows?: Row[];
  rowKey(row: Row, index: number): string;
  /** Shown in the body when there are no rows. */
  empty?: ReactNode;
}) {
  const t = useT();
  const frame = useRef<HTMLTableElement>(null);
  const definitions = useMemo<ColumnDef<Features, Row>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        header: column.header,
        accessorFn: (row: Row) => column.sortValue?.(row) ?? null,
        enableSorting: column.sortValue !== undefined,
        sortFn: (a, b, id) => compare(a.getValue(id) as string | number | null, b.getValue(id) as string | number | null),
        sortUndefined: 'last',
        minSize: 48,
      })),
    [columns],
  );
  const table = useTable({ features: FEATURES, columns: definitions, data: rows, columnResizeMode: 'onChange', getRowId: (row, index) => rowKey(row, index) });
  const sorting = table.state.sorting as SortingState;
  const sized = Object.keys(table.state.columnSizing ?? {}).length > 0;
  const byId = new Map(columns.map((c) => [c.id, c]));

  // Before the first resize the browser sizes the columns to their content: those widths are taken as the start.
  const takeRenderedWidths = () => {
    if (sized || !frame.current) return;
    const widths: Record<string, number> = {};
    frame.current.querySelectorAll<HTMLElement>('thead th[data-column]').forEach((th) => {
      widths[th.dataset['column']!] = th.getBoundingClientRect().width;
    });
    table.setColumnSizing(widths);
  };
  const onResizeKey = (header: Header<Features, Row>, event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? KEY_STEP : event.key === 'ArrowLeft' ? -KEY_STEP : 0;
    if (step === 0) return;
    event.preventDefault();
    takeRenderedWidths();
    table.setColumnSizing((old) => ({ ...old, [header.column.id]: Math.max(48, (old[header.column.id] ?? header.getSize()) + step) }));
  };

  const renderRow = (row: Row, key: string) => (
    <tr key={key}>
      {columns.map((column) =>
        column.rowHeader ? (
          <th key={column.id} scope="row">
            {column.cell(row)}
          </th>
        ) : (
          <td key={column.id} className={column.numeric ? 'number' : undefined}>
            {column.cell(row)}
          </td>
        ),
      )}
    </tr>
  );

  return (
    <table ref={frame} className={sized ? 'data sized' : 'data'} aria-label={label} style={sized ? { width: table.getTotalSize() } : undefined}>
      {caption && <caption>{caption}</caption>}
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const column = byId.get(header.column.id)!;
              const direction = sorting.find((s) => s.id === header.column.id);
              return (
                <th
                  key={header.id}
                  scope="col"
                  data-column={header.column.id}
                  aria-sort={direction ? (direction.desc ? 'descending' : 'ascending') : undefined}
                  style={sized ? { width: header.getSize() } : undefined}
                >
                  {header.column.getCanSort() ? (
                    <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                      {column.header}
                      {direction ? (direction.desc ? ' ▼' : ' ▲') : ''}
                    </button>
                  ) : (
                    column.header
                  )}
                  <span
                    role="separator"
                    aria-orientation="vertical"
                    aria-label={t('table.resize', { column: column.header })}
                    aria-valuenow={Math.round(header.getSize())}
                    tabIndex={0}
                    className="col-resizer"
                    // TanStack follows mouse or touch moves (not pointer events) from here.
                    onMouseDown={(event: MouseEvent) => {
                      takeRenderedWidths();
                      header.getResizeHandler()(event);
                    }}
                    onTouchStart={(event: TouchEvent) => {
                      takeRenderedWidths();
                      header.getResizeHandler()(event);
                    }}
                    onKeyDown={(event) => onResizeKey(header, event)}
                  />
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {rows.length === 0 && empty && (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        )}
        {table.getRowModel().rows.map((row) => renderRow(row.original, row.id))}
        {footerRows.map((row, i) => renderRow(row, `footer-${i}`))}
      </tbody>
    </table>
  );
}
