import { useEffect, useRef, useState } from 'react';
import { KNOWN_CUSTOMER_FIELDS, type ColumnChoice } from '../../../shared/domain/customer-columns';
import { KNOWN_EVENT_FIELDS, type EventColumnChoice } from '../../../shared/domain/event-columns';
import type { ImportSummary } from '../../../shared/domain/import-report';
import type { ImportSource } from '../../../shared/rpc/audience-methods';
import { downloadText } from '../../download';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatNumber } from '../../format';
import { useAudience, type ImportRequest } from '../../stores/audience';
import { useWorkspace } from '../../stores/workspace';
import { useFieldLabel } from './field-labels';
import { useT } from '../../i18n';

type Kind = 'customers' | 'events';
type Encoding = 'auto' | 'utf-8' | 'windows-1256' | 'windows-1252';

interface ChosenSource {
  source: ImportSource;
  fileName: string;
}

/**
 * The import wizard: pick a file, see how it will be read (encoding, delimiter, what each column
 * means, the first rows), check it with a dry run, then import; every rejected value is listed and
 * downloadable as CSV.
 */
export function ImportWizard() {
  const { running, startImport, clearImportResult } = useAudience();
  const defaultCountry = useWorkspace((s) => s.settings?.defaultPhoneCountry ?? 'DZ');
  const fileInput = useRef<HTMLInputElement>(null);
  const t = useT();
  const fieldLabel = useFieldLabel();
  const [kind, setKind] = useState<Kind>('customers');
  const [chosen, setChosen] = useState<ChosenSource | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  // Column meanings the user chose, by header: customer fields or event fields, as `kind` says.
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [onDuplicate, setOnDuplicate] = useState<'update' | 'skip' | 'reject'>('update');
  const [country, setCountry] = useState(defaultCountry);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [unknownCustomers, setUnknownCustomers] = useState<'reject' | 'create'>('reject');
  const [check, setCheck] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => setCountry(defaultCountry), [defaultCountry]);

  // The preview follows the file, the kind and the encoding; the last one stays while the next is read.
  const previewRead = useEngineRead('imports/preview', chosen ? { source: chosen.source, kind, encoding } : null, [], { keepWhileReading: true });
  const preview = previewRead.value;

  const reset = () => {
    setChosen(null);
    setMapping({});
    setCheck(null);
    setProblem(null);
    clearImportResult();
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    reset();
    setBusy(t('wizard.uploading', { file: file.name }));
    try {
      const { uploadId } = await engine.upload(file, file.name);
      setChosen({ source: { kind: 'upload', uploadId }, fileName: file.name });
    } catch (error) {
      setProblem(t('wizard.uploadFailed', { file: file.name, error: (error as Error).message }));
    } finally {
      setBusy(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const request = (dryRun: boolean): ImportRequest | null => {
    if (!chosen) return null;
    return kind === 'customers'
      ? { method: 'customers/import', input: { source: chosen.source, dryRun, encoding, onDuplicate, allOrNothing, mapping: mapping as Record<string, ColumnChoice>, defaultCountry: country } }
      : { method: 'events/import', input: { source: chosen.source, dryRun, encoding, allOrNothing, unknownCustomers, mapping: mapping as Record<string, EventColumnChoice> } };
  };

  const run = async (dryRun: boolean) => {
    const wanted = request(dryRun);
    if (!wanted || !chosen) return;
    setCheck(null);
    const summary = await startImport(wanted, chosen.fileName);
    if (dryRun) setCheck(summary);
    else if (summary) setChosen(null);
  };

  const chooseSample = () => {
    reset();
    setChosen({ source: { kind: 'sample' }, fileName: kind === 'customers' ? 'sample-customers.csv' : 'sample-events.csv' });
  };

  const choices: string[] = kind === 'customers' ? ['attribute', 'ignore', ...KNOWN_CUSTOMER_FIELDS] : ['property', 'ignore', ...KNOWN_EVENT_FIELDS];
  return (
    <section aria-labelledby="import-heading" className="wizard">
      <h2 id="import-heading">{t('wizard.heading')}</h2>
      <fieldset className="row" disabled={running !== null}>
        <legend>{t('wizard.step1')}</legend>
        <label>
          <input
            type="radio"
            name="kind"
            checked={kind === 'customers'}
            onChange={() => {
              setKind('customers');
              reset();
            }}
          />{' '}
          {t('wizard.customers')}
        </label>
        <label>
          <input
            type="radio"
            name="kind"
            checked={kind === 'events'}
            onChange={() => {
              setKind('events');
              reset();
            }}
          />{' '}
          {t('wizard.events')}
        </label>
      </fieldset>
      <fieldset className="row" disabled={running !== null || busy !== null}>
        <legend>{t('wizard.step2')}</legend>
        <label className="button-like">
          {t('wizard.chooseFile')}
          <input
            ref={fileInput}
            type="file"
            accept=".csv,.tsv,.txt,.ndjson,.jsonl,text/csv"
            className="visually-hidden"
            data-testid="import-file"
            onChange={(event) => void onFile(event.target.files?.[0])}
          />
        </label>
        <button type="button" onClick={chooseSample}>
          {t(kind === 'customers' ? 'wizard.sampleCustomers' : 'wizard.sampleEvents')}
        </button>
        {chosen && <span className="hint">{t('wizard.chosen', { file: chosen.fileName })}</span>}
        {busy && (
          <span role="status" className="hint">
            {busy}
          </span>
        )}
      </fieldset>
      {(problem ?? previewRead.error) && (
        <div role="alert" className="banner error">
          {problem ?? previewRead.error}
        </div>
      )}
      {chosen && preview && (
        <fieldset disabled={running !== null}>
          <legend>{t('wizard.step3')}</legend>
          <div className="row">
            <label>
              {t('wizard.encoding')}{' '}
              <select value={encoding} onChange={(e) => setEncoding(e.target.value as Encoding)} aria-label={t('wizard.encoding')}>
                <option value="auto">{t('wizard.detect', { found: preview.encoding })}</option>
                <option value="utf-8">UTF-8</option>
                <option value="windows-1256">{t('wizard.arabicExcel')}</option>
                <option value="windows-1252">{t('wizard.frenchExcel')}</option>
              </select>
            </label>
            <span className="hint">{preview.format === 'ndjson' ? t('wizard.ndjson') : t('wizard.delimiter', { delimiter: preview.delimiter === '\t' ? t('wizard.tab') : preview.delimiter })}</span>
          </div>
          {preview.format === 'csv' && (
            <div className="preview-scroll">
              <table className="preview-table" data-testid="import-preview">
                <thead>
                  <tr>
                    {preview.headers.map((header, i) => (
                      <th key={header + i} scope="col">
                        <div>{header}</div>
                        <select aria-label={t('wizard.columnMeans', { header })} value={mapping[header] ?? preview.columns[i]} onChange={(e) => setMapping({ ...mapping, [header]: e.target.value })}>
                          {choices.map((c) => (
                            <option key={c} value={c}>
                              {fieldLabel(c)}
                            </option>
                          ))}
                        </select>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row, r) => (
                    <tr key={r}>
                      {preview.headers.map((_, c) => (
                        <td key={c}>{row[c] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="row">
            {kind === 'customers' ? (
              <>
                <label>
                  {t('wizard.idsAlready')}{' '}
                  <select value={onDuplicate} onChange={(e) => setOnDuplicate(e.target.value as typeof onDuplicate)}>
                    <option value="update">{t('wizard.updateThem')}</option>
                    <option value="skip">{t('wizard.skipRow')}</option>
                    <option value="reject">{t('wizard.rejectRow')}</option>
                  </select>
                </label>
                <label>
                  {t('wizard.phoneCountry')}{' '}
                  <input dir="auto" value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} maxLength={2} size={3} aria-label={t('wizard.defaultPhoneCountry')} />
                </label>
              </>
            ) : (
              <label>
                {t('wizard.unknownIds')}{' '}
                <select value={unknownCustomers} onChange={(e) => setUnknownCustomers(e.target.value as typeof unknownCustomers)}>
                  <option value="reject">{t('wizard.rejectRow')}</option>
                  <option value="create">{t('wizard.createCustomer')}</option>
                </select>
              </label>
            )}
            <label>
              <input type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} /> {t('wizard.allOrNothing')}
            </label>
          </div>
          <div className="row">
            <button type="button" onClick={() => void run(true)}>
              {t('wizard.dryRun')}
            </button>
            <button type="button" className="primary" onClick={() => void run(false)}>
              {check ? t('wizard.importRows', { rows: formatNumber(check.imported + check.updated) }) : t('wizard.import')}
            </button>
          </div>
        </fieldset>
      )}
    </section>
  );
}

export function DownloadReportButton({ summary }: { summary: ImportSummary }) {
  const t = useT();
  if (summary.importId === null || summary.errors.length === 0) return null;
  const importId = summary.importId;
  return (
    <button type="button" onClick={() => void engine.call('imports/errors-csv', { importId }).then((report) => downloadText(report.fileName, report.csv))}>
      {t('wizard.downloadReport')}
    </button>
  );
}
