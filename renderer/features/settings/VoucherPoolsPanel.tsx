import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import { downloadText } from '../../download';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatNumber } from '../../format';

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * Settings → Voucher pools: the codes `{% voucher "POOL" %}` gives out, one per message. A pool
 * running low is flagged here; its report (used codes with who got them, then free ones) downloads as CSV.
 */
export function VoucherPoolsPanel() {
  const pools = useEngineRead('vouchers/list', {}, ['settings', 'messages']);
  const [message, setMessage] = useState<string | null>(null);
  const t = useT();

  const importCodes = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const pool = String(form.get('pool') ?? '').trim();
    if (!(file instanceof File) || file.size === 0) return setMessage(t('vouchers.chooseFile'));
    try {
      const result = await engine.call('vouchers/import', { pool, text: await file.text() });
      const added = t(result.duplicates ? 'vouchers.importedDuplicates' : 'vouchers.imported', {
        imported: formatNumber(result.imported),
        pool: result.pool,
        duplicates: formatNumber(result.duplicates),
      });
      setMessage(added + (result.rejected.length ? t('vouchers.refused', { lines: result.rejected.map((r) => `${r.row} (${r.message})`).join(', ') }) : ''));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  const downloadReport = async (pool: string) => {
    const report = await engine.call('vouchers/report', { pool, limit: 100_000 });
    const rows = report.codes.map((c) => [c.code, c.usedAt ? 'used' : 'free', c.usedAt ?? '', c.customer ?? '', c.messageId === null ? '' : String(c.messageId)].map(csvCell).join(','));
    downloadText(`vouchers-${pool}.csv`, `code,status,used_at,customer,message\n${rows.join('\n')}\n`);
  };

  const list = pools.value?.pools ?? [];
  return (
    <section aria-labelledby="vouchers-heading">
      <h2 id="vouchers-heading">{t('vouchers.heading')}</h2>
      <p className="hint">{t('vouchers.hint')}</p>
      {list.some((p) => p.low) && (
        <p role="alert" className="banner error">
          {t('vouchers.low', {
            pools: list
              .filter((p) => p.low)
              .map((p) => t('vouchers.left', { pool: p.pool, count: p.free }))
              .join(', '),
          })}
        </p>
      )}
      {list.length > 0 && (
        <table className="data" aria-label={t('vouchers.table')}>
          <thead>
            <tr>
              <th scope="col">{t('vouchers.pool')}</th>
              <th scope="col">{t('vouchers.used')}</th>
              <th scope="col">{t('vouchers.free')}</th>
              <th scope="col">{t('vouchers.report')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.pool}>
                <th scope="row">{p.pool}</th>
                <td>{formatNumber(p.used)}</td>
                <td>
                  {t('vouchers.freeOf', { free: formatNumber(p.free), total: formatNumber(p.total) })}
                  {p.low ? t('vouchers.runningLow') : ''}
                </td>
                <td>
                  <button type="button" onClick={() => void downloadReport(p.pool).catch((e: Error) => setMessage(e.message))}>
                    {t('vouchers.download')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void importCodes(event)} className="row">
        <label>
          {t('vouchers.pool')} <input name="pool" dir="auto" required pattern="[A-Za-z0-9_\-]{1,100}" placeholder="RAMADAN" />
        </label>
        <label>
          {t('vouchers.codes')} <input name="file" type="file" accept=".csv,.txt,text/csv,text/plain" required />
        </label>
        <button type="submit">{t('vouchers.import')}</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
