import { useCallback, useEffect, useState } from 'react';
import type { CampaignSummary } from '../../../shared/domain/campaign';
import { EmptyState } from '../../app/EmptyState';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { CampaignWizard } from './CampaignWizard';
import { OutboxPanel } from './OutboxPanel';
import { ForecastDialog } from '../forecast/ForecastDialog';

const TABS = [
  { id: 'campaigns', label: 'Campaigns' },
  { id: 'outbox', label: 'Outbox' },
] as const;

function scheduleText(c: CampaignSummary): string {
  const s = c.schedule;
  const when = s.kind === 'now' ? 'when launched' : s.kind === 'at' ? `${s.at.replace('T', ' ')}` : `${s.repeat} at ${s.time}`;
  const where = s.kind === 'now' ? '' : s.delivery === 'customer_zone' ? ", each customer's zone" : s.delivery === 'best_hour' ? ', best hour' : ` ${s.timeZone}`;
  return when + where + (s.throttlePerMinute > 0 ? `, ${s.throttlePerMinute}/min` : '');
}

export function CampaignsPage() {
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('campaigns');
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | null>(null);
  const [editing, setEditing] = useState<CampaignSummary | 'new' | null>(null);
  const [forecasting, setForecasting] = useState<CampaignSummary | null>(null);
  const [message, setMessage] = useState<string | null>(null);
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

  const act = async (method: 'campaigns/launch' | 'campaigns/pause', campaign: CampaignSummary) => {
    try {
      const value = await engine.call(method, { id: campaign.id });
      setMessage(`"${value.name}" is ${value.status}.`);
      load();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  if (editing) {
    return (
      <>
        <h1>{editing === 'new' ? 'New campaign' : `Edit "${editing.name}"`}</h1>
        <CampaignWizard
          editing={editing === 'new' ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setMessage(`"${saved.name}" saved: ${saved.status}${saved.nextRunAt ? `, runs ${formatDateTime(saved.nextRunAt, timeZone)}` : ''}.`);
            load();
          }}
        />
      </>
    );
  }

  return (
    <>
      <h1>Campaigns</h1>
      {forecasting && <ForecastDialog subject={{ kind: 'campaign', id: forecasting.id, name: forecasting.name }} onClose={() => setForecasting(null)} />}
      <div role="tablist" aria-label="Campaigns" className="tabs">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {message && <p role="status">{message}</p>}
      {tab === 'outbox' && <OutboxPanel />}
      {tab === 'campaigns' && (
        <>
          <div className="row">
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              New campaign
            </button>
          </div>
          {campaigns?.length === 0 && (
            <EmptyState title="No campaigns yet">
              A campaign sends one message to a segment, now, at a date or again and again, in the campaign's zone, each customer's, or at their best hour.
            </EmptyState>
          )}
          {campaigns && campaigns.length > 0 && (
            <table className="data">
              <caption>Campaigns (times in {timeZone})</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Status</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Next run</th>
                  <th scope="col">Messages</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.channel}</td>
                    <td>{c.status}</td>
                    <td>{scheduleText(c)}</td>
                    <td>{c.nextRunAt ? formatDateTime(c.nextRunAt, timeZone) : '-'}</td>
                    <td data-testid={`campaign-messages-${c.id}`}>
                      {Object.entries(c.messages)
                        .map(([status, n]) => `${n} ${status}`)
                        .join(', ') || '-'}
                    </td>
                    <td className="row">
                      {(c.status === 'draft' || c.status === 'paused') && (
                        <>
                          <button type="button" onClick={() => setEditing(c)}>
                            Edit
                          </button>
                          <button type="button" onClick={() => void act('campaigns/launch', c)}>
                            Launch
                          </button>
                          <button type="button" onClick={() => setForecasting(c)}>
                            Simulate on a copy…
                          </button>
                        </>
                      )}
                      {(c.status === 'scheduled' || c.status === 'running') && (
                        <button type="button" onClick={() => void act('campaigns/pause', c)}>
                          Pause
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
