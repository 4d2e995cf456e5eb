import { useState, type FormEvent } from 'react';
import { FLOW_CHANNELS } from '../../../shared/domain/flow';
import { capToText, type DeliveryRules, type FrequencyCap } from '../../../shared/domain/delivery';
import { useWorkspace } from '../../stores/workspace';

/** Quiet hours, frequency caps, the message deadline and the unsubscribe page: checked when each message goes. */
export function DeliveryRulesForm() {
  const { settings, updateSettings } = useWorkspace();
  const [rules, setRules] = useState<DeliveryRules | null>(settings?.delivery ?? null);
  const [unsubscribeUrl, setUnsubscribeUrl] = useState(settings?.unsubscribeUrl ?? '');
  const [message, setMessage] = useState<string | null>(null);
  if (!settings || !rules) return null;

  const quiet = rules.quietHours;
  const setQuiet = (changes: Partial<DeliveryRules['quietHours']>) => setRules({ ...rules, quietHours: { ...quiet, ...changes } });
  const setCap = (index: number, changes: Partial<FrequencyCap>) => setRules({ ...rules, frequencyCaps: rules.frequencyCaps.map((cap, i) => (i === index ? { ...cap, ...changes } : cap)) });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await updateSettings({ delivery: rules, unsubscribeUrl });
      setMessage('Delivery rules saved. They apply to every message from now on, including those already queued.');
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">Delivery rules</h2>
      <p className="hint">Checked when each marketing message is about to go, in every flow and campaign. Transactional messages (receipts) skip them.</p>
      <fieldset>
        <legend>Quiet hours, in each customer's own time zone (the workspace's when unknown)</legend>
        <label className="inline">
          <input type="checkbox" checked={quiet.enabled} onChange={(e) => setQuiet({ enabled: e.target.checked })} /> No marketing messages between
        </label>{' '}
        <input aria-label="Quiet hours start" type="time" value={quiet.start} onChange={(e) => setQuiet({ start: e.target.value })} required /> and{' '}
        <input aria-label="Quiet hours end" type="time" value={quiet.end} onChange={(e) => setQuiet({ end: e.target.value })} required />
        <label>
          A message due in quiet hours
          <select value={quiet.mode} onChange={(e) => setQuiet({ mode: e.target.value as 'hold' | 'drop' })}>
            <option value="hold">waits until they end</option>
            <option value="drop">is not sent</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Frequency caps, across all flows and campaigns</legend>
        {rules.frequencyCaps.length === 0 && <p className="hint">No caps: customers can get any number of messages.</p>}
        <ul className="plain">
          {rules.frequencyCaps.map((cap, i) => (
            <li key={i}>
              At most <input aria-label={`Cap ${i + 1} messages`} type="number" min={1} max={1000} value={cap.max} onChange={(e) => setCap(i, { max: Number(e.target.value) })} />{' '}
              <select aria-label={`Cap ${i + 1} channel`} value={cap.channel} onChange={(e) => setCap(i, { channel: e.target.value as FrequencyCap['channel'] })}>
                <option value="all">messages (any channel)</option>
                {FLOW_CHANNELS.map((channel) => (
                  <option key={channel} value={channel}>
                    {channel}
                  </option>
                ))}
              </select>{' '}
              per <input aria-label={`Cap ${i + 1} days`} type="number" min={1} max={365} value={cap.days} onChange={(e) => setCap(i, { days: Number(e.target.value) })} /> days{' '}
              <button type="button" aria-label={`Remove cap: ${capToText(cap)}`} onClick={() => setRules({ ...rules, frequencyCaps: rules.frequencyCaps.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setRules({ ...rules, frequencyCaps: [...rules.frequencyCaps, { channel: 'push', max: 2, days: 3 }] })}>
          Add a cap
        </button>
      </fieldset>
      <label>
        Drop a message not sent within this many hours of when it was due (a step can set its own)
        <input type="number" min={1} max={720} value={rules.deadlineHours} onChange={(e) => setRules({ ...rules, deadlineHours: Number(e.target.value) })} />
      </label>
      <label>
        Unsubscribe page ({'{{ unsubscribe_url }}'} points here, with the message's key added)
        <input dir="auto" type="url" value={unsubscribeUrl} onChange={(e) => setUnsubscribeUrl(e.target.value)} required />
      </label>
      <button type="submit">Save delivery rules</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
