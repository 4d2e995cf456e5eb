import { Fragment, useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { CampaignSummary } from '../../../shared/domain/campaign';
import { describeFilter } from '../../../shared/domain/flow-describe';
import { channelLabel } from '../../choices';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatDateTime, formatNumber } from '../../format';
import { useT } from '../../i18n';
import { useDescribeWords } from '../../i18n/words';
import { useAnalytics } from '../../stores/analytics';
import { useSegments } from '../../stores/segments';
import { useTimeZone } from '../../stores/workspace';
import { FunnelView } from '../analytics/FunnelView';
import { ChartCard } from '../analytics/ReportParts';
import { useAnalyticsPeriod } from '../analytics/use-analytics-period';
import { MessagePreview } from '../content/MessagePreview';
import { DateRangePicker } from '../../ui/DateRangePicker';
import { lastDays } from '../../../shared/domain/analytics';
import { CampaignButtons, useCampaignActions } from './CampaignActions';
import { OutboxPanel } from './OutboxPanel';

const TABS = ['report', 'settings', 'messages'] as const;
type Tab = (typeof TABS)[number];

/** One campaign: its report (the Analytics screen's period and attribution), its settings, its messages. */
export function CampaignPage({
  id,
  scheduleText,
  onBack,
  onEdit,
  onSimulate,
}: {
  id: number;
  scheduleText(campaign: CampaignSummary): string;
  onBack(): void;
  onEdit(campaign: CampaignSummary): void;
  onSimulate(campaign: CampaignSummary): void;
}) {
  const t = useT();
  const timeZone = useTimeZone();
  const [tab, setTab] = useState<Tab>('report');
  const [message, setMessage] = useState<string | null>(null);
  const read = useEngineRead('campaigns/get', { id }, ['campaigns', 'messages'], { keepWhileReading: true });
  const actions = useCampaignActions(setMessage, () => undefined);
  const { period, followDays, now } = useAnalyticsPeriod();
  const setPeriod = useAnalytics((s) => s.setPeriod);
  const attribution = useAnalytics((s) => s.attribution);
  const compareWith = useAnalytics((s) => s.compareWith);
  const campaign = read.value;
  if (!campaign)
    return read.error ? (
      <p role="alert" className="error">
        {read.error}
      </p>
    ) : (
      <p role="status">{t('campaign.opening')}</p>
    );
  return (
    <div className="page">
      <div className="row">
        <button type="button" onClick={onBack}>
          {t('campaign.back')}
        </button>
      </div>
      <h1>{campaign.name}</h1>
      <p data-testid="campaign-headline">
        {t('campaign.headline', {
          status: t(`campaigns.status.${campaign.status}`),
          channel: channelLabel(campaign.channel),
          schedule: scheduleText(campaign),
          next: campaign.nextRunAt ? formatDateTime(campaign.nextRunAt, timeZone) : '-',
        })}
      </p>
      <div className="row-actions">
        <CampaignButtons campaign={campaign} actions={actions} onEdit={onEdit} onSimulate={onSimulate} onRemoved={onBack} />
      </div>
      {message && <p role="status">{message}</p>}
      {actions.dialog}
      <div role="tablist" aria-label={campaign.name} className="tabs">
        {TABS.map((name) => (
          <button
            key={name}
            id={`campaign-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={`campaign-panel-${name}`}
            className={tab === name ? 'tab active' : 'tab'}
            onClick={() => setTab(name)}
          >
            {t(`campaign.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`campaign-panel-${tab}`} aria-labelledby={`campaign-tab-${tab}`}>
        {tab === 'report' &&
          (period ? (
            <>
              <div className="row">
                <p className="hint">{followDays !== null ? t('campaign.periodFollows', { count: followDays }) : t('campaign.periodChosen', { from: period.from, to: period.to })}</p>
                {now !== null && (
                  <button type="button" onClick={() => setPeriod(lastDays(now, timeZone, 30), 30)}>
                    {t('analytics.last30')}
                  </button>
                )}
                <DateRangePicker period={period} latest={now !== null ? lastDays(now, timeZone, 1).to : undefined} onChange={(chosen) => setPeriod(chosen)} />
              </div>
              <FunnelView scope={{ campaignId: campaign.id }} period={period} attribution={attribution} compareWith={compareWith} />
              <RunsChart campaign={campaign} />
            </>
          ) : (
            <p role="status">{t('report.counting')}</p>
          ))}
        {tab === 'settings' && <CampaignSettings campaign={campaign} scheduleText={scheduleText} />}
        {tab === 'messages' && <OutboxPanel campaignId={campaign.id} />}
      </div>
    </div>
  );
}

/** Each run: the customers it matched and the messages it queued, oldest first. */
function RunsChart({ campaign }: { campaign: CampaignSummary }) {
  const t = useT();
  const timeZone = useTimeZone();
  if (campaign.runs.length === 0) return <p className="hint">{t('campaign.noRuns')}</p>;
  const data = [...campaign.runs].reverse().map((run) => ({ at: formatDateTime(run.at, timeZone), audience: run.audience, queued: run.queued }));
  return (
    <ChartCard title={t('campaign.runsChart')} fileName={`runs-${campaign.name.replace(/[^\w-]+/g, '_')}`}>
      <BarChart width={720} height={240} data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="at" />
        <YAxis />
        <Tooltip />
        <Legend />
        <Bar dataKey="audience" name={t('campaign.runAudience')} fill="#4c6ef5" isAnimationActive={false} />
        <Bar dataKey="queued" name={t('campaign.runQueued')} fill="#15aabf" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

function CampaignSettings({ campaign, scheduleText }: { campaign: CampaignSummary; scheduleText(campaign: CampaignSummary): string }) {
  const t = useT();
  const timeZone = useTimeZone();
  const words = useDescribeWords();
  const segments = useSegments((s) => s.segments);
  const loadSegments = useSegments((s) => s.load);
  useEffect(() => {
    void loadSegments();
  }, [loadSegments]);
  const segmentName = (segmentId: number) => segments.find((s) => s.id === segmentId)?.name;
  const audience =
    'segmentId' in campaign.audience
      ? t('campaign.segment', { name: segmentName(campaign.audience.segmentId) ?? `#${campaign.audience.segmentId}` })
      : campaign.audience.filter.conditions.length === 0
        ? t('campaign.everyone')
        : describeFilter(campaign.audience.filter, { segmentName }, words);
  const rows: [string, string][] = [
    [t('campaigns.channel'), channelLabel(campaign.channel)],
    [t('campaign.audience'), audience],
    [t('campaigns.schedule'), scheduleText(campaign)],
    [t('campaigns.nextRun'), campaign.nextRunAt ? formatDateTime(campaign.nextRunAt, timeZone) : '-'],
    [t('campaign.runs'), formatNumber(campaign.runs.length)],
    [t('campaign.created'), formatDateTime(campaign.createdAt, timeZone)],
    [t('campaign.updated'), formatDateTime(campaign.updatedAt, timeZone)],
  ];
  return (
    <>
      <dl className="facts">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <MessagePreview channel={campaign.channel} content={campaign.content} />
    </>
  );
}
