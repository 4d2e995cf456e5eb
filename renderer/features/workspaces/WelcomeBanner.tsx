import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { engine } from '../../engine-client';
import { useWorkspaces } from '../../stores/workspaces';
import { DemoShopButton } from './DemoShopButton';

const DISMISSED_KEY = 'campaign-studio.welcome-dismissed';

/**
 * First start: a data folder with one empty workspace offers the demo shop, so a newcomer or a
 * trainer sees a living shop instead of "No customers yet". Once dismissed, not shown again here.
 */
export function WelcomeBanner() {
  const list = useWorkspaces((s) => s.list);
  const [empty, setEmpty] = useState(false);
  const t = useT();
  const [dismissed, setDismissed] = useState(() => window.localStorage.getItem(DISMISSED_KEY) === '1');

  useEffect(() => {
    if (!list || list.workspaces.length > 1 || dismissed) return;
    void Promise.all([engine.call('customers/count', {}), engine.call('flows/list', {})]).then(
      ([customers, flows]) => setEmpty(customers.count === 0 && flows.flows.length === 0),
      () => undefined,
    );
  }, [list, dismissed]);
  if (!empty || dismissed) return null;

  return (
    <section className="banner info welcome" aria-label={t('welcome.region')}>
      <p>
        <strong>{t('welcome.newHere')}</strong> {t('welcome.text')}
      </p>
      <div className="row">
        <DemoShopButton />
        <button
          type="button"
          onClick={() => {
            window.localStorage.setItem(DISMISSED_KEY, '1');
            setDismissed(true);
          }}
        >
          {t('welcome.notNow')}
        </button>
      </div>
    </section>
  );
}
