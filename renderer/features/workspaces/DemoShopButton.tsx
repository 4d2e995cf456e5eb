import { useState } from 'react';
import type { RunningJob } from '../../engine-client/client';
import { engine } from '../../engine-client';
import { formatNumber } from '../../format';

/**
 * "Open the demo shop": made in a workspace of its own (never the user's), with progress and cancel,
 * then opened. A demo already made is opened instead.
 */
const SIZES = [
  { customers: 100_000, label: '100,000 customers (about half a minute)' },
  { customers: 10_000, label: '10,000 customers (a few seconds)' },
  { customers: 1_000, label: '1,000 customers (at once; quickest to simulate)' },
];

export function DemoShopButton({ label = 'Open the demo shop' }: { label?: string }) {
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
    setProgress({ label: 'Writing the shop’s customers and a year of their history…', share: null });
    const running = engine.start('demo/create', { customers }, (event) =>
      setProgress({
        label: `Step ${event.method === 'events/import' ? '2 of 2: their events' : '1 of 2: customers'}, ${formatNumber(event.rowsDone)} rows (${formatNumber(event.rowsPerSecond)} rows/s)`,
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
          <progress aria-label="Making the demo shop" value={progress?.share ?? undefined} max={1} /> <span role="status">{progress?.label}</span>{' '}
          <button type="button" onClick={() => void job.cancel()}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <label>
            Size{' '}
            <select value={customers} onChange={(e) => setCustomers(Number(e.target.value))}>
              {SIZES.map((size) => (
                <option key={size.customers} value={size.customers}>
                  {size.label}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" onClick={() => void open().catch((e: Error) => setError(e.message))}>
            {label}
          </button>
        </>
      )}
      {error && <span role="alert"> {error}</span>}
    </span>
  );
}
