import { useEffect, useRef, useState } from 'react';
import { KNOWN_CUSTOMER_FIELDS, type ColumnChoice } from '../../../shared/domain/customer-columns';
import { KNOWN_EVENT_FIELDS, type EventColumnChoice } from '../../../shared/domain/event-columns';
import type { ImportSummary } from '../../../shared/domain/import-report';
import type { ImportSource } from '../../../shared/rpc/audience-methods';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatNumber } from '../../format';
import { useAudience, type ImportRequest } from '../../stores/audience';
import { useWorkspace } from '../../stores/workspace';
import { useFieldLabel } from './field-labels';
import { ImportReading, type Reading } from './ImportReading';
import { ImportProgress, ImportResult } from './ImportPanel';
import { useT } from '../../i18n';

type Kind = 'customers' | 'events';
const FIRST_READING: Reading = { encoding: 'auto', delimiter: 'auto', headerRow: 1, sheet: '' };

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
  const [reading, setReading] = useState<Reading>(FIRST_READING);
  const [strict, setStrict] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
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

  // How the file is read, as the preview and the import both take it.
  const readingInput = {
    encoding: reading.encoding,
    ...(reading.delimiter === 'auto' ? {} : { delimiter: reading.delimiter }),
    headerRow: reading.headerRow,
    ...(reading.sheet.trim() ? { sheet: reading.sheet.trim() } : {}),
  };
  // The preview follows the file, the kind and the reading; the last one stays while the next is read.
  const previewRead = useEngineRead('imports/preview', chosen ? { source: chosen.source, kind, ...readingInput } : null, [], { keepWhileReading: true });
  const preview = previewRead.value;
  // Nothing to import: an empty file, a header alone, or (customers) no column to know them by.
  const nothing = !preview ? null : preview.format === 'csv' && preview.headers.length === 0 ? 'empty' : preview.rows.length === 0 ? 'headerOnly' : null;
  const unkeyed = kind === 'customers' && preview?.format === 'csv' && preview.identity === null && !Object.values(mapping).some((m) => ['externalId', 'email', 'phone'].includes(m));

  const reset = () => {
    setChosen(null);
    setMapping({});
    setReading(FIRST_READING);
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
      ? {
          method: 'customers/import',
          input: { source: chosen.source, dryRun, ...readingInput, onDuplicate, allOrNothing, strict, mapping: mapping as Record<string, ColumnChoice>, defaultCountry: country },
        }
      : {
          method: 'events/import',
          input: {
            source: chosen.source,
            dryRun,
            encoding: reading.encoding,
            ...(reading.delimiter === 'auto' ? {} : { delimiter: reading.delimiter }),
            allOrNothing,
            unknownCustomers,
            mapping: mapping as Record<string, EventColumnChoice>,
          },
        };
  };

  const run = async (dryRun: boolean) => {
    const wanted = request(dryRun);
    if (!wanted || !chosen) return;
    setCheck(null);
    const summary = await startImport(wanted, chosen.fileName);
    if (dryRun) setCheck(summary);
    else if (summary) setChosen(null);
    // The result appears where the user is: below the buttons they pressed.
    requestAnimationFrame(() => resultRef.current?.scrollIntoView({ block: 'nearest' }));
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
            accept=".csv,.tsv,.txt,.xlsx,.ndjson,.jsonl,text/csv"
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
          <ImportReading
            preview={preview}
            reading={reading}
            onChange={(next) => {
              setReading(next);
              setCheck(null);
            }}
          />
          {nothing && (
            <p role="alert" className="banner error">
              {t(nothing === 'empty' ? 'wizard.empty' : 'wizard.headerOnly', { file: chosen.fileName })}
            </p>
          )}
          {kind === 'customers' && preview.identity === 'email' && !unkeyed && <p className="hint">{t('wizard.byEmail')}</p>}
          {unkeyed && (
            <p role="alert" className="banner error">
              {t('wizard.noKey')}
            </p>
          )}
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
            {kind === 'customers' && (
              <label>
                <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> {t('wizard.strict')}
              </label>
            )}
            <label>
              <input type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} /> {t('wizard.allOrNothing')}
            </label>
          </div>
          <div className="row">
            <button type="button" onClick={() => void run(true)} disabled={nothing !== null || unkeyed}>
              {t('wizard.dryRun')}
            </button>
            <button type="button" className="primary" onClick={() => void run(false)} disabled={nothing !== null || unkeyed}>
              {check ? t('wizard.importRows', { rows: formatNumber(check.imported + check.updated) }) : t('wizard.import')}
            </button>
          </div>
        </fieldset>
      )}
      <div ref={resultRef}>
        <ImportProgress />
        <ImportResult />
      </div>
    </section>
  );
}
