import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import { TIME_ZONES } from '../../choices';
import { useWorkspace } from '../../stores/workspace';
import { DeliveryRulesForm } from './DeliveryRulesForm';
import { SimulationPanel } from './SimulationPanel';
import { TrackingKeysPanel } from './TrackingKeysPanel';
import { WorkspacesPanel } from '../workspaces/WorkspacesPanel';
import { VoucherPoolsPanel } from './VoucherPoolsPanel';
import { LanguagePicker } from './LanguagePicker';
import { ProductCataloguePanel } from './ProductCataloguePanel';
import { MessageTemplatesPanel } from './MessageTemplatesPanel';

export function SettingsPage() {
  const { info, settings, updateSettings } = useWorkspace();
  const [message, setMessage] = useState<string | null>(null);
  const t = useT();
  if (!info || !settings) return <p>{t('settings.loading')}</p>;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await updateSettings({
        timeZone: String(form.get('timeZone')),
        defaultPhoneCountry: String(form.get('defaultPhoneCountry')).toUpperCase(),
        currency: String(form.get('currency')).toUpperCase(),
      });
      setMessage(t('settings.saved'));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <>
      <h1>{t('settings.heading')}</h1>
      <LanguagePicker />
      <section aria-labelledby="workspace-heading">
        <h2 id="workspace-heading">{t('settings.workspace')}</h2>
        <dl className="facts">
          <dt>{t('settings.dataFile')}</dt>
          <dd data-testid="data-file">{info.dataFile}</dd>
          <dt>{t('settings.schema')}</dt>
          <dd>{t('settings.schemaSteps', { version: info.schemaVersion, count: info.migrationsApplied })}</dd>
          <dt>{t('settings.appVersion')}</dt>
          <dd>{info.appVersion}</dd>
        </dl>
        <p className="hint">{t('settings.backupHint')}</p>
      </section>
      <form onSubmit={(event) => void onSubmit(event)} aria-labelledby="defaults-heading" key={settings.timeZone + settings.defaultPhoneCountry + settings.currency}>
        <h2 id="defaults-heading">{t('settings.defaults')}</h2>
        <label>
          {t('settings.timeZone')}
          <select name="timeZone" defaultValue={settings.timeZone}>
            {TIME_ZONES.map((zone) => (
              <option key={zone}>{zone}</option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.phoneCountry')}
          <input dir="auto" name="defaultPhoneCountry" defaultValue={settings.defaultPhoneCountry} maxLength={2} pattern="[A-Za-z]{2}" required />
        </label>
        <label>
          {t('settings.currency')}
          <input dir="auto" name="currency" defaultValue={settings.currency} maxLength={3} pattern="[A-Za-z]{3}" required />
        </label>
        <button type="submit">{t('settings.save')}</button>
        {message && <p role="status">{message}</p>}
      </form>
      <DeliveryRulesForm />
      <TrackingKeysPanel />
      <VoucherPoolsPanel />
      <ProductCataloguePanel />
      <MessageTemplatesPanel />
      <SimulationPanel />
      <WorkspacesPanel />
    </>
  );
}
