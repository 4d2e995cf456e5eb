import { useCallback, useEffect, useState } from 'react';
import type { CampaignSummary } from '../../../shared/domain/campaign';
import { EmptyState } from '../../ui/EmptyState';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { CampaignWizard } from './CampaignWizard';
import { OutboxPanel } from './OutboxPanel';
import { CampaignButtons, useCampaignActions } from './CampaignActions';
import { CampaignPage } from './CampaignPage';
import { ForecastDialog } from '../forecast/ForecastDialog';
import { useT } from '../../i18n';
import { channelLabel } from '../../choices';
import { DataTable } from '../../ui/DataTable';

const TABS = ['campaigns', 'outbox'] as const;

function scheduleText(c: CampaignSummary, t: ReturnType<typeof useT>): string {
  const s = c.schedule;
  const when = s.kind === 'now' ? t('campaigns.whenLaunched') : s.kind === 'at' ? `${s.at.replace('T', ' ')}` : t(`campaigns.repeat.${s.repeat}`, { time: s.time });
  const where = s.kind === 'now' ? '' : s.delivery === 'customer_zone' ? t('campaigns.eachZone') : s.delivery === 'best_hour' ? t('campaigns.bestHour') : ` ${s.timeZone}`;
  const end = s.kind !== 'recurring' || s.ends.kind === 'never' ? '' : s.ends.kind === 'on' ? t('campaigns.until', { date: s.ends.date }) : t('campaigns.runsLeft', { count: s.ends.runs });
  return when + where + end + (s.throttlePerMinute > 0 ? `, ${s.throttlePerMinute}/min` : '');
}

export function CampaignsPage() {
  const [tab, setTab] = useState<(typeof TABS)[number]>('campaigns');
  const t = useT();
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | null>(null);
  const [editing, setEditing] = useState<CampaignSummary | 'new' | null>(null);
  const [forecasting, setForecasting] = useState<CampaignSummary | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [opened, setOpened] = useState<number | null>(null);
  const timeZone = useTimeZone();

  const load = useCallback(() => {
    engine.call('campaigns/list', {}).then(
      (value) => setCampaigns(value.campaigns),
      (e: Error) => setMessage(e.message),
    );
  }, []);
  useEffect(() => {
    load();
    return engine.onEvent((event) => {
      if (event.type === 'data/changed' && (event.topic === 'campaigns' || event.topic === 'messages')) load();
    });
  }, [load]);

  const actions = useCampaignActions(setMessage, load);

  if (editing) {
    return (
      <>
        <h1>{editing === 'new' ? t('campaigns.new') : t('campaigns.editTitle', { name: editing.name })}</h1>
        <CampaignWizard
          editing={editing === 'new' ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved)
              setMessage(
                saved.nextRunAt
                  ? t('campaigns.savedRuns', { name: saved.name, status: t(`campaigns.status.${saved.status}`), time: formatDateTime(saved.nextRunAt, timeZone) })
                  : t('campaigns.saved', { name: saved.name, status: t(`campaigns.status.${saved.status}`) }),
              );
            load();
          }}
        />
      </>
    );
  }

  if (opened !== null) {
    return (
      <>
        {forecasting && <ForecastDialog subject={{ kind: 'campaign', id: forecasting.id, name: forecasting.name }} onClose={() => setForecasting(null)} />}
        <CampaignPage id={opened} scheduleText={(c) => scheduleText(c, t)} onBack={() => setOpened(null)} onEdit={setEditing} onSimulate={setForecasting} />
      </>
    );
  }

  return (
    <>
      <h1>{t('nav.campaigns')}</h1>
      {actions.dialog}
      {forecasting && <ForecastDialog subject={{ kind: 'campaign', id: forecasting.id, name: forecasting.name }} onClose={() => setForecasting(null)} />}
      <div role="tablist" aria-label={t('nav.campaigns')} className="tabs">
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'tab active' : 'tab'}
            onClick={() => {
              setTab(id);
              // What the list said belongs to the list: it goes with it.
              setMessage(null);
            }}
          >
            {t(`campaigns.tab.${id}`)}
          </button>
        ))}
      </div>
      {tab === 'outbox' && <OutboxPanel />}
      {tab === 'campaigns' && (
        <>
          {message && <p role="status">{message}</p>}
          <div className="row">
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              {t('campaigns.new')}
            </button>
          </div>
          {campaigns?.length === 0 && <EmptyState title={t('campaigns.emptyTitle')}>{t('campaigns.emptyText')}</EmptyState>}
          {campaigns && campaigns.length > 0 && (
            <DataTable
              label={t('nav.campaigns')}
              caption={t('campaigns.caption', { zone: timeZone })}
              rows={campaigns}
              rowKey={(c) => String(c.id)}
              columns={[
                {
                  id: 'name',
                  header: t('campaigns.name'),
                  rowHeader: true,
                  sortValue: (c) => c.name,
                  cell: (c) => (
                    <button type="button" className="link" onClick={() => setOpened(c.id)} aria-label={t('campaign.open', { name: c.name })}>
                      {c.name}
                    </button>
                  ),
                },
                { id: 'channel', header: t('campaigns.channel'), sortValue: (c) => channelLabel(c.channel), cell: (c) => channelLabel(c.channel) },
                { id: 'status', header: t('campaigns.status'), sortValue: (c) => t(`campaigns.status.${c.status}`), cell: (c) => t(`campaigns.status.${c.status}`) },
                { id: 'schedule', header: t('campaigns.schedule'), cell: (c) => scheduleText(c, t) },
                { id: 'next', header: t('campaigns.nextRun'), sortValue: (c) => c.nextRunAt, cell: (c) => (c.nextRunAt ? formatDateTime(c.nextRunAt, timeZone) : '-') },
                {
                  id: 'messages',
                  header: t('campaigns.messages'),
                  sortValue: (c) => Object.values(c.messages).reduce((a, b) => a + b, 0),
                  cell: (c) => (
                    <span data-testid={`campaign-messages-${c.id}`}>
                      {Object.entries(c.messages)
                        .map(([status, n]) => `${n} ${t(`messageStatus.${status as 'sent'}`)}`)
                        .join(', ') || '-'}
                    </span>
                  ),
                },
                {
                  id: 'actions',
                  header: t('campaigns.actions'),
                  cell: (c) => (
                    <span className="row-actions">
                      <CampaignButtons campaign={c} actions={actions} onEdit={setEditing} onSimulate={setForecasting} />
                    </span>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
