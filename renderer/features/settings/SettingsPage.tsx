import { useState, type FormEvent } from 'react';
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
  if (!info || !settings) return <p>Loading…</p>;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await updateSettings({
        timeZone: String(form.get('timeZone')),
        defaultPhoneCountry: String(form.get('defaultPhoneCountry')).toUpperCase(),
        currency: String(form.get('currency')).toUpperCase(),
      });
      setMessage('Settings saved.');
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <>
      <h1>Settings</h1>
      <LanguagePicker />
      <section aria-labelledby="workspace-heading">
        <h2 id="workspace-heading">Workspace</h2>
        <dl className="facts">
          <dt>Data file</dt>
          <dd data-testid="data-file">{info.dataFile}</dd>
          <dt>Schema</dt>
          <dd>
            {info.schemaVersion} ({info.migrationsApplied} steps)
          </dd>
          <dt>App version</dt>
          <dd>{info.appVersion}</dd>
        </dl>
        <p className="hint">Everything lives in this one SQLite file: copy it (with the app closed) to back up or move the workspace.</p>
      </section>
      <form onSubmit={(event) => void onSubmit(event)} aria-labelledby="defaults-heading" key={settings.timeZone + settings.defaultPhoneCountry + settings.currency}>
        <h2 id="defaults-heading">Defaults</h2>
        <label>
          Workspace time zone (dates are shown and schedules run in it)
          <select name="timeZone" defaultValue={settings.timeZone}>
            {TIME_ZONES.map((zone) => (
              <option key={zone}>{zone}</option>
            ))}
          </select>
        </label>
        <label>
          Default phone country (for numbers written without +country code)
          <input dir="auto" name="defaultPhoneCountry" defaultValue={settings.defaultPhoneCountry} maxLength={2} pattern="[A-Za-z]{2}" required />
        </label>
        <label>
          Currency (amounts are shown in it)
          <input dir="auto" name="currency" defaultValue={settings.currency} maxLength={3} pattern="[A-Za-z]{3}" required />
        </label>
        <button type="submit">Save settings</button>
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
