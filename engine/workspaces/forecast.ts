import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Forecast, ForecastChannelDay, ForecastPlan, WorkspaceEntry } from '../../shared/rpc/workspaces-methods';
import type { Engine } from '../app';
import type { CallContext } from '../context';
import { DATA_FILE_NAME } from '../db/connection';
import { EngineError } from '../errors';

export interface ForecastParts {
  /** The open workspace: read, and copied with the online backup; never written. */
  engine: Engine;
  openCopy(dataDir: string, autoRun: false): Promise<Engine>;
  /** Keeps a copy as a workspace of its own. */
  keepCopy(folder: string, name: string): WorkspaceEntry;
}

const DAY = 86_400_000;
const CHANNELS = ['push', 'email', 'sms', 'whatsapp'] as const;

/**
 * "Simulate on a copy": two copies of the workspace (SQLite's online backup; the workspace itself
 * is only read), the draft published on one, both run for `days` on a virtual clock with the
 * simulated population (the demo's model, or one fitted from the workspace's own history), then
 * read side by side. In the copies every provider is a sandbox: nothing leaves the machine.
 */
type ForecastInput = ({ flowId: number } | { campaignId: number }) & { days: number; keep: boolean };
type Subject = Forecast['subject'];

/** What the forecast runs: a flow's draft (refused with its problems) or a campaign not yet launched. */
async function subjectOf(engine: Engine, input: ForecastInput): Promise<Subject> {
  if ('flowId' in input) {
    const flow = await engine.call('flows/get', { id: input.flowId });
    if (flow.status !== 'draft' && !flow.hasDraftChanges)
      throw new EngineError('conflict', `"${flow.name}" is ${flow.status} with no draft changes; a forecast runs a draft before it goes live.`, { field: 'flowId' });
    if (flow.issues.length > 0)
      throw new EngineError('invalid_input', `"${flow.name}" has problems to fix before it can run, even on a copy: ${flow.issues.map((i) => i.message).join('; ')}`, { field: 'flowId' });
    return { kind: 'flow', id: flow.id, name: flow.name };
  }
  const campaign = await engine.call('campaigns/get', { id: input.campaignId });
  if (campaign.status !== 'draft' && campaign.status !== 'paused')
    throw new EngineError('conflict', `"${campaign.name}" is ${campaign.status}; a forecast runs a draft or paused campaign before it is launched.`, { field: 'campaignId' });
  return { kind: 'campaign', id: campaign.id, name: campaign.name };
}

export async function runForecast(parts: ForecastParts, input: ForecastInput, ctx: CallContext): Promise<Forecast> {
  const { engine } = parts;
  const subject = await subjectOf(engine, input);
  const settings = await engine.call('settings/get', {});
  const from = Date.parse((await engine.call('engine/clock', {})).now);
  const to = from + input.days * DAY;
  const folders = [mkdtempSync(join(tmpdir(), 'campaign-studio-forecast-')), mkdtempSync(join(tmpdir(), 'campaign-studio-forecast-'))] as const;
  try {
    const plans: ForecastPlan[] = [];
    for (const [index, folder] of folders.entries()) {
      const withDraft = index === 0;
      await engine.backup(join(folder, DATA_FILE_NAME));
      sandboxEveryProvider(join(folder, DATA_FILE_NAME));
      const copy = await parts.openCopy(folder, false);
      try {
        await copy.call('settings/update', { simulatedCustomers: true, simulationSeed: settings.simulationSeed });
        await copy.call('engine/set-clock', { mode: 'virtual', start: new Date(from).toISOString() });
        if (withDraft && subject.kind === 'flow') await copy.call('flows/publish', { id: subject.id });
        if (withDraft && subject.kind === 'campaign') await copy.call('campaigns/launch', { id: subject.id });
        const jobId = randomUUID();
        const stopProgress = copy.onEvent((event) => {
          if (event.type === 'job/progress' && event.jobId === jobId && event.total)
            ctx.progress({ done: index * event.total + event.done, total: 2 * event.total, unit: 'rows', rowsDone: index * event.total + event.done });
        });
        const cancel = () => void copy.dispatch('jobs/cancel', { jobId });
        ctx.signal.addEventListener('abort', cancel);
        try {
          await copy.call('engine/advance', { to: new Date(to).toISOString() }, { jobId });
        } finally {
          ctx.signal.removeEventListener('abort', cancel);
          stopProgress();
        }
        if (ctx.signal.aborted) throw new EngineError('cancelled', 'The forecast was cancelled; the copies were thrown away and the workspace is as it was.');
      } finally {
        await copy.close();
      }
      plans.push(readPlan(join(folder, DATA_FILE_NAME), withDraft ? subject : null, from, to, settings.timeZone));
    }
    const keptAs = input.keep ? parts.keepCopy(folders[0], `${subject.name} (forecast ${new Date(to).toISOString().slice(0, 10)})`) : null;
    return {
      subject,
      days: input.days,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      population: settings.demo ? 'demo' : 'fitted',
      withDraft: plans[0]!,
      currentPlan: plans[1]!,
      keptAs,
    };
  } finally {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  }
}

/** In a copy, every provider becomes a sandbox (its sealed credentials dropped): a forecast sends nothing anywhere. */
function sandboxEveryProvider(dataFile: string): void {
  const db = new BetterSqlite3(dataFile);
  try {
    db.prepare(`UPDATE providers SET kind = 'sandbox', config = '{}'`).run();
  } finally {
    db.close();
  }
}

function readPlan(dataFile: string, subject: Subject | null, from: number, to: number, timeZone: string): ForecastPlan {
  const db = new BetterSqlite3(dataFile, { readonly: true });
  try {
    const entrants =
      subject === null
        ? 0
        : subject.kind === 'flow'
          ? (db.prepare('SELECT count(*) FROM journeys WHERE flow_id = ? AND entered_at >= ?').pluck().get(subject.id, from) as number)
          : (db.prepare(`SELECT count(DISTINCT customer_id) FROM messages WHERE campaign_id = ? AND status = 'sent' AND created_at >= ?`).pluck().get(subject.id, from) as number);
    const sent = db.prepare(`SELECT channel, finished_at AS at FROM messages WHERE status = 'sent' AND created_at >= ? AND created_at <= ?`).all(from, to) as { channel: string; at: number }[];
    const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const days = new Map<string, ForecastChannelDay>();
    for (let t = from; t < to; t += DAY) {
      const day = dayOf.format(t);
      days.set(day, { day, push: 0, email: 0, sms: 0, whatsapp: 0, other: 0 });
    }
    for (const message of sent) {
      const bucket = days.get(dayOf.format(message.at));
      if (!bucket) continue;
      const channel = (CHANNELS as readonly string[]).includes(message.channel) ? (message.channel as (typeof CHANNELS)[number]) : 'other';
      bucket[channel]++;
    }
    const conversions = db.prepare(`SELECT count(*) AS n, coalesce(sum(properties ->> 'amount'), 0) AS revenue FROM events WHERE source = 'sandbox' AND ts >= ? AND ts <= ?`).get(from, to) as {
      n: number;
      revenue: number;
    };
    const cappedOrHeld = db
      .prepare(`SELECT count(DISTINCT customer_id) FROM messages WHERE created_at >= ? AND (last_error LIKE '%frequency cap%' OR last_error LIKE '%quiet hours%')`)
      .pluck()
      .get(from) as number;
    const overlap = db
      .prepare(
        `SELECT count(DISTINCT customer_id) FROM (
           SELECT customer_id FROM messages WHERE status = 'sent' AND created_at >= ?
           GROUP BY customer_id, (finished_at / ${DAY}) HAVING count(DISTINCT coalesce('f' || flow_id, 'c' || campaign_id)) >= 2)`,
      )
      .pluck()
      .get(from) as number;
    return { entrants, messages: sent.length, messagesPerDay: [...days.values()], conversions: conversions.n, revenue: conversions.revenue, cappedOrHeld, overlap };
  } finally {
    db.close();
  }
}
