import { formatDateTime, formatNumber } from '../../format';
import { useAudience } from '../../stores/audience';
import { downloadText } from '../../download';
import { engine } from '../../engine-client';
import type { ImportSummary, RowError } from '../../../shared/domain/import-report';
import { useTimeZone } from '../../stores/workspace';
import { useT } from '../../i18n';
import { useRowErrorText } from '../../i18n/words';

const MAX_SHOWN_ERRORS = 50;

export function ImportProgress() {
  const running = useAudience((s) => s.running);
  const cancelImport = useAudience((s) => s.cancelImport);
  const t = useT();
  if (!running) return null;
  const progress = running.progress;
  const percent = progress?.total ? Math.floor((progress.done / progress.total) * 100) : 0;
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <div>{t('import.importing', { file: running.fileName, percent, rows: formatNumber(progress?.rowsDone ?? 0), rate: formatNumber(progress?.rowsPerSecond ?? 0) })}</div>
      <progress max={100} value={percent} aria-label={t('import.progress')} />
      <button type="button" onClick={() => void cancelImport()}>
        {t('import.cancel')}
      </button>
    </div>
  );
}

export function ImportResult() {
  const { lastImport, importError } = useAudience();
  const t = useT();
  const rowErrorText = useRowErrorText();
  if (importError) {
    return (
      <div role="alert" className="banner error">
        {importError}
      </div>
    );
  }
  if (!lastImport) return null;
  const s = lastImport;
  return (
    <div className="banner" role="status" data-testid="import-result">
      <strong>{t(s.dryRun ? 'import.dryRunOf' : 'import.imported', { file: s.fileName })}</strong>{' '}
      {t('import.counts', {
        rows: formatNumber(s.rows),
        imported: formatNumber(s.imported),
        updated: formatNumber(s.updated),
        unchanged: formatNumber(s.unchanged),
        skipped: formatNumber(s.skipped),
        rejected: formatNumber(s.rejected),
      })}{' '}
      {s.warnings.length > 0 && t('import.warningCounts', { count: s.warnings.length, merged: s.duplicatesMerged })} {s.identity === 'email' && t('wizard.byEmail')}{' '}
      <DownloadReportButton summary={s} />
      <RowProblems caption={t('import.rejectedValues')} problems={s.errors} text={rowErrorText} />
      <RowProblems caption={t('import.droppedValues')} problems={s.warnings} text={(w) => (w.code === 'duplicate_in_file' ? t('import.mergedDuplicate') : rowErrorText(w))} />
    </div>
  );
}

/** Rows the import refused, or values it left out of rows it kept: where, what, and the value as written. */
function RowProblems({ caption, problems, text }: { caption: string; problems: readonly RowError[]; text(problem: RowError): string }) {
  const t = useT();
  if (problems.length === 0) return null;
  return (
    <table className="errors-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('import.row')}</th>
          <th scope="col">{t('import.column')}</th>
          <th scope="col">{t('import.problem')}</th>
          <th scope="col">{t('import.value')}</th>
        </tr>
      </thead>
      <tbody>
        {problems.slice(0, MAX_SHOWN_ERRORS).map((e, i) => (
          <tr key={i}>
            <td>{e.row}</td>
            <td>{e.column}</td>
            <td title={e.message}>{text(e)}</td>
            <td>{e.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ImportHistory() {
  const history = useAudience((s) => s.history);
  const timeZone = useTimeZone();
  const t = useT();
  if (history.length === 0) return null;
  return (
    <details className="import-history">
      <summary>{t('import.history', { count: history.length })}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('import.started', { zone: timeZone })}</th>
            <th scope="col">{t('import.file')}</th>
            <th scope="col">{t('import.status')}</th>
            <th scope="col">{t('import.rows')}</th>
            <th scope="col">{t('import.new')}</th>
            <th scope="col">{t('import.updated')}</th>
            <th scope="col">{t('import.rejected')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.startedAt, timeZone)}</td>
              <td>{entry.fileName}</td>
              <td title={entry.message ?? undefined}>{t(`import.status.${entry.status}`)}</td>
              <td>{formatNumber(entry.rows)}</td>
              <td>{formatNumber(entry.imported)}</td>
              <td>{formatNumber(entry.updated)}</td>
              <td>{formatNumber(entry.rejected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function DownloadReportButton({ summary }: { summary: ImportSummary }) {
  const t = useT();
  if (summary.importId === null || summary.errors.length + summary.warnings.length === 0) return null;
  const importId = summary.importId;
  return (
    <button type="button" onClick={() => void engine.call('imports/errors-csv', { importId }).then((report) => downloadText(report.fileName, report.csv))}>
      {t('wizard.downloadReport')}
    </button>
  );
}
