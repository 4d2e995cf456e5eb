import { formatDateTime, formatNumber } from '../../format';
import { useAudience } from '../../stores/audience';
import { DownloadReportButton } from './ImportWizard';
import { useTimeZone } from '../../stores/workspace';

const MAX_SHOWN_ERRORS = 50;

export function ImportProgress() {
  const running = useAudience((s) => s.running);
  const cancelImport = useAudience((s) => s.cancelImport);
  if (!running) return null;
  const progress = running.progress;
  const percent = progress?.total ? Math.floor((progress.done / progress.total) * 100) : 0;
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <div>
        Importing {running.fileName}: {percent}% · {formatNumber(progress?.rowsDone ?? 0)} rows · {formatNumber(progress?.rowsPerSecond ?? 0)} rows/s
      </div>
      <progress max={100} value={percent} aria-label="Import progress" />
      <button type="button" onClick={() => void cancelImport()}>
        Cancel import
      </button>
    </div>
  );
}

export function ImportResult() {
  const { lastImport, importError } = useAudience();
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
      <strong>
        {s.dryRun ? 'Dry run of' : 'Imported'} {s.fileName}:
      </strong>{' '}
      {formatNumber(s.rows)} rows, {formatNumber(s.imported)} new, {formatNumber(s.updated)} updated, {formatNumber(s.unchanged)} unchanged, {formatNumber(s.skipped)} skipped,{' '}
      {formatNumber(s.rejected)} rejected. <DownloadReportButton summary={s} />
      {s.errors.length > 0 && (
        <table className="errors-table">
          <caption>Rejected values</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {s.errors.slice(0, MAX_SHOWN_ERRORS).map((e, i) => (
              <tr key={i}>
                <td>{e.row}</td>
                <td>{e.column}</td>
                <td>{e.message}</td>
                <td>{e.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ImportHistory() {
  const history = useAudience((s) => s.history);
  const timeZone = useTimeZone();
  if (history.length === 0) return null;
  return (
    <details className="import-history">
      <summary>Import history ({history.length})</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Started ({timeZone})</th>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Rows</th>
            <th scope="col">New</th>
            <th scope="col">Updated</th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.startedAt, timeZone)}</td>
              <td>{entry.fileName}</td>
              <td title={entry.message ?? undefined}>{entry.status.replace('_', ' ')}</td>
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
