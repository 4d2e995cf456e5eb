import { useEffect, useState, type ReactNode } from 'react';
import { ContentFields } from '../content/ContentFields';
import { MessagePreview } from '../content/MessagePreview';
import { TemplatePicker } from '../content/TemplatePicker';
import { CHANNEL_LABELS, TIME_ZONES } from '../../choices';
import { defaultCampaignSchedule, type CampaignInput, type CampaignSummary } from '../../../shared/domain/campaign';
import { defaultNodeData, FLOW_CHANNELS } from '../../../shared/domain/flow';
import type { ProviderSummary } from '../../../shared/rpc/provider-methods';
import { EngineCallError } from '../../engine-client/client';
import { engine } from '../../engine-client';
import { formatNumber } from '../../format';
import { useSegments } from '../../stores/segments';
import { useTimeZone } from '../../stores/workspace';
import { emptyFilter, GroupEditor } from '../audience/FilterEditor';

const STEPS = ['Channel', 'Name', 'Audience', 'Content', 'Link', 'Schedule'] as const;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function blankCampaign(timeZone: string): CampaignInput {
  return { name: '', channel: 'push', audience: { filter: emptyFilter() }, content: defaultNodeData('send'), schedule: defaultCampaignSchedule(timeZone) };
}

/**
 * The reference tool's six steps: channel, name, audience, content, link, schedule. Each step can be
 * revisited; saving keeps a draft, launching schedules it. The engine checks everything again and
 * names the field it refuses.
 */
export function CampaignWizard(props: { editing: CampaignSummary | null; onDone(saved: CampaignSummary | null): void }) {
  const timeZone = useTimeZone();
  const [campaign, setCampaign] = useState<CampaignInput>(() => props.editing ?? blankCampaign(timeZone));
  const [step, setStep] = useState(0);
  const [providers, setProviders] = useState<ProviderSummary[]>([]);
  const [count, setCount] = useState<string>('…');
  const [error, setError] = useState<string | null>(null);
  const { segments, load } = useSegments();

  useEffect(() => {
    void load();
    engine.call('providers/list', {}).then(
      (value) => setProviders(value.providers),
      () => undefined,
    );
  }, [load]);

  // The audience's size now (it is taken again when the campaign runs).
  useEffect(() => {
    const target = 'segmentId' in campaign.audience ? { segmentId: campaign.audience.segmentId } : { filter: campaign.audience.filter };
    const timer = setTimeout(() => {
      engine.call('segments/count', target).then(
        (value) => setCount(`${formatNumber(value.count)} of ${formatNumber(value.total)} customers match now`),
        (e: Error) => setCount(e.message),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [campaign.audience]);

  const set = (changes: Partial<CampaignInput>) => setCampaign({ ...campaign, ...changes });
  const setContent = (changes: Partial<CampaignInput['content']>) => set({ content: { ...campaign.content, ...changes } });
  const setSchedule = (changes: Partial<CampaignInput['schedule']>) => set({ schedule: { ...campaign.schedule, ...changes } });
  const c = campaign.content;
  const s = campaign.schedule;

  const save = async (launch: boolean) => {
    setError(null);
    try {
      let saved = await engine.call('campaigns/save', { ...campaign, ...(props.editing ? { id: props.editing.id } : {}) });
      if (launch) saved = await engine.call('campaigns/launch', { id: saved.id });
      props.onDone(saved);
    } catch (e) {
      const field = e instanceof EngineCallError ? (e.details as { field?: string } | undefined)?.field : undefined;
      setError(field ? `${field}: ${(e as Error).message}` : (e as Error).message);
      const at = field ? STEPS.findIndex((_, i) => stepOfField(field) === i) : -1;
      if (at >= 0) setStep(at);
    }
  };

  let body: ReactNode;
  switch (STEPS[step]) {
    case 'Channel':
      body = (
        <fieldset>
          <legend>Which channel?</legend>
          {FLOW_CHANNELS.map((channel) => (
            <label key={channel} className="checkbox">
              <input type="radio" name="channel" checked={campaign.channel === channel} onChange={() => set({ channel, content: { ...c, channel, providerId: null } })} /> {CHANNEL_LABELS[channel]}
            </label>
          ))}
        </fieldset>
      );
      break;
    case 'Name':
      body = (
        <label>
          Campaign name
          <input dir="auto" value={campaign.name} onChange={(e) => set({ name: e.target.value })} maxLength={120} autoFocus />
        </label>
      );
      break;
    case 'Audience':
      body = (
        <>
          <label>
            Send to
            <select
              aria-label="Audience"
              value={'segmentId' in campaign.audience ? String(campaign.audience.segmentId) : ''}
              onChange={(e) => set({ audience: e.target.value === '' ? { filter: emptyFilter() } : { segmentId: Number(e.target.value) } })}
            >
              <option value="">Customers matching filters…</option>
              {segments.map((segment) => (
                <option key={segment.id} value={segment.id}>
                  Segment: {segment.name}
                </option>
              ))}
            </select>
          </label>
          {'filter' in campaign.audience && (
            <ul className="filter-tree">
              <GroupEditor group={campaign.audience.filter} segments={segments} depth={0} onChange={(filter) => set({ audience: { filter } })} />
            </ul>
          )}
          <p role="status" data-testid="campaign-audience-count">
            {count}
          </p>
        </>
      );
      break;
    case 'Content':
      body = (
        <>
          <label>
            Provider
            <select aria-label="Provider" value={c.providerId ?? ''} onChange={(e) => setContent({ providerId: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">Default for {CHANNEL_LABELS[campaign.channel]}</option>
              {providers
                .filter((p) => p.channel === campaign.channel)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
          {campaign.channel !== 'webhook' && <TemplatePicker channel={campaign.channel} content={c} onChange={(content) => set({ content })} />}
          <ContentFields channel={campaign.channel} content={c} onChange={(content) => set({ content })} />
          <p className="hint">
            Liquid: {'{{ customer.first_name | default: "" }}'}; a marketing email needs {'{{ unsubscribe_url }}'}.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={c.marketing} onChange={(e) => setContent({ marketing: e.target.checked })} /> Marketing (consent, quiet hours and caps apply)
          </label>
          {campaign.channel !== 'webhook' && <MessagePreview channel={campaign.channel} content={c} />}
        </>
      );
      break;
    case 'Link':
      body = (
        <>
          <label>
            {campaign.channel === 'webhook' ? 'URL to call' : 'Link opened from the message'}
            <input dir="auto" type="url" value={c.link} onChange={(e) => setContent({ link: e.target.value })} placeholder="https://shop.example/promo" />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={c.trackConversion} onChange={(e) => setContent({ trackConversion: e.target.checked })} /> Track conversions (purchases after the message)
          </label>
        </>
      );
      break;
    case 'Schedule':
      body = (
        <>
          <fieldset>
            <legend>When</legend>
            {(['now', 'at', 'recurring'] as const).map((kind) => (
              <label key={kind} className="checkbox">
                <input type="radio" name="kind" checked={s.kind === kind} onChange={() => setSchedule({ kind })} />{' '}
                {kind === 'now' ? 'As soon as it is launched' : kind === 'at' ? 'Once, at a date and time' : 'Again and again'}
              </label>
            ))}
          </fieldset>
          {s.kind === 'at' && (
            <label>
              Date and time ({s.timeZone})
              <input type="datetime-local" value={s.at} onChange={(e) => setSchedule({ at: e.target.value })} />
            </label>
          )}
          {s.kind === 'recurring' && (
            <div className="row">
              <select aria-label="Repeat" value={s.repeat} onChange={(e) => setSchedule({ repeat: e.target.value as typeof s.repeat })}>
                <option value="daily">every day</option>
                <option value="weekly">every week on</option>
                <option value="monthly">every month on day</option>
              </select>
              {s.repeat === 'weekly' &&
                WEEKDAYS.map((day, i) => (
                  <label key={day} className="checkbox">
                    <input
                      type="checkbox"
                      checked={s.weekdays.includes(i + 1)}
                      onChange={(e) => setSchedule({ weekdays: e.target.checked ? [...s.weekdays, i + 1].sort() : s.weekdays.filter((d) => d !== i + 1) })}
                    />{' '}
                    {day}
                  </label>
                ))}
              {s.repeat === 'monthly' && <input aria-label="Day of month" type="number" min={1} max={28} value={s.dayOfMonth} onChange={(e) => setSchedule({ dayOfMonth: Number(e.target.value) })} />}
              <label>
                at <input aria-label="Time" type="time" value={s.time} onChange={(e) => setSchedule({ time: e.target.value })} />
              </label>
            </div>
          )}
          <label>
            Campaign time zone
            <select value={s.timeZone} onChange={(e) => setSchedule({ timeZone: e.target.value })}>
              {TIME_ZONES.map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
          </label>
          {s.kind !== 'now' && (
            <label>
              Deliver
              <select aria-label="Deliver" value={s.delivery} onChange={(e) => setSchedule({ delivery: e.target.value as typeof s.delivery })}>
                <option value="campaign_zone">at that time in the campaign's zone</option>
                <option value="customer_zone">at that time in each customer's zone</option>
                <option value="best_hour">at each customer's best hour (most opens and clicks), else that time</option>
              </select>
            </label>
          )}
          {s.kind !== 'now' && s.delivery !== 'campaign_zone' && (
            <label>
              Customers whose hour has already passed
              <select aria-label="Late customers" value={s.lateCustomers} onChange={(e) => setSchedule({ lateCustomers: e.target.value as typeof s.lateCustomers })}>
                <option value="next_day">get it the next day at that hour</option>
                <option value="now">get it at once</option>
              </select>
            </label>
          )}
          <label>
            At most this many messages a minute (0: no limit)
            <input type="number" min={0} value={s.throttlePerMinute} onChange={(e) => setSchedule({ throttlePerMinute: Number(e.target.value) })} />
          </label>
        </>
      );
      break;
  }

  return (
    <section aria-label="Campaign wizard" className="wizard">
      <ol className="steps" aria-label="Steps">
        {STEPS.map((name, i) => (
          <li key={name}>
            <button type="button" aria-current={i === step ? 'step' : undefined} className={i === step ? 'tab active' : 'tab'} onClick={() => setStep(i)}>
              {i + 1}. {name}
            </button>
          </li>
        ))}
      </ol>
      <h2>
        {step + 1}. {STEPS[step]}
      </h2>
      {body}
      {error && (
        <p role="alert" className="banner error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => props.onDone(null)}>
          Cancel
        </button>
        {step > 0 && (
          <button type="button" onClick={() => setStep(step - 1)}>
            Back
          </button>
        )}
        {step < STEPS.length - 1 ? (
          <button type="button" onClick={() => setStep(step + 1)}>
            Next
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void save(false)}>
              Save as draft
            </button>
            <button type="button" className="primary" onClick={() => void save(true)}>
              Save and launch
            </button>
          </>
        )}
      </div>
    </section>
  );
}

/** Which step holds a field the engine refused, so the wizard can take the user there. */
function stepOfField(field: string): number {
  if (field === 'name') return 1;
  if (field.startsWith('audience')) return 2;
  if (field === 'content.link') return 4;
  if (field.startsWith('content')) return 3;
  if (field.startsWith('schedule')) return 5;
  return 0;
}
