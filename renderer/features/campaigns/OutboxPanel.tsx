import { useCallback, useEffect, useRef, useState } from 'react';
import type { CampaignSummary } from '../../../shared/domain/campaign';
import { MESSAGE_STATUSES, type MessageRow, type MessageStatus } from '../../../shared/domain/delivery';
import type { FlowSummary } from '../../../shared/domain/flow-summary';
import { engine } from '../../engine-client';
import { formatNumber, formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { Isolated } from '../audience/Isolated';
import { useT } from '../../i18n';
import { useMessageReason } from '../../i18n/words';
import { MessageDetailDrawer } from './MessageDetailDrawer';

/** Messages per page; "Show older messages" adds the next page. */
const PAGE = 200;
/** The most a read again (after a change) asks for, to keep the pages already shown. */
const MOST = 1000;

interface OutboxFilter {
  status: MessageStatus | '';
  campaignId: number | null;
  flowId: number | null;
  customer: string;
}

/**
 * Every message, newest first, with why it was held, dropped or failed, narrowed by status,
 * campaign, flow or customer, a page at a time. Messages of unknown fate (the app stopped while the
 * provider was being called, and the provider cannot be asked) wait here for the user to say what
 * to do.
 */
export function OutboxPanel({ campaignId }: { campaignId?: number } = {}) {
  // On a campaign's own page, the outbox is that campaign's: the campaign and flow choices are not offered.
  const ofOneCampaign = campaignId !== undefined;
  const [filter, setFilter] = useState<OutboxFilter>({ status: '', campaignId: campaignId ?? null, flowId: null, customer: '' });
  const [customerText, setCustomerText] = useState('');
  const [rows, setRows] = useState<MessageRow[] | null>(null);
  const [more, setMore] = useState(false);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [opened, setOpened] = useState<number | null>(null);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const timeZone = useTimeZone();
  const t = useT();
  const reason = useMessageReason();
  // How many rows are shown, so a read again after a change keeps the older pages the user opened.
  const shown = useRef(0);
  // Reads overlap (a change arrives while older messages are being read): only the latest counts.
  const latestRead = useRef(0);

  const query = useCallback(
    (limit: number, beforeId?: number) =>
      engine.call('messages/list', {
        limit,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.campaignId !== null ? { campaignId: filter.campaignId } : {}),
        ...(filter.flowId !== null ? { flowId: filter.flowId } : {}),
        ...(filter.customer ? { customerExternalId: filter.customer } : {}),
        ...(beforeId !== undefined ? { beforeId } : {}),
      }),
    [filter],
  );
  const load = useCallback(() => {
    const limit = Math.min(MOST, Math.max(PAGE, shown.current));
    const read = ++latestRead.current;
    query(limit).then(
      (value) => {
        if (read !== latestRead.current) return;
        shown.current = value.rows.length;
        setRows(value.rows);
        setMore(value.rows.length === limit);
      },
      (e: Error) => setMessage(e.message),
    );
  }, [query]);
  const loadOlder = () => {
    const last = rows?.at(-1);
    if (!last) return;
    const read = ++latestRead.current;
    query(PAGE, last.id).then(
      (value) => {
        if (read !== latestRead.current) return;
        setRows((current) => {
          const next = [...(current ?? []), ...value.rows];
          shown.current = next.length;
          return next;
        });
        setMore(value.rows.length === PAGE);
      },
      (e: Error) => setMessage(e.message),
    );
  };
  useEffect(() => {
    shown.current = 0;
    load();
    return engine.onEvent((event) => {
      if (event.type === 'data/changed' && (event.topic === 'messages' || event.topic === 'campaigns')) load();
    });
  }, [load]);
  useEffect(() => {
    const readChoices = () => {
      engine.call('campaigns/list', {}).then(
        (value) => setCampaigns(value.campaigns),
        () => undefined,
      );
      engine.call('flows/list', {}).then(
        (value) => setFlows(value.flows),
        () => undefined,
      );
    };
    readChoices();
    return engine.onEvent((event) => {
      if (event.type === 'data/changed' && (event.topic === 'campaigns' || event.topic === 'flows')) readChoices();
    });
  }, []);

  const resolve = async (action: 'resend' | 'mark_sent' | 'mark_failed') => {
    try {
      const { updated } = await engine.call('messages/resolve', { ids: [...chosen], action });
      setMessage(t('outbox.updated', { updated }));
      setChosen(new Set());
      load();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  const unknownShown = rows?.filter((m) => m.status === 'unknown') ?? [];
  const described = [
    filter.status ? t(`messageStatus.${filter.status}`) : '',
    filter.campaignId !== null ? t('outbox.ofCampaign', { name: campaigns.find((c) => c.id === filter.campaignId)?.name ?? filter.campaignId }) : '',
    filter.flowId !== null ? t('outbox.ofFlow', { name: flows.find((f) => f.id === filter.flowId)?.name ?? filter.flowId }) : '',
    filter.customer ? t('outbox.toCustomer', { id: filter.customer }) : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <section aria-label={t('campaigns.tab.outbox')}>
      <div className="row">
        <label>
          {t('outbox.status')}
          <select aria-label={t('outbox.status')} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as MessageStatus | '' })}>
            <option value="">{t('outbox.all')}</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`messageStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {!ofOneCampaign && (
          <>
            <label>
              {t('outbox.campaign')}
              <select
                aria-label={t('outbox.campaign')}
                value={filter.campaignId ?? ''}
                onChange={(e) => setFilter({ ...filter, campaignId: e.target.value === '' ? null : Number(e.target.value), flowId: null })}
              >
                <option value="">{t('outbox.all')}</option>
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('outbox.flow')}
              <select
                aria-label={t('outbox.flow')}
                value={filter.flowId ?? ''}
                onChange={(e) => setFilter({ ...filter, flowId: e.target.value === '' ? null : Number(e.target.value), campaignId: null })}
              >
                <option value="">{t('outbox.all')}</option>
                {flows.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <form
          className="row"
          aria-label={t('outbox.customer')}
          onSubmit={(e) => {
            e.preventDefault();
            setFilter({ ...filter, customer: customerText.trim() });
          }}
        >
          <input dir="auto" aria-label={t('outbox.customerId')} placeholder={t('outbox.customerId')} value={customerText} onChange={(e) => setCustomerText(e.target.value)} />
          <button type="submit">{t('outbox.show')}</button>
        </form>
        <button type="button" onClick={load}>
          {t('outbox.refresh')}
        </button>
        {unknownShown.length > 0 && (
          <button type="button" onClick={() => setChosen(new Set(unknownShown.map((m) => m.id)))}>
            {t('outbox.chooseUnknown', { count: unknownShown.length })}
          </button>
        )}
        {chosen.size > 0 && (
          <>
            <span>{t('outbox.chosen', { count: chosen.size })}</span>
            <button type="button" onClick={() => void resolve('resend')}>
              {t('outbox.sendAgain')}
            </button>
            <button type="button" onClick={() => void resolve('mark_sent')}>
              {t('outbox.delivered')}
            </button>
            <button type="button" onClick={() => void resolve('mark_failed')}>
              {t('outbox.notDelivered')}
            </button>
          </>
        )}
      </div>
      {message && <p role="status">{message}</p>}
      {rows?.length === 0 && <p className="hint">{t('outbox.none', { described: described ? ` ${described}` : '' })}</p>}
      {rows && rows.length > 0 && (
        <table className="data">
          <caption>{t('outbox.caption', { described: described ? ` (${described})` : '', shown: formatNumber(rows.length), zone: timeZone })}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('outbox.dueSent')}</th>
              <th scope="col">{t('outbox.customer')}</th>
              <th scope="col">{t('campaigns.channel')}</th>
              <th scope="col">{t('outbox.from')}</th>
              <th scope="col">{t('outbox.status')}</th>
              <th scope="col">{t('outbox.messageOrWhy')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.status === 'unknown' ? (
                    <label>
                      <input
                        type="checkbox"
                        aria-label={t('outbox.chooseMessage', { id: m.id })}
                        checked={chosen.has(m.id)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(m.id);
                          else next.delete(m.id);
                          setChosen(next);
                        }}
                      />{' '}
                      {m.id}
                    </label>
                  ) : (
                    <button type="button" className="link" onClick={() => setOpened(m.id)} aria-label={t('message.open', { id: m.id })}>
                      {m.id}
                    </button>
                  )}
                </td>
                <td>{formatDateTime(m.attemptedAt ?? m.dueAt, timeZone)}</td>
                <td>
                  <Isolated text={m.customerExternalId} />
                </td>
                <td>{m.channel}</td>
                <td>{m.flow ?? m.campaign ?? '-'}</td>
                <td>{t(`messageStatus.${m.status}`)}</td>
                <td>
                  <Isolated text={reason(m) ?? m.preview} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened !== null && <MessageDetailDrawer id={opened} onClose={() => setOpened(null)} />}
      {more && (
        <button type="button" onClick={loadOlder}>
          {t('outbox.older')}
        </button>
      )}
    </section>
  );
}
