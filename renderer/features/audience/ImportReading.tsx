import type { ImportPreview } from '../../../shared/domain/import-report';
import { useT } from '../../i18n';

export type Encoding = 'auto' | 'utf-8' | 'windows-1256' | 'windows-1252';
export type Delimiter = 'auto' | ',' | ';' | '\t' | '|';

/** How a file is read, as the user may correct it: encoding, delimiter, the header's line, a workbook's sheet. */
export interface Reading {
  encoding: Encoding;
  delimiter: Delimiter;
  headerRow: number;
  sheet: string;
}

/**
 * The reading controls of the wizard's third step, and what the preview found: the delimiter
 * (changeable), the header line (for files with a title above it), the sheet of a workbook.
 */
export function ImportReading({ preview, reading, onChange }: { preview: ImportPreview; reading: Reading; onChange(reading: Reading): void }) {
  const t = useT();
  const set = (patch: Partial<Reading>) => onChange({ ...reading, ...patch });
  const found = preview.delimiter === '\t' ? t('wizard.tab') : (preview.delimiter ?? '');
  return (
    <div className="row">
      <label>
        {t('wizard.encoding')}{' '}
        <select value={reading.encoding} onChange={(e) => set({ encoding: e.target.value as Encoding })} aria-label={t('wizard.encoding')} disabled={preview.sheet !== null}>
          <option value="auto">{t('wizard.detect', { found: preview.encoding })}</option>
          <option value="utf-8">{'UTF-8'}</option>
          <option value="windows-1256">{t('wizard.arabicExcel')}</option>
          <option value="windows-1252">{t('wizard.frenchExcel')}</option>
        </select>
      </label>
      {preview.format === 'ndjson' ? (
        <span className="hint">{t('wizard.ndjson')}</span>
      ) : (
        <>
          <label>
            {t('wizard.delimiterLabel')}{' '}
            <select value={reading.delimiter} onChange={(e) => set({ delimiter: e.target.value as Delimiter })} aria-label={t('wizard.delimiterLabel')} disabled={preview.sheet !== null}>
              <option value="auto">{t('wizard.detectDelimiter', { found })}</option>
              <option value=",">{t('wizard.comma')}</option>
              <option value=";">{t('wizard.semicolon')}</option>
              <option value={'\t'}>{t('wizard.tab')}</option>
              <option value="|">{t('wizard.pipe')}</option>
            </select>
          </label>
          <label>
            {t('wizard.headerRow')}{' '}
            <input
              type="number"
              min={1}
              max={1000}
              size={4}
              value={reading.headerRow}
              onChange={(e) => set({ headerRow: Math.min(1000, Math.max(1, Math.trunc(Number(e.target.value)) || 1)) })}
              aria-label={t('wizard.headerRow')}
            />
          </label>
        </>
      )}
      {preview.sheet !== null && (
        <label>
          {t('wizard.sheet')} <input dir="auto" value={reading.sheet || preview.sheet} onChange={(e) => set({ sheet: e.target.value })} aria-label={t('wizard.sheet')} />
        </label>
      )}
    </div>
  );
}
