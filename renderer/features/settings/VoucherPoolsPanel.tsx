import { useState, type FormEvent } from 'react';
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

  const importCodes = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const pool = String(form.get('pool') ?? '').trim();
    if (!(file instanceof File) || file.size === 0) return setMessage('Choose a file of codes.');
    try {
      const result = await engine.call('vouchers/import', { pool, text: await file.text() });
      setMessage(
        `${formatNumber(result.imported)} codes added to ${result.pool}${result.duplicates ? `, ${formatNumber(result.duplicates)} it held already` : ''}${
          result.rejected.length ? `; refused: ${result.rejected.map((r) => `line ${r.row} (${r.message})`).join(', ')}` : '.'
        }`,
      );
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
      <h2 id="vouchers-heading">Voucher pools</h2>
      <p className="hint">Write {'{% voucher "POOL" %}'} in a message: each message gets one code of the pool, never the same code twice; an empty pool fails the message with that reason.</p>
      {list.some((p) => p.low) && (
        <p role="alert" className="banner error">
          Running low:{' '}
          {list
            .filter((p) => p.low)
            .map((p) => `${p.pool} (${formatNumber(p.free)} left)`)
            .join(', ')}
          . Import more codes before the next send.
        </p>
      )}
      {list.length > 0 && (
        <table className="data" aria-label="Voucher pools">
          <thead>
            <tr>
              <th scope="col">Pool</th>
              <th scope="col">Used</th>
              <th scope="col">Free</th>
              <th scope="col">Report</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.pool}>
                <th scope="row">{p.pool}</th>
                <td>{formatNumber(p.used)}</td>
                <td>
                  {formatNumber(p.free)} of {formatNumber(p.total)}
                  {p.low ? ' (running low)' : ''}
                </td>
                <td>
                  <button type="button" onClick={() => void downloadReport(p.pool).catch((e: Error) => setMessage(e.message))}>
                    Download CSV
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void importCodes(event)} className="row">
        <label>
          Pool <input name="pool" dir="auto" required pattern="[A-Za-z0-9_\-]{1,100}" placeholder="RAMADAN" />
        </label>
        <label>
          Codes (one a line, or a CSV with a “code” column) <input name="file" type="file" accept=".csv,.txt,text/csv,text/plain" required />
        </label>
        <button type="submit">Import codes</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
