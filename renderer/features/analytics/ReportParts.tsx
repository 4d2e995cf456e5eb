import { useRef, useState, type ReactNode } from 'react';
import { downloadCsv, downloadPng, downloadSvg } from './exports';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';

interface ReportRow {
  index: number;
}

/** A table of numbers with its formulas under it and a CSV export; cells are already formatted, sorted by their raw values. */
export function ReportTable({
  title,
  fileName,
  header,
  rows,
  raw,
  formulas,
  footerRows = 0,
}: {
  title: string;
  fileName: string;
  header: string[];
  rows: (string | number)[][];
  /** The unformatted values for the CSV (shares as decimals, not "7.54 %"). */
  raw: (string | number | null)[][];
  formulas: string[];
  /** The last rows (a total) stay last when the table is sorted. */
  footerRows?: number;
}) {
  const t = useT();
  return (
    <section className="report" aria-label={title}>
      <div className="report-head">
        <h3>{title}</h3>
        <button type="button" onClick={() => downloadCsv(`${fileName}.csv`, header, raw)}>
          {t('report.exportCsv')}
        </button>
      </div>
      <DataTable
        label={title}
        columns={header.map((name, j) => ({
          id: String(j),
          header: name,
          cell: (row: ReportRow) => rows[row.index]![j],
          sortValue: (row: ReportRow) => raw[row.index]?.[j] ?? null,
          numeric: j > 0,
          rowHeader: j === 0,
        }))}
        rows={rows.slice(0, rows.length - footerRows).map((_, index) => ({ index }))}
        footerRows={rows.slice(rows.length - footerRows).map((_, i) => ({ index: rows.length - footerRows + i }))}
        rowKey={(row) => String(row.index)}
        empty={t('report.nothing')}
      />
      {formulas.length > 0 && <p className="hint formulas">{formulas.join(' · ')}</p>}
    </section>
  );
}

/** A recharts chart with PNG and SVG exports of exactly what is drawn. */
export function ChartCard({ title, fileName, children }: { title: string; fileName: string; children: ReactNode }) {
  const frame = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const t = useT();
  const save = (kind: 'png' | 'svg') => {
    if (!frame.current) return;
    setProblem(null);
    try {
      if (kind === 'svg') downloadSvg(`${fileName}.svg`, frame.current);
      else downloadPng(`${fileName}.png`, frame.current).catch((e: Error) => setProblem(e.message));
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="report-head">
        <h3>{title}</h3>
        <span>
          <button type="button" onClick={() => save('png')} aria-label={t('report.saveAs', { title, format: 'PNG' })}>
            {'PNG'}
          </button>{' '}
          <button type="button" onClick={() => save('svg')} aria-label={t('report.saveAs', { title, format: 'SVG' })}>
            {'SVG'}
          </button>
        </span>
      </figcaption>
      <div ref={frame} className="chart-frame">
        {children}
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </figure>
  );
}
