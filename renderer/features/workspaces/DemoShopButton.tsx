import { useState } from 'react';
import { useT } from '../../i18n';
import type { RunningJob } from '../../engine-client/client';
import { engine } from '../../engine-client';
import { formatNumber } from '../../format';

/**
 * "Open the demo shop": made in a workspace of its own (never the user's), with progress and cancel,
 * then opened. A demo already made is opened instead.
 */
const SIZES = [
  { customers: 100_000, label: 'demo.size100k' },
  { customers: 10_000, label: 'demo.size10k' },
  { customers: 1_000, label: 'demo.size1k' },
] as const;

export function DemoShopButton() {
  const t = useT();
  const [customers, setCustomers] = useState(100_000);
  const [job, setJob] = useState<RunningJob<unknown> | null>(null);
  const [progress, setProgress] = useState<{ label: string; share: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = async () => {
    setError(null);
    const list = await engine.call('workspaces/list', {});
    const existing = list.workspaces.find((w) => w.demo);
    if (existing) {
      await engine.call('workspaces/open', { id: existing.id });
      window.location.reload();
      return;
    }
    setProgress({ label: t('demo.writing'), share: null });
    const running = engine.start('demo/create', { customers }, (event) =>
      setProgress({
        label: t(event.method === 'events/import' ? 'demo.stepEvents' : 'demo.stepCustomers', { rows: formatNumber(event.rowsDone), rate: formatNumber(event.rowsPerSecond) }),
        share: event.total ? event.done / event.total : null,
      }),
    );
    setJob(running);
    try {
      await running.result;
      window.location.reload();
    } catch (e) {
      setError((e as Error).message);
      setProgress(null);
    } finally {
      setJob(null);
    }
  };

  return (
    <span className="demo-shop-button">
      {job ? (
        <>
          <progress aria-label={t('demo.making')} value={progress?.share ?? undefined} max={1} /> <span role="status">{progress?.label}</span>{' '}
          <button type="button" onClick={() => void job.cancel()}>
            {t('demo.cancel')}
          </button>
        </>
      ) : (
        <>
          <label>
            {t('demo.size')}{' '}
            <select value={customers} onChange={(e) => setCustomers(Number(e.target.value))}>
              {SIZES.map((size) => (
                <option key={size.customers} value={size.customers}>
                  {t(size.label)}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" onClick={() => void open().catch((e: Error) => setError(e.message))}>
            {t('demo.open')}
          </button>
        </>
      )}
      {error && <span role="alert"> {error}</span>}
    </span>
  );
}
