import type BetterSqlite3 from 'better-sqlite3';
import {
  CHANNEL_WINDOW_HOURS,
  IN_SESSION_MINUTES,
  type Attribution,
  type ChannelMonth,
  type Experiment,
  type FlowComparisonRow,
  type FunnelReport,
  type FunnelRow,
  type Period,
} from '../../shared/domain/analytics';
import type { FlowNode, FlowSettings } from '../../shared/domain/flow';
import type { CampaignInput } from '../../shared/domain/campaign';
import { change, rate } from '../../shared/domain/metrics';
import { chiSquarePValue, probabilityToBeatControl, sampleWarning } from '../../shared/domain/experiment-stats';
import { EVENT_AMOUNT_SQL } from '../../migrations/0004_event_amount';
import { EngineError } from '../errors';
import { Calendar } from './calendar';

/**
 * Every analytics view, computed from the workspace's own rows on the reader connection. The core
 * is one query shape: the sent messages in scope, each with its impression, open and click times
 * (from message events), its anchor under the attribution model, and the conversion events of its
 * customer inside the window after the anchor (a range read of the (customer, name, ts) index).
 */
const HOUR = 3_600_000;

/** Providers that report deliveries without any setup: their unreported messages are not impressions. */
const REPORTING_KINDS = `('sandbox', 'twilio', 'mailgun')`;

interface Scope {
  where: string;
  params: Record<string, unknown>;
}

/** Per flow or campaign: the conversion event and the window, as the query reads them (JSON). */
interface Measure {
  key: string;
  event: string;
  windowMs: number;
}

interface FlowMeta {
  id: number;
  name: string;
  nodes: FlowNode[];
  settings: FlowSettings | null;
}

interface FactRow {
  group_key: string;
  channel: string;
  sent: number;
  impressions: number;
  opened: number;
  clicked: number;
  conversions: number;
  revenue: number;
}

export class AnalyticsReports {
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly zone: () => string,
  ) {}

  private flowMeta(flowId: number): FlowMeta {
    const flow = this.sqlite.prepare('SELECT id, name, draft_graph FROM flows WHERE id = ?').get(flowId) as { id: number; name: string; draft_graph: string } | undefined;
    if (!flow) throw new EngineError('not_found', `No flow has the id ${flowId}.`, { field: 'flowId' });
    const version = this.sqlite.prepare('SELECT graph, settings FROM flow_versions WHERE flow_id = ? ORDER BY version DESC LIMIT 1').get(flowId) as { graph: string; settings: string } | undefined;
    const graph = JSON.parse(version?.graph ?? flow.draft_graph) as { nodes?: FlowNode[]; settings?: FlowSettings };
    const settings = version ? (JSON.parse(version.settings) as FlowSettings) : (graph.settings ?? null);
    return { id: flow.id, name: flow.name, nodes: graph.nodes ?? [], settings };
  }

  private flowMeasure(meta: FlowMeta, attribution: Attribution): Measure {
    const hours = attribution.windowHours ?? meta.settings?.conversion.windowHours ?? 72;
    return { key: `f${meta.id}`, event: meta.settings?.conversion.event ?? 'purchase', windowMs: windowMs(attribution, hours) };
  }

  private campaignMeasures(attribution: Attribution, ids?: number[]): Measure[] {
    const rows = this.sqlite.prepare('SELECT id, channel, content FROM campaigns').all() as { id: number; channel: string; content: string }[];
    return rows
      .filter((row) => !ids || ids.includes(row.id))
      .map((row) => {
        const content = JSON.parse(row.content) as CampaignInput['content'];
        const hours = attribution.windowHours ?? CHANNEL_WINDOW_HOURS[row.channel] ?? 24;
        return { key: `c${row.id}`, event: content.trackConversion === false ? '' : 'purchase', windowMs: windowMs(attribution, hours) };
      });
  }

  /**
   * Sent messages in scope with their facts and attributed conversions, summed per group
   * (`groupBy`: an SQL expression over m). One pass; each message reads its customer's conversion
   * events inside its window from the (customer_id, name, ts) index.
   */
  private facts(scope: Scope, measures: Measure[], attribution: Attribution, groupBy: string, bounds: { from: number; to: number }): FactRow[] {
    const anchor = attribution.model === 'view_through' ? 'f.impression_at' : 'f.clicked_at';
    const conversions = attribution.counting === 'all' ? 'count(p.ts)' : 'min(count(p.ts), 1)';
    // One per message: the first purchase's amount (SQLite takes bare columns from min()'s row).
    const revenue = attribution.counting === 'all' ? `total(${amountOf('p')})` : `CASE WHEN count(p.ts) > 0 THEN ${amountOf('p')} ELSE 0 END`;
    const firstTs = attribution.counting === 'all' ? '' : ', min(p.ts) AS first_ts';
    const sql = `
      WITH measure AS (
        SELECT json_extract(value, '$.key') AS key, json_extract(value, '$.event') AS event, json_extract(value, '$.windowMs') AS window_ms FROM json_each(@measures)
      ),
      sent AS (
        SELECT m.id, m.customer_id, m.channel, m.finished_at AS sent_at, ${groupBy} AS group_key,
          CASE WHEN m.flow_id IS NOT NULL THEN 'f' || m.flow_id ELSE 'c' || m.campaign_id END AS measure_key,
          pr.kind AS provider_kind
        FROM messages m LEFT JOIN providers pr ON pr.id = m.provider_id
        WHERE m.status = 'sent' AND m.finished_at >= @from AND m.finished_at < @to AND ${scope.where}
      ),
      f AS MATERIALIZED (
        SELECT s.*, x.event, x.window_ms,
          min(CASE WHEN e.type IN ('delivered', 'opened', 'clicked') THEN e.ts END) AS delivered_at,
          min(CASE WHEN e.type IN ('opened', 'clicked') THEN e.ts END) AS opened_at,
          min(CASE WHEN e.type = 'clicked' THEN e.ts END) AS clicked_at,
          max(e.type IN ('bounced', 'failed')) AS undelivered
        FROM sent s LEFT JOIN measure x ON x.key = s.measure_key
          LEFT JOIN message_events e INDEXED BY message_events_message_type ON e.message_id = s.id
        GROUP BY s.id
      ),
      g AS MATERIALIZED (
        SELECT f.*, CASE WHEN f.provider_kind IN ${REPORTING_KINDS} THEN f.delivered_at
                         WHEN f.undelivered AND f.delivered_at IS NULL THEN NULL
                         ELSE f.sent_at END AS impression_at
        FROM f
      ),
      per_message AS (
        SELECT f.id, f.group_key, f.channel, f.impression_at, f.opened_at, f.clicked_at,
          ${conversions} AS conversions, ${revenue} AS revenue${firstTs}
        FROM g AS f LEFT JOIN events p
          ON p.customer_id = f.customer_id AND p.name = f.event AND f.event <> ''
          AND p.ts > ${anchor} AND p.ts <= ${anchor} + f.window_ms
        GROUP BY f.id
      )
      SELECT group_key, channel, count(*) AS sent, count(impression_at) AS impressions, count(opened_at) AS opened, count(clicked_at) AS clicked,
        total(conversions) AS conversions, total(revenue) AS revenue
      FROM per_message GROUP BY group_key, channel`;
    return this.sqlite.prepare(sql).all({ ...scope.params, measures: JSON.stringify(measures), from: bounds.from, to: bounds.to }) as FactRow[];
  }

  /**
   * The same sums from the hourly rollups (fact_hours, kept by message-facts.ts) when the window is
   * each flow's or campaign's own: a read of at most a few hundred thousand small rows.
   */
  private rolled(scopeWhere: string, params: Record<string, unknown>, attribution: Attribution, groupBy: string, bounds: { from: number; to: number }): FactRow[] {
    const model = { view_through: 'view', click_through: 'click', in_session: 'session' }[attribution.model];
    const [n, rev] = attribution.counting === 'all' ? [`${model}_n`, `${model}_rev`] : [`${model}_msgs`, `${model}_first`];
    return this.sqlite
      .prepare(
        `SELECT ${groupBy} AS group_key, channel, total(sent) AS sent, total(impressions) AS impressions, total(opened) AS opened, total(clicked) AS clicked,
           total(${n}) AS conversions, total(${rev}) AS revenue
         FROM fact_hours WHERE ${scopeWhere} AND hour >= @fromHour AND hour < @toHour GROUP BY group_key, channel`,
      )
      .all({ ...params, fromHour: Math.floor(bounds.from / HOUR), toHour: Math.ceil(bounds.to / HOUR) }) as FactRow[];
  }

  funnel(input: { flowId?: number | undefined; campaignId?: number | undefined; period: Period; attribution: Attribution }): FunnelReport {
    const calendar = new Calendar(this.zone());
    const bounds = calendar.bounds(input.period);
    const { attribution } = input;
    if (input.flowId !== undefined) {
      const meta = this.flowMeta(input.flowId);
      const measure = this.flowMeasure(meta, attribution);
      const facts = own(attribution)
        ? this.rolled('scope = @scope', { scope: `f${meta.id}` }, attribution, 'node_id', bounds)
        : this.facts({ where: 'm.flow_id = @flow', params: { flow: meta.id } }, [measure], attribution, 'm.node_id', bounds);
      const byNode = new Map(facts.map((f) => [f.group_key, f]));
      // The flow's send steps in canvas order, then any step of an older version that sent in the period.
      const sends = meta.nodes.filter((n) => n.type === 'send');
      const ids = [...sends.map((n) => n.id), ...facts.map((f) => f.group_key).filter((id) => !sends.some((n) => n.id === id))];
      const rows = ids.map((id) => {
        const node = sends.find((n) => n.id === id);
        const channel = node?.type === 'send' ? node.data.channel : (byNode.get(id)?.channel ?? '');
        return funnelRow(id, node?.label || id, channel, byNode.get(id));
      });
      return { scope: { kind: 'flow', id: meta.id, name: meta.name }, period: input.period, timeZone: calendar.zone, attribution: resolved(attribution, measure), rows, total: totalOf(rows) };
    }
    const campaign = this.sqlite.prepare('SELECT id, name, channel FROM campaigns WHERE id = ?').get(input.campaignId) as { id: number; name: string; channel: string } | undefined;
    if (!campaign) throw new EngineError('not_found', `No campaign has the id ${input.campaignId}.`, { field: 'campaignId' });
    const [measure] = this.campaignMeasures(attribution, [campaign.id]);
    const facts = own(attribution)
      ? this.rolled('scope = @scope', { scope: `c${campaign.id}` }, attribution, "'campaign'", bounds)
      : this.facts({ where: 'm.campaign_id = @campaign', params: { campaign: campaign.id } }, [measure!], attribution, "'campaign'", bounds);
    const rows = [funnelRow('campaign', campaign.name, campaign.channel, facts[0])];
    return {
      scope: { kind: 'campaign', id: campaign.id, name: campaign.name },
      period: input.period,
      timeZone: calendar.zone,
      attribution: resolved(attribution, measure!),
      rows,
      total: totalOf(rows),
    };
  }

  flows(input: { period: Period; attribution: Attribution; channels?: string[] | undefined }): { period: Period; timeZone: string; rows: FlowComparisonRow[] } {
    const calendar = new Calendar(this.zone());
    const bounds = calendar.bounds(input.period);
    const flows = (this.sqlite.prepare('SELECT id FROM flows ORDER BY name').pluck().all() as number[]).map((id) => this.flowMeta(id));
    const channelFilter = input.channels && input.channels.length > 0 ? ` AND m.channel IN (SELECT value FROM json_each(@channels))` : '';
    const facts = own(input.attribution)
      ? this.rolled(
          `scope LIKE 'f%'${channelFilter.replace('m.channel', 'channel')}`,
          { channels: JSON.stringify(input.channels ?? []) },
          input.attribution,
          'CAST(substr(scope, 2) AS INTEGER)',
          bounds,
        )
      : this.facts(
          { where: `m.flow_id IS NOT NULL${channelFilter}`, params: { channels: JSON.stringify(input.channels ?? []) } },
          flows.map((f) => this.flowMeasure(f, input.attribution)),
          input.attribution,
          'm.flow_id',
          bounds,
        );
    const rows = flows
      .map((flow): FlowComparisonRow => {
        const mine = facts.filter((f) => Number(f.group_key) === flow.id);
        const sum = (key: keyof FactRow) => mine.reduce((n, f) => n + Number(f[key]), 0);
        const impressions = sum('impressions');
        // Opened or clicked: a click counts as an open (opened_at takes the first of either).
        return {
          flowId: flow.id,
          name: flow.name,
          sent: sum('sent'),
          impressions,
          openedOrClicked: sum('opened'),
          openClickRate: rate(sum('opened'), impressions),
          conversions: sum('conversions'),
          conversionRate: rate(sum('conversions'), impressions),
          revenue: sum('revenue'),
        };
      })
      .filter((row) => row.sent > 0);
    return { period: input.period, timeZone: calendar.zone, rows };
  }

  channels(input: { period: Period; attribution: Attribution }): { period: Period; timeZone: string; channels: string[]; months: ChannelMonth[] } {
    const calendar = new Calendar(this.zone());
    const bounds = calendar.bounds(input.period);
    const flows = (this.sqlite.prepare('SELECT id FROM flows').pluck().all() as number[]).map((id) => this.flowMeta(id));
    const measures = [...flows.map((f) => this.flowMeasure(f, input.attribution)), ...this.campaignMeasures(input.attribution)];
    // Grouped by the hour the message went, mapped to local months here.
    const facts = own(input.attribution)
      ? this.rolled('1', {}, input.attribution, monthBucket(calendar.monthStartHours(input.period)), bounds)
      : this.facts({ where: '1', params: {} }, measures, input.attribution, `m.finished_at / ${HOUR}`, bounds);
    const channels = [...new Set(facts.map((f) => f.channel))].sort();
    const months = calendar.monthsOf(input.period).map((month): ChannelMonth => ({ month, byChannel: {}, total: 0 }));
    const byMonth = new Map(months.map((m) => [m.month, m]));
    for (const fact of facts) {
      const month = byMonth.get(calendar.monthOf(Number(fact.group_key) * HOUR));
      if (!month) continue;
      const cell = (month.byChannel[fact.channel] ??= { conversions: 0, share: null });
      cell.conversions += fact.conversions;
      month.total += fact.conversions;
    }
    for (const month of months) {
      for (const channel of channels) {
        const cell = (month.byChannel[channel] ??= { conversions: 0, share: null });
        cell.share = rate(cell.conversions, month.total);
      }
    }
    return { period: input.period, timeZone: calendar.zone, channels, months };
  }

  experiments(input: { flowId?: number | undefined; period?: Period | undefined }): { experiments: Experiment[] } {
    const calendar = new Calendar(this.zone());
    const bounds = input.period ? calendar.bounds(input.period) : { from: 0, to: Number.MAX_SAFE_INTEGER };
    const flowIds = input.flowId !== undefined ? [input.flowId] : (this.sqlite.prepare('SELECT DISTINCT flow_id FROM experiment_assignments ORDER BY flow_id').pluck().all() as number[]);
    // Each assignment keeps its first conversion inside the flow's window (message-facts.ts sets it).
    const counts = this.sqlite.prepare(
      `SELECT variant, count(*) AS customers, count(converted_at) AS conversions
       FROM experiment_assignments WHERE flow_id = @flow AND node_id = @node AND ts >= @from AND ts < @to
       GROUP BY variant`,
    );
    const experiments: Experiment[] = [];
    for (const flowId of flowIds) {
      const meta = this.flowMeta(flowId);
      for (const node of meta.nodes) {
        if (node.type !== 'split_random') continue;
        const found = new Map(
          (counts.all({ flow: flowId, node: node.id, from: bounds.from, to: bounds.to }) as { variant: string; customers: number; conversions: number }[]).map((r) => [r.variant, r]),
        );
        const control = found.get('control') ?? { variant: 'control', customers: 0, conversions: 0 };
        const controlArm = { n: control.customers, conversions: control.conversions };
        const arms = [...node.data.variants.map((v) => ({ id: v.id, label: v.label || v.id })), ...(node.data.controlPercent > 0 ? [{ id: 'control', label: 'Control (no message)' }] : [])].map(
          (arm) => {
            const counted = found.get(arm.id) ?? { customers: 0, conversions: 0 };
            const armCounts = { n: counted.customers, conversions: counted.conversions };
            const isControl = arm.id === 'control';
            const armRate = rate(armCounts.conversions, armCounts.n);
            const controlRate = rate(controlArm.conversions, controlArm.n);
            return {
              variant: arm.id,
              label: arm.label,
              customers: armCounts.n,
              conversions: armCounts.conversions,
              rate: armRate,
              uplift: isControl || armRate === null || controlRate === null ? null : change(armRate, controlRate),
              pValue: isControl ? null : chiSquarePValue(armCounts, controlArm),
              probabilityToBeatControl: isControl || controlArm.n === 0 || armCounts.n === 0 ? null : probabilityToBeatControl(armCounts, controlArm),
            };
          },
        );
        const warnings =
          node.data.controlPercent > 0
            ? arms
                .filter((a) => a.variant !== 'control')
                .map((a) => sampleWarning({ n: a.customers, conversions: a.conversions }, controlArm))
                .filter((w): w is string => w !== null)
            : ['This split has no control group: variants can be compared, but not against sending nothing.'];
        experiments.push({ flowId, flowName: meta.name, nodeId: node.id, label: node.label || 'Random split', arms, warning: warnings[0] ?? null });
      }
    }
    return { experiments };
  }
}

/** Groups hours into local months in SQL (a few groups instead of thousands): each month's first hour. */
function monthBucket(starts: number[]): string {
  if (starts.length === 1) return String(starts[0]);
  return `CASE ${starts
    .slice(1)
    .map((start, i) => `WHEN hour < ${start} THEN ${starts[i]}`)
    .join(' ')} ELSE ${starts.at(-1)} END`;
}

/** No window override: each flow's and campaign's own window, which the rollups were kept with. */
function own(attribution: Attribution): boolean {
  return attribution.windowHours === undefined;
}

function amountOf(alias: string): string {
  return EVENT_AMOUNT_SQL.replaceAll('properties', `${alias}.properties`);
}

function windowMs(attribution: Attribution, hours: number): number {
  return attribution.model === 'in_session' ? IN_SESSION_MINUTES * 60_000 : hours * HOUR;
}

function resolved(attribution: Attribution, measure: Measure): FunnelReport['attribution'] {
  return { model: attribution.model, counting: attribution.counting, windowHours: measure.windowMs / HOUR, event: measure.event };
}

function funnelRow(nodeId: string, label: string, channel: string, fact: FactRow | undefined): FunnelRow {
  const impressions = fact?.impressions ?? 0;
  const clicked = fact?.clicked ?? 0;
  const conversions = fact?.conversions ?? 0;
  return {
    nodeId,
    label,
    channel,
    sent: fact?.sent ?? 0,
    impressions,
    opened: fact?.opened ?? 0,
    clicked,
    ctr: rate(clicked, impressions),
    conversions,
    cvr: rate(conversions, impressions),
    revenue: fact?.revenue ?? 0,
  };
}

function totalOf(rows: FunnelRow[]): FunnelRow {
  const sum = (key: 'sent' | 'impressions' | 'opened' | 'clicked' | 'conversions' | 'revenue') => rows.reduce((n, r) => n + r[key], 0);
  return funnelRow('total', 'Total', '', {
    group_key: 'total',
    channel: '',
    sent: sum('sent'),
    impressions: sum('impressions'),
    opened: sum('opened'),
    clicked: sum('clicked'),
    conversions: sum('conversions'),
    revenue: sum('revenue'),
  });
}
