import type BetterSqlite3 from 'better-sqlite3';
import { DateTime } from 'luxon';
import type { CampaignInput, CampaignStatus, CampaignSummary } from '../../shared/domain/campaign';
import type { DeliveryRules } from '../../shared/domain/delivery';
import type { SegmentFilter } from '../../shared/domain/segment-filter';
import { templateProblem } from '../templating/render';
import { templateFieldsOf } from '../../shared/domain/message-variants';
import { EngineError } from '../errors';
import type { CustomerMatcher } from '../journeys/customer-matcher';
import { localDateTimeToMs, nextMonthDay, nextTimeOfDay, sameDateAt, zoneOr } from '../time/local-time';

/**
 * One-off and recurring sends to an audience taken when the campaign runs. A run writes one queued
 * message per customer, due when the schedule says in the zone it says (the campaign's, each
 * customer's, or each customer's best hour), spread out by the throttle; the outbox does the rest
 * under the same rules as flows.
 */
interface CampaignRow {
  id: number;
  name: string;
  channel: string;
  status: CampaignStatus;
  audience: string;
  content: string;
  schedule: string;
  next_run_at: number | null;
  created_at: number;
  updated_at: number;
}

const HOUR = 3_600_000;
/** Messages a campaign run queues per statement. */
const INSERT_CHUNK = 50_000;
const iso = (ms: number) => new Date(ms).toISOString();

export class Campaigns {
  /** Asked on every pass of the engine: prepared once. */
  private readonly nextRun: BetterSqlite3.Statement;
  private readonly oneOffRunning: BetterSqlite3.Statement;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly matcher: CustomerMatcher,
    private readonly rules: () => DeliveryRules,
  ) {
    this.nextRun = sqlite.prepare(`SELECT min(next_run_at) FROM campaigns WHERE status IN ('scheduled', 'running')`).pluck();
    this.oneOffRunning = sqlite.prepare(`SELECT 1 FROM campaigns WHERE status = 'running' AND next_run_at IS NULL LIMIT 1`);
  }

  private row(id: number): CampaignRow {
    const row = this.sqlite.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
    if (!row) throw new EngineError('not_found', `No campaign has the id ${id}.`, { field: 'id' });
    return row;
  }

  private summary(row: CampaignRow): CampaignSummary {
    const runs = this.sqlite.prepare('SELECT run_at, audience, queued FROM campaign_runs WHERE campaign_id = ? ORDER BY run_at DESC LIMIT 20').all(row.id) as {
      run_at: number;
      audience: number;
      queued: number;
    }[];
    // Kept by triggers on messages (migration 0012): no counting of the campaign's messages here.
    const counts = this.sqlite.prepare('SELECT status, sum(n) AS n FROM message_counts WHERE campaign_id = ? GROUP BY status HAVING sum(n) > 0').all(row.id) as { status: string; n: number }[];
    return {
      id: row.id,
      name: row.name,
      channel: row.channel as CampaignInput['channel'],
      status: row.status,
      audience: JSON.parse(row.audience) as CampaignInput['audience'],
      content: JSON.parse(row.content) as CampaignInput['content'],
      schedule: { ends: { kind: 'never' }, ...(JSON.parse(row.schedule) as Partial<CampaignInput['schedule']>) } as CampaignInput['schedule'],
      nextRunAt: row.next_run_at === null ? null : iso(row.next_run_at),
      runs: runs.map((r) => ({ at: iso(r.run_at), audience: r.audience, queued: r.queued })),
      messages: Object.fromEntries(counts.map((c) => [c.status, c.n])),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }

  list(): CampaignSummary[] {
    return (this.sqlite.prepare(`SELECT * FROM campaigns WHERE status <> 'archived' ORDER BY updated_at DESC`).all() as CampaignRow[]).map((r) => this.summary(r));
  }

  get(id: number): CampaignSummary {
    return this.summary(this.row(id));
  }

  findByName(name: string): CampaignSummary {
    const row = this.sqlite.prepare('SELECT * FROM campaigns WHERE name = ? COLLATE NOCASE').get(name) as CampaignRow | undefined;
    if (!row) throw new EngineError('not_found', `No campaign is named "${name}".`, { field: 'name' });
    return this.summary(row);
  }

  private check(input: CampaignInput): void {
    if (input.content.channel !== input.channel) {
      throw new EngineError('invalid_input', `The content is for ${input.content.channel} but the campaign sends ${input.channel}.`, { field: 'content.channel' });
    }
    if (input.schedule.kind === 'at' && localDateTimeToMs(input.schedule.at, input.schedule.timeZone) === null) {
      throw new EngineError('invalid_input', `"${input.schedule.at}" is not a date and time in ${input.schedule.timeZone}.`, { field: 'schedule.at' });
    }
    if ('segmentId' in input.audience && !this.sqlite.prepare('SELECT 1 FROM segments WHERE id = ?').get(input.audience.segmentId)) {
      throw new EngineError('not_found', `No segment has the id ${input.audience.segmentId}.`, { field: 'audience.segmentId' });
    }
    const needsBody =
      input.channel === 'email'
        ? input.content.subject.trim() !== '' && (input.content.html.trim() !== '' || input.content.body.trim() !== '')
        : input.content.body.trim() !== '' || input.content.templateName !== '';
    if (!needsBody && input.channel !== 'webhook') {
      throw new EngineError('invalid_input', input.channel === 'email' ? 'An email campaign needs a subject and a body.' : 'The campaign needs a message body.', {
        field: input.channel === 'email' ? 'content.subject' : 'content.body',
      });
    }
    const content = input.content;
    for (const [field, text] of templateFieldsOf(content, 'content.')) {
      const problem = templateProblem(text);
      if (problem) throw new EngineError('invalid_input', `${field}: ${problem}.`, { field });
    }
    if (content.link.trim() !== '' && !/^https?:\/\/[^\s/?#]+/i.test(content.link.trim())) {
      throw new EngineError('invalid_input', `The link "${content.link.slice(0, 80)}" is not an http(s) link.`, { field: 'content.link' });
    }
    if (input.channel === 'email' && input.content.marketing) {
      const unsubscribe = /\{\{\s*unsubscribe_url\s*\}\}/;
      if (!unsubscribe.test(content.html + content.body))
        throw new EngineError('invalid_input', 'A marketing email needs an unsubscribe link: put {{ unsubscribe_url }} in it.', { field: 'content.html' });
      for (const [language, variant] of Object.entries(content.variants ?? {})) {
        if (!unsubscribe.test((variant.html ?? content.html) + (variant.body ?? content.body)))
          throw new EngineError('invalid_input', `The ${language} variant needs an unsubscribe link too: put {{ unsubscribe_url }} in it.`, { field: `content.variants.${language}.html` });
      }
    }
  }

  save(input: CampaignInput & { id?: number | undefined }, now: number): CampaignSummary {
    this.check(input);
    const taken = this.sqlite.prepare('SELECT id FROM campaigns WHERE name = ? COLLATE NOCASE').pluck().get(input.name) as number | undefined;
    if (taken !== undefined && taken !== input.id)
      throw new EngineError('conflict', `A campaign is already named "${input.name}".`, { field: 'name', words: { key: 'campaignNameTaken', values: { name: input.name } } });
    const values = [input.name, input.channel, JSON.stringify(input.audience), JSON.stringify(input.content), JSON.stringify(input.schedule), input.content.providerId];
    if (input.id === undefined) {
      const id = this.sqlite
        .prepare(`INSERT INTO campaigns (name, channel, status, audience, content, schedule, provider_id, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?) RETURNING id`)
        .pluck()
        .get(...values, now, now) as number;
      return this.get(id);
    }
    const row = this.row(input.id);
    if (row.status === 'running' || row.status === 'completed' || row.status === 'archived') {
      throw new EngineError('conflict', `"${row.name}" is ${row.status}: pause it to change it, or duplicate it.`, {
        field: 'id',
        status: row.status,
        words: { key: 'campaignNotEditable', values: { name: row.name, status: row.status } },
      });
    }
    this.sqlite.prepare('UPDATE campaigns SET name = ?, channel = ?, audience = ?, content = ?, schedule = ?, provider_id = ?, updated_at = ? WHERE id = ?').run(...values, now, input.id);
    // A scheduled campaign that was edited runs on its new schedule.
    if (row.status === 'scheduled') this.sqlite.prepare('UPDATE campaigns SET next_run_at = ? WHERE id = ?').run(this.firstRun(this.get(input.id), now), input.id);
    return this.get(input.id);
  }

  private firstRun(campaign: CampaignInput, now: number): number {
    const s = campaign.schedule;
    if (s.kind === 'now') return now;
    if (s.kind === 'at') return localDateTimeToMs(s.at, s.timeZone) ?? now;
    const first = this.nextRecurring(campaign, now - 1);
    if (s.ends.kind === 'on' && pastEnd(s, first, 0)) {
      throw new EngineError(
        'invalid_input',
        `The campaign ends on ${s.ends.date}, before its first run (${DateTime.fromMillis(first, { zone: s.timeZone }).toFormat('yyyy-MM-dd HH:mm')} ${s.timeZone}).`,
        {
          field: 'schedule.ends.date',
        },
      );
    }
    return first;
  }

  private nextRecurring(campaign: CampaignInput, after: number): number {
    const s = campaign.schedule;
    if (s.repeat === 'daily') return nextTimeOfDay(after, s.time, [], s.timeZone, { strictlyAfter: true });
    if (s.repeat === 'weekly') return nextTimeOfDay(after, s.time, s.weekdays.length > 0 ? s.weekdays : [1], s.timeZone, { strictlyAfter: true });
    return nextMonthDay(after, s.time, s.dayOfMonth, s.timeZone);
  }

  /** Draft or paused -> scheduled: it runs at its next time (now for "send now"). */
  launch(id: number, now: number): CampaignSummary {
    const row = this.row(id);
    if (row.status !== 'draft' && row.status !== 'paused')
      throw new EngineError('conflict', `"${row.name}" is ${row.status}: only a draft or paused campaign can be launched.`, {
        field: 'id',
        words: { key: 'campaignNotLaunchable', values: { name: row.name, status: row.status } },
      });
    const campaign = this.get(id);
    const next = row.status === 'paused' && row.next_run_at !== null ? row.next_run_at : this.firstRun(campaign, now);
    if (campaign.schedule.kind === 'recurring' && pastEnd(campaign.schedule, next, this.runCount(id))) {
      throw new EngineError('conflict', `"${row.name}" has come to the end of its schedule: change when it ends to run it again.`, {
        field: 'schedule.ends',
        words: { key: 'campaignEnded', values: { name: row.name } },
      });
    }
    this.sqlite.prepare(`UPDATE campaigns SET status = 'scheduled', next_run_at = ?, updated_at = ? WHERE id = ?`).run(next, now, id);
    return this.get(id);
  }

  /** Stops future runs and drops its messages still waiting in the outbox. */
  pause(id: number, now: number): CampaignSummary {
    const row = this.row(id);
    if (row.status !== 'scheduled' && row.status !== 'running')
      throw new EngineError('conflict', `"${row.name}" is ${row.status}: it cannot be paused.`, { field: 'id', words: { key: 'campaignNotPausable', values: { name: row.name, status: row.status } } });
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`UPDATE campaigns SET status = 'paused', updated_at = ? WHERE id = ?`).run(now, id);
      this.sqlite.prepare(`UPDATE messages SET status = 'suppressed', last_error = 'campaign paused', finished_at = ?, updated_at = ? WHERE campaign_id = ? AND status = 'queued'`).run(now, now, id);
    })();
    return this.get(id);
  }

  remove(id: number, now: number): void {
    const row = this.row(id);
    if (row.status === 'scheduled' || row.status === 'running')
      throw new EngineError('conflict', `"${row.name}" is ${row.status}: pause it first.`, { field: 'id', words: { key: 'campaignPauseFirst', values: { name: row.name, status: row.status } } });
    this.sqlite.prepare(`UPDATE campaigns SET status = 'archived', next_run_at = NULL, updated_at = ? WHERE id = ?`).run(now, id);
  }

  nextDueAt(): number | null {
    return (this.nextRun.get() as number | null) ?? null;
  }

  /** A run is due, or a one-off is running and may be complete. */
  hasWork(now: number): boolean {
    const next = this.nextDueAt();
    return (next !== null && next <= now) || this.oneOffRunning.get() !== undefined;
  }

  /** Runs every campaign whose time has come. Call inside a write transaction. Returns messages queued. */
  runDue(now: number, workspaceZone: string): number {
    // A one-off campaign is running while its messages are on their way, then completed.
    this.sqlite
      .prepare(
        `UPDATE campaigns SET status = 'completed', updated_at = ? WHERE status = 'running' AND next_run_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.campaign_id = campaigns.id AND m.status IN ('queued', 'claimed', 'attempting'))`,
      )
      .run(now);
    const due = this.sqlite.prepare(`SELECT id FROM campaigns WHERE status IN ('scheduled', 'running') AND next_run_at <= ? ORDER BY next_run_at`).pluck().all(now) as number[];
    let queued = 0;
    for (const id of due) queued += this.run(this.row(id), now, workspaceZone);
    return queued;
  }

  private run(row: CampaignRow, now: number, workspaceZone: string): number {
    const campaign = this.summary(row);
    const runAt = row.next_run_at ?? now;
    const filter: SegmentFilter =
      'segmentId' in campaign.audience ? { type: 'group', op: 'and', conditions: [{ type: 'segment', segmentId: campaign.audience.segmentId, member: true }] } : campaign.audience.filter;
    const ids = this.matcher.all(filter, now);
    const dueTimes = this.dueTimes(campaign, ids, runAt, now, workspaceZone);
    const provider =
      campaign.content.providerId ??
      (this.sqlite.prepare('SELECT id FROM providers WHERE channel = ? ORDER BY is_default DESC, id LIMIT 1').pluck().get(campaign.channel) as number | undefined) ??
      null;
    const deadlineMs = (campaign.content.deadlineHours ?? this.rules().deadlineHours) * HOUR;
    // One statement per 50,000 messages (an audience of a million is twenty statements, not a million).
    const insert = this.sqlite.prepare(
      `INSERT INTO messages (customer_id, channel, provider_id, campaign_id, status, idempotency_key, payload, due_at, deadline_at, marketing, created_at, updated_at)
       SELECT due.value ->> 0, @channel, @provider, @campaign, 'queued', @keyPrefix || (due.value ->> 0), '{}', due.value ->> 1, (due.value ->> 1) + @deadlineMs,
         @marketing, @now, @now
       FROM json_each(@due) AS due WHERE true ORDER BY due.key
       ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    const fixed = { channel: campaign.channel, provider, campaign: row.id, keyPrefix: `c${row.id}:${runAt}:`, deadlineMs, marketing: campaign.content.marketing ? 1 : 0, now };
    const all = [...dueTimes];
    let queued = 0;
    for (let i = 0; i < all.length; i += INSERT_CHUNK) queued += insert.run({ ...fixed, due: JSON.stringify(all.slice(i, i + INSERT_CHUNK)) }).changes;
    this.sqlite.prepare('INSERT INTO campaign_runs (campaign_id, run_at, audience, queued) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(row.id, runAt, ids.length, queued);
    const following = campaign.schedule.kind === 'recurring' ? this.nextRecurring(campaign, Math.max(runAt, now)) : null;
    // Past its end, a recurring campaign has no next run: it completes once its messages are out.
    const next = following !== null && !pastEnd(campaign.schedule, following, this.runCount(row.id)) ? following : null;
    this.sqlite.prepare(`UPDATE campaigns SET status = 'running', next_run_at = ?, updated_at = ? WHERE id = ?`).run(next, now, row.id);
    return queued;
  }

  private runCount(id: number): number {
    return this.sqlite.prepare('SELECT count(*) FROM campaign_runs WHERE campaign_id = ?').pluck().get(id) as number;
  }

  /** When each customer's message is due, by the delivery choice, then spread by the throttle. */
  private dueTimes(campaign: CampaignSummary, ids: number[], runAt: number, now: number, workspaceZone: string): Map<number, number> {
    const s = campaign.schedule;
    const start = Math.max(runAt, now);
    const due = new Map<number, number>();
    if (s.delivery === 'campaign_zone' || s.kind === 'now' || ids.length === 0) {
      // Due when the run was due: a run missed while the app was closed meets its deadline rule.
      for (const id of ids) due.set(id, runAt);
    } else {
      const zones = new Map(
        (this.sqlite.prepare('SELECT id, time_zone FROM customers WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; time_zone: string | null }[]).map((r) => [
          r.id,
          zoneOr(r.time_zone, s.timeZone || workspaceZone),
        ]),
      );
      const localTime = s.kind === 'at' ? s.at.slice(11, 16) : s.time;
      const bestHours = s.delivery === 'best_hour' ? this.bestHours(ids, zones) : new Map<number, number>();
      for (const id of ids) {
        const zone = zones.get(id) ?? s.timeZone;
        const best = bestHours.get(id);
        const time = best !== undefined ? `${String(best).padStart(2, '0')}:00` : localTime;
        let at = sameDateAt(runAt, s.timeZone, time, zone);
        if (at < now) at = s.lateCustomers === 'now' ? now : DateTime.fromMillis(at, { zone }).plus({ days: 1 }).toMillis();
        due.set(id, at);
      }
    }
    if (s.throttlePerMinute > 0) {
      const ordered = [...due.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      ordered.forEach(([id, at], i) => {
        due.set(id, Math.max(at, start + Math.floor(i / s.throttlePerMinute) * 60_000));
      });
    }
    return due;
  }

  /** Each customer's most frequent local hour of opens and clicks; none for customers without any. */
  private bestHours(ids: number[], zones: Map<number, string>): Map<number, number> {
    const rows = this.sqlite
      .prepare(
        `SELECT m.customer_id AS id, e.ts FROM message_events e JOIN messages m ON m.id = e.message_id
         WHERE e.type IN ('opened', 'clicked') AND m.customer_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as { id: number; ts: number }[];
    const counts = new Map<number, number[]>();
    for (const row of rows) {
      const hours = counts.get(row.id) ?? new Array<number>(24).fill(0);
      hours[DateTime.fromMillis(row.ts, { zone: zones.get(row.id) ?? 'UTC' }).hour]! += 1;
      counts.set(row.id, hours);
    }
    const best = new Map<number, number>();
    for (const [id, hours] of counts) best.set(id, hours.indexOf(Math.max(...hours)));
    return best;
  }
}

/** Whether a run at `at`, after `runsDone` runs, would be past the schedule's end (its end date is included, in the campaign's zone). */
function pastEnd(schedule: CampaignInput['schedule'], at: number, runsDone: number): boolean {
  const ends = schedule.ends;
  if (ends.kind === 'after') return runsDone >= ends.runs;
  if (ends.kind === 'on') return at > DateTime.fromISO(ends.date, { zone: schedule.timeZone }).endOf('day').toMillis();
  return false;
}
