import { useState, type FormEvent } from 'react';
import { FLOW_CHANNELS } from '../../../shared/domain/flow';
import type { DeliveryRules, FrequencyCap } from '../../../shared/domain/delivery';
import { useWorkspace } from '../../stores/workspace';
import { channelLabel } from '../../choices';
import { useT } from '../../i18n';

/** Quiet hours, frequency caps, the message deadline and the unsubscribe page: checked when each message goes. */
export function DeliveryRulesForm() {
  const { settings, updateSettings } = useWorkspace();
  const [rules, setRules] = useState<DeliveryRules | null>(settings?.delivery ?? null);
  const [unsubscribeUrl, setUnsubscribeUrl] = useState(settings?.unsubscribeUrl ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const t = useT();
  if (!settings || !rules) return null;

  const quiet = rules.quietHours;
  const setQuiet = (changes: Partial<DeliveryRules['quietHours']>) => setRules({ ...rules, quietHours: { ...quiet, ...changes } });
  const setCap = (index: number, changes: Partial<FrequencyCap>) => setRules({ ...rules, frequencyCaps: rules.frequencyCaps.map((cap, i) => (i === index ? { ...cap, ...changes } : cap)) });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await updateSettings({ delivery: rules, unsubscribeUrl });
      setMessage(t('rules.saved'));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">{t('rules.heading')}</h2>
      <p className="hint">{t('rules.hint')}</p>
      <fieldset>
        <legend>{t('rules.quietLegend')}</legend>
        <label className="inline">
          <input type="checkbox" checked={quiet.enabled} onChange={(e) => setQuiet({ enabled: e.target.checked })} /> {t('rules.noMarketingBetween')}
        </label>{' '}
        <input aria-label={t('rules.quietStart')} type="time" value={quiet.start} onChange={(e) => setQuiet({ start: e.target.value })} required /> {t('rules.and')}{' '}
        <input aria-label={t('rules.quietEnd')} type="time" value={quiet.end} onChange={(e) => setQuiet({ end: e.target.value })} required />
        <label>
          {t('rules.dueInQuiet')}
          <select value={quiet.mode} onChange={(e) => setQuiet({ mode: e.target.value as 'hold' | 'drop' })}>
            <option value="hold">{t('rules.waits')}</option>
            <option value="drop">{t('rules.notSent')}</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('rules.capsLegend')}</legend>
        {rules.frequencyCaps.length === 0 && <p className="hint">{t('rules.noCaps')}</p>}
        <ul className="plain">
          {rules.frequencyCaps.map((cap, i) => (
            <li key={i}>
              {t('rules.atMost')}{' '}
              <input aria-label={t('rules.capMessages', { n: i + 1 })} type="number" min={1} max={1000} value={cap.max} onChange={(e) => setCap(i, { max: Number(e.target.value) })} />{' '}
              <select aria-label={t('rules.capChannel', { n: i + 1 })} value={cap.channel} onChange={(e) => setCap(i, { channel: e.target.value as FrequencyCap['channel'] })}>
                <option value="all">{t('rules.anyChannel')}</option>
                {FLOW_CHANNELS.map((channel) => (
                  <option key={channel} value={channel}>
                    {channelLabel(channel)}
                  </option>
                ))}
              </select>{' '}
              {t('rules.per')} <input aria-label={t('rules.capDays', { n: i + 1 })} type="number" min={1} max={365} value={cap.days} onChange={(e) => setCap(i, { days: Number(e.target.value) })} />{' '}
              {t('rules.days')}{' '}
              <button
                type="button"
                aria-label={t('rules.removeCap', { max: cap.max, channel: cap.channel === 'all' ? t('rules.anyChannel') : channelLabel(cap.channel), days: cap.days })}
                onClick={() => setRules({ ...rules, frequencyCaps: rules.frequencyCaps.filter((_, j) => j !== i) })}
              >
                {t('rules.remove')}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setRules({ ...rules, frequencyCaps: [...rules.frequencyCaps, { channel: 'push', max: 2, days: 3 }] })}>
          {t('rules.addCap')}
        </button>
      </fieldset>
      <label>
        {t('rules.deadline')}
        <input type="number" min={1} max={720} value={rules.deadlineHours} onChange={(e) => setRules({ ...rules, deadlineHours: Number(e.target.value) })} />
      </label>
      <label>
        {t('rules.unsubscribePage', { placeholder: '{{ unsubscribe_url }}' })}
        <input dir="auto" type="url" value={unsubscribeUrl} onChange={(e) => setUnsubscribeUrl(e.target.value)} required />
      </label>
      <button type="submit">{t('rules.save')}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
