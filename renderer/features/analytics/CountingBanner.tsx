import { useEffect, useState } from 'react';
import { engine } from '../../engine-client';
import { count } from './use-report';
import { countingState, type CountingState } from './counting-state';
import { useT } from '../../i18n';

/**
 * After a big import the engine counts the new rows into the report rollups in the background; the
 * reports answer with what is counted so far. This says so, with how far the counting has got, and
 * goes away once every row is counted (the reports read again as it goes on).
 */
export function CountingBanner() {
  const [behind, setBehind] = useState<CountingState | null>(null);
  const t = useT();
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      engine.call('analytics/status', {}).then(
        ({ rowsBehind }) => {
          if (!current) return;
          setBehind((previous) => countingState(rowsBehind, previous));
          if (rowsBehind > 0) timer = setTimeout(check, 2_000);
        },
        () => undefined,
      );
    };
    check();
    const stop = engine.onEvent((event) => {
      if (event.type === 'data/changed' && ['messages', 'customers', 'imports', 'analytics'].includes(event.topic)) {
        clearTimeout(timer);
        check();
      }
    });
    return () => {
      current = false;
      clearTimeout(timer);
      stop();
    };
  }, []);
  if (!behind) return null;
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <div>{t('report.countingRows', { rows: count(behind.left) })}</div>
      <progress max={behind.most} value={behind.most - behind.left} aria-label={t('report.countingProgress')} />
    </div>
  );
}
