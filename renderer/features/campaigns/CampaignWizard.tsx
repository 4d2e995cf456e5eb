import { useEffect, useState, type ReactNode } from 'react';
import { ContentFields } from '../content/ContentFields';
import { MessagePreview } from '../content/MessagePreview';
import { TemplatePicker } from '../content/TemplatePicker';
import { channelLabel } from '../../choices';
import { defaultCampaignSchedule, type CampaignInput, type CampaignSummary } from '../../../shared/domain/campaign';
import { defaultNodeData, FLOW_CHANNELS } from '../../../shared/domain/flow';
import type { ProviderSummary } from '../../../shared/rpc/provider-methods';
import { EngineCallError } from '../../engine-client/client';
import { engine } from '../../engine-client';
import { formatNumber } from '../../format';
import { useSegments } from '../../stores/segments';
import { useTimeZone } from '../../stores/workspace';
import { emptyFilter, GroupEditor } from '../audience/FilterEditor';
import { useT, type UiKey } from '../../i18n';
import { ScheduleFields } from './ScheduleFields';
import { issueText } from '../../i18n/input-issues';
import type { FieldIssue } from '../../../shared/rpc/envelope';

const STEPS = ['channel', 'name', 'audience', 'content', 'link', 'schedule'] as const;

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
  const t = useT();
  // Only what a campaign is made of: its status, runs and counts are the engine's, which refuses them in a save.
  const [campaign, setCampaign] = useState<CampaignInput>(() => {
    if (!props.editing) return blankCampaign(timeZone);
    const { name, channel, audience, content, schedule } = props.editing;
    return { name, channel, audience, content, schedule };
  });
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

  // The audience's size now (it is taken again when the campaign runs), and who of it the channel reaches.
  const [reach, setReach] = useState<string>('');
  const marketing = campaign.content.marketing;
  useEffect(() => {
    const target = 'segmentId' in campaign.audience ? { segmentId: campaign.audience.segmentId } : { filter: campaign.audience.filter };
    const timer = setTimeout(() => {
      engine.call('segments/count', target).then(
        (value) => setCount(t('wizardCampaign.matchNow', { count: formatNumber(value.count), total: formatNumber(value.total) })),
        (e: Error) => setCount(e.message),
      );
      engine.call('segments/reach', { target, channel: campaign.channel, marketing }).then(
        (value) =>
          setReach(
            t(marketing ? 'wizardCampaign.reachMarketing' : 'wizardCampaign.reach', {
              channel: channelLabel(campaign.channel),
              matching: formatNumber(value.matching),
              withAddress: formatNumber(value.withAddress),
              reachable: formatNumber(value.reachable),
            }),
          ),
        () => setReach(''),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [campaign.audience, campaign.channel, marketing, t]);

  // An error belongs to what was sent: a change to the campaign clears it.
  const set = (changes: Partial<CampaignInput>) => {
    setCampaign({ ...campaign, ...changes });
    setError(null);
  };
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
      // The engine names the field it refused (schema checks list several): said in the wizard's words.
      const details = e instanceof EngineCallError ? (e.details as { field?: string; issues?: FieldIssue[] } | undefined) : undefined;
      const problems: FieldIssue[] = details?.issues ?? (details?.field ? [{ field: details.field, message: (e as EngineCallError).engineMessage }] : []);
      setError(problems.length > 0 ? problems.map(fieldProblem).join(' ') : (e as Error).message);
      const field = problems[0]?.field;
      const at = field ? STEPS.findIndex((_, i) => stepOfField(field) === i) : -1;
      if (at >= 0) setStep(at);
    }
  };

  /** "Date and time is required", not `schedule.at: ""`: the field by its label, and why. */
  const fieldProblem = (issue: FieldIssue) => {
    const ends = campaign.schedule.ends;
    if (issue.field === 'schedule.ends.date' && ends.kind === 'on') return t('wizardCampaign.endsBeforeFirstRun', { date: ends.date });
    const labelKey = FIELD_LABELS[issue.field];
    const label = labelKey ? t(labelKey) : undefined;
    if (issue.kind) return issueText(issue, label);
    // A check of the engine's own (not the schema's) names the field only: an empty one is missing.
    const value = issue.field.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), campaign);
    return issueText({ ...issue, kind: value === '' || value === undefined ? 'required' : 'other' }, label);
  };

  let body: ReactNode;
  switch (STEPS[step]) {
    case 'channel':
      body = (
        <fieldset>
          <legend>{t('wizardCampaign.whichChannel')}</legend>
          {FLOW_CHANNELS.map((channel) => (
            <label key={channel} className="checkbox">
              <input type="radio" name="channel" checked={campaign.channel === channel} onChange={() => set({ channel, content: { ...c, channel, providerId: null } })} /> {channelLabel(channel)}
            </label>
          ))}
        </fieldset>
      );
      break;
    case 'name':
      body = (
        <label>
          {t('wizardCampaign.campaignName')}
          <input dir="auto" value={campaign.name} onChange={(e) => set({ name: e.target.value })} maxLength={120} autoFocus />
        </label>
      );
      break;
    case 'audience':
      body = (
        <>
          <label>
            {t('wizardCampaign.sendTo')}
            <select
              aria-label={t('wizardCampaign.step.audience')}
              value={'segmentId' in campaign.audience ? String(campaign.audience.segmentId) : ''}
              onChange={(e) => set({ audience: e.target.value === '' ? { filter: emptyFilter() } : { segmentId: Number(e.target.value) } })}
            >
              <option value="">{t('wizardCampaign.matchingFilters')}</option>
              {segments.map((segment) => (
                <option key={segment.id} value={segment.id}>
                  {t('wizardCampaign.segment', { name: segment.name })}
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
          <p className="hint" data-testid="campaign-reach">
            {reach}
          </p>
        </>
      );
      break;
    case 'content':
      body = (
        <>
          <label>
            {t('inspector.provider')}
            <select aria-label={t('inspector.provider')} value={c.providerId ?? ''} onChange={(e) => setContent({ providerId: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">{t('inspector.defaultFor', { channel: channelLabel(campaign.channel) })}</option>
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
          <p className="hint">{t('wizardCampaign.liquidHint', { first: '{{ customer.first_name | default: "" }}', unsubscribe: '{{ unsubscribe_url }}' })}</p>
          <label className="checkbox">
            <input type="checkbox" checked={c.marketing} onChange={(e) => setContent({ marketing: e.target.checked })} /> {t('wizardCampaign.marketing')}
          </label>
          {campaign.channel !== 'webhook' && <MessagePreview channel={campaign.channel} content={c} />}
        </>
      );
      break;
    case 'link':
      body = (
        <>
          <label>
            {t(campaign.channel === 'webhook' ? 'inspector.urlToCall' : 'wizardCampaign.linkOpened')}
            <input dir="auto" type="url" value={c.link} onChange={(e) => setContent({ link: e.target.value })} placeholder="https://shop.example/promo" />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={c.trackConversion} onChange={(e) => setContent({ trackConversion: e.target.checked })} /> {t('wizardCampaign.trackConversions')}
          </label>
        </>
      );
      break;
    case 'schedule':
      body = <ScheduleFields schedule={s} onChange={setSchedule} />;
      break;
  }

  return (
    <section aria-label={t('wizardCampaign.label')} className="wizard">
      <ol className="steps" aria-label={t('wizardCampaign.steps')}>
        {STEPS.map((name, i) => (
          <li key={name}>
            <button type="button" aria-current={i === step ? 'step' : undefined} className={i === step ? 'tab active' : 'tab'} onClick={() => setStep(i)}>
              {i + 1}. {t(`wizardCampaign.step.${name}`)}
            </button>
          </li>
        ))}
      </ol>
      <h2>
        {step + 1}. {t(`wizardCampaign.step.${STEPS[step]!}`)}
      </h2>
      {body}
      {error && (
        <p role="alert" className="banner error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => props.onDone(null)}>
          {t('wizardCampaign.cancel')}
        </button>
        {step > 0 && (
          <button type="button" onClick={() => setStep(step - 1)}>
            {t('wizardCampaign.back')}
          </button>
        )}
        {step < STEPS.length - 1 ? (
          <button type="button" onClick={() => setStep(step + 1)} disabled={STEPS[step] === 'name' && campaign.name.trim() === ''}>
            {t('wizardCampaign.next')}
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void save(false)}>
              {t('wizardCampaign.saveDraft')}
            </button>
            <button type="button" className="primary" onClick={() => void save(true)}>
              {t('wizardCampaign.saveLaunch')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

/** The wizard's own label for each field the engine may refuse. */
const FIELD_LABELS: Record<string, UiKey> = {
  name: 'wizardCampaign.campaignName',
  'schedule.at': 'inspector.dateTime',
  'schedule.time': 'wizardCampaign.time',
  'schedule.timeZone': 'wizardCampaign.timeZone',
  'schedule.ends.runs': 'wizardCampaign.endRuns',
  'content.title': 'content.title',
  'content.subject': 'content.subject',
  'content.body': 'content.message',
  'content.html': 'content.html',
  'content.link': 'wizardCampaign.linkOpened',
  'content.templateName': 'content.template',
  'content.providerId': 'inspector.provider',
};

/** Which step holds a field the engine refused, so the wizard can take the user there. */
function stepOfField(field: string): number {
  if (field === 'name') return 1;
  if (field.startsWith('audience')) return 2;
  if (field === 'content.link') return 4;
  if (field.startsWith('content')) return 3;
  if (field.startsWith('schedule')) return 5;
  return 0;
}
