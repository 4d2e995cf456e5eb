import { useEffect, useState } from 'react';
import { ATTRIBUTION_MODELS, lastDays, type AttributionModel, type Period } from '../../../shared/domain/analytics';
import type { CampaignSummary } from '../../../shared/domain/campaign';
import type { FlowSummary } from '../../../shared/domain/flow-summary';
import { FLOW_CHANNELS, type FlowChannel } from '../../../shared/domain/flow';
import { channelLabel } from '../../choices';
import { engine } from '../../engine-client';
import { useAnalytics } from '../../stores/analytics';
import { useTimeZone, useWorkspace } from '../../stores/workspace';
import { formatDateTime, formatMoney } from '../../format';
import { CommerceView, CustomersView } from './BusinessViews';
import { ChannelsView, FlowsView } from './ComparisonViews';
import { CountingBanner } from './CountingBanner';
import { ExperimentsView } from './ExperimentsView';
import { FunnelView } from './FunnelView';
import { count, useReport } from './use-report';
import { useModelLabel } from './report-words';
import { DateRangePicker } from '../../ui/DateRangePicker';
import { useEngineClock } from './use-analytics-period';
import { useT } from '../../i18n';

/**
 * Results, computed offline from the workspace's own rows: a dashboard of the last 30 days, a
 * flow's or a campaign's funnel, flows compared, channels, customers, commerce and experiments.
 * One period, one attribution model (and optionally a second beside it) for every tab.
 */
const TABS = ['dashboard', 'flow', 'campaign', 'flows', 'channels', 'customers', 'commerce', 'experiments'] as const;
type Tab = (typeof TABS)[number];

function Dashboard({ period }: { period: Period }) {
  const { attribution, channel } = useAnalytics();
  const currency = useWorkspace((s) => s.settings?.currency ?? 'DZD');
  const commerce = useReport('analytics/commerce', { period });
  const channels = useReport('analytics/channels', { period, attribution });
  const gmv = commerce.value?.days.reduce((n, d) => n + d.gmv, 0) ?? 0;
  const orders = commerce.value?.days.reduce((n, d) => n + d.orders, 0) ?? 0;
  const conversions = channels.value?.months.reduce((n, m) => n + m.total, 0) ?? 0;
  const t = useT();
  return (
    <>
      <div className="kpis" role="group" aria-label={t('analytics.keyFigures')}>
        <div className="kpi">
          <div className="value" data-testid="kpi-gmv">
            {formatMoney(gmv, currency)}
          </div>
          <div className="label">{'GMV'}</div>
        </div>
        <div className="kpi">
          <div className="value">{count(orders)}</div>
          <div className="label">{t('report.orders')}</div>
        </div>
        <div className="kpi">
          <div className="value">{count(conversions)}</div>
          <div className="label">{t('analytics.attributedConversions')}</div>
        </div>
      </div>
      <FlowsView period={period} attribution={attribution} compareWith={null} channel={channel} />
      <ChannelsView period={period} attribution={attribution} />
    </>
  );
}

function Picker<T extends { id: number; name: string }>({ label, items, value, onChange }: { label: string; items: T[]; value: number | null; onChange: (id: number) => void }) {
  const t = useT();
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        <option value="" disabled>
          {t('analytics.choose')}
        </option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AnalyticsPage() {
  const timeZone = useTimeZone();
  const t = useT();
  const modelLabel = useModelLabel();
  const { period, followDays, attribution, compareWith, channel, setPeriod, setAttribution, setCompareWith, setChannel } = useAnalytics();
  // "Today" is the engine's: a simulation workspace reads its virtual clock, again as it advances.
  const { now, mode: clockMode } = useEngineClock();
  const [tab, setTab] = useState<Tab>('dashboard');
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [flowId, setFlowId] = useState<number | null>(null);
  const [campaignId, setCampaignId] = useState<number | null>(null);

  useEffect(() => {
    engine.call('flows/list', {}).then(
      (value) => setFlows(value.flows),
      () => undefined,
    );
    engine.call('campaigns/list', {}).then(
      (value) => setCampaigns(value.campaigns),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    if (now === null || followDays === null) return;
    const following = lastDays(now, timeZone, followDays);
    if (period?.from !== following.from || period?.to !== following.to) setPeriod(following, followDays);
  }, [period, followDays, now, timeZone, setPeriod]);
  useEffect(() => {
    if (flowId === null && flows.length > 0) setFlowId(flows[0]!.id);
    if (campaignId === null && campaigns.length > 0) setCampaignId(campaigns[0]!.id);
  }, [flows, campaigns, flowId, campaignId]);

  const quick = (days: number) => now !== null && setPeriod(lastDays(now, timeZone, days), days);
  return (
    <>
      <h1>{t('nav.analytics')}</h1>
      <CountingBanner />
      {period && (
        <div className="analytics-controls" role="group" aria-label={t('analytics.periodAttribution')}>
          <label>
            {t('analytics.from')}
            <input type="date" value={period.from} max={period.to} onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })} />
          </label>
          <label>
            {t('analytics.to')}
            <input type="date" value={period.to} min={period.from} onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })} />
          </label>
          <span>
            <button type="button" onClick={() => quick(7)}>
              {t('analytics.last7')}
            </button>{' '}
            <button type="button" onClick={() => quick(30)}>
              {t('analytics.last30')}
            </button>{' '}
            <button type="button" onClick={() => quick(90)}>
              {t('analytics.days90')}
            </button>{' '}
            <DateRangePicker period={period} latest={now !== null ? lastDays(now, timeZone, 1).to : undefined} onChange={(chosen) => setPeriod(chosen)} />
          </span>
          {followDays !== null && now !== null && (
            <span className="hint" data-testid="period-follows-clock">
              {t(clockMode === 'virtual' ? 'analytics.followsVirtual' : 'analytics.follows', { days: followDays, now: formatDateTime(new Date(now).toISOString(), timeZone) })}
            </span>
          )}
          <label>
            {t('analytics.attribution')}
            <select value={attribution.model} onChange={(e) => setAttribution({ model: e.target.value as AttributionModel })}>
              {ATTRIBUTION_MODELS.map((m) => (
                <option key={m} value={m}>
                  {modelLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('analytics.compareWith')}
            <select value={compareWith ?? ''} onChange={(e) => setCompareWith(e.target.value === '' ? null : (e.target.value as AttributionModel))}>
              <option value="">{t('analytics.noSecond')}</option>
              {ATTRIBUTION_MODELS.filter((m) => m !== attribution.model).map((m) => (
                <option key={m} value={m}>
                  {modelLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('analytics.count')}
            <select value={attribution.counting} onChange={(e) => setAttribution({ counting: e.target.value as 'all' | 'one_per_message' })}>
              <option value="all">{t('analytics.everyConversion')}</option>
              <option value="one_per_message">{t('report.onePerMessage')}</option>
            </select>
          </label>
          <label>
            {t('analytics.window')}
            <input
              type="number"
              min={1}
              max={2160}
              placeholder={t('analytics.flowsOwn')}
              value={attribution.windowHours ?? ''}
              onChange={(e) => {
                const { windowHours: _dropped, ...rest } = attribution;
                setAttribution(e.target.value === '' ? { ...rest, windowHours: undefined } : { windowHours: Math.max(1, Number(e.target.value)) });
              }}
            />
          </label>
          <label>
            {t('analytics.channelFilter')}
            <select value={channel ?? ''} onChange={(e) => setChannel(e.target.value === '' ? null : (e.target.value as FlowChannel))}>
              <option value="">{t('analytics.allChannels')}</option>
              {FLOW_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {channelLabel(c)}
                </option>
              ))}
            </select>
          </label>
          <span className="hint">{t('analytics.daysIn', { zone: timeZone })}</span>
        </div>
      )}
      <div role="tablist" aria-label={t('analytics.views')} className="tabs">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)}>
            {t(`analytics.tab.${id}`)}
          </button>
        ))}
      </div>
      {!period && <p className="hint">{t('analytics.readingClock')}</p>}
      {period && (
        <div role="tabpanel" aria-label={t(`analytics.tab.${tab}`)}>
          {tab === 'dashboard' && <Dashboard period={period} />}
          {tab === 'flow' && (
            <>
              <Picker label={t('report.flow')} items={flows} value={flowId} onChange={setFlowId} />
              {flowId !== null ? <FunnelView scope={{ flowId }} period={period} attribution={attribution} compareWith={compareWith} /> : <p className="hint">{t('analytics.noFlows')}</p>}
            </>
          )}
          {tab === 'campaign' && (
            <>
              <Picker label={t('outbox.campaign')} items={campaigns} value={campaignId} onChange={setCampaignId} />
              {campaignId !== null ? <FunnelView scope={{ campaignId }} period={period} attribution={attribution} compareWith={compareWith} /> : <p className="hint">{t('analytics.noCampaigns')}</p>}
            </>
          )}
          {tab === 'flows' && <FlowsView period={period} attribution={attribution} compareWith={compareWith} channel={channel} />}
          {tab === 'channels' && <ChannelsView period={period} attribution={attribution} />}
          {tab === 'customers' && <CustomersView period={period} />}
          {tab === 'commerce' && <CommerceView period={period} />}
          {tab === 'experiments' && <ExperimentsView period={period} />}
        </div>
      )}
    </>
  );
}
