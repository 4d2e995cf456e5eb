import { hostname } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import type { DeliveryRules } from '../../shared/domain/delivery';
import type { Workspace } from '../db/connection';
import type { JourneyLog } from '../journeys/journey-log';
import { adapterFor } from '../providers/registry';
import { requestsFromThisThread } from '../providers/http';
import type { ProviderAdapter, ProviderConfig, SendOutcome } from '../providers/provider';
import { UnknownMessages } from './reconciliation';
import { IN_FLIGHT } from './in-flight-index';
import { ProviderConfigs } from './provider-configs';
import { Outcomes, type ClaimedRow, type Prepared, type SendSummary } from './outcomes';
import type { MessageOrigin, MessageSource } from './message-sources';
import { CONSENT_COLUMNS } from '../../shared/domain/channels';
import { keptContent, MessageRenderer } from './message-render';
import { SendRules, type RuleCustomer } from './send-rules';
import { encodeLogSentence } from '../../shared/domain/journey-words';
import { TokenBucket } from './token-bucket';
import { ContactEffects } from './contact-effects';
import type { SecretBox } from '../secrets/secret-box';
import { WalSync } from '../db/wal-sync';

/**
 * The outbox: a message is a row before it is a request. In one BEGIN IMMEDIATE transaction an
 * engine instance takes the next due messages, checks the rules, renders them and marks them
 * `attempting` under its name with a lease; messages whose provider has a rate limit are `claimed`
 * (with the lease) first and marked attempting when their tokens come. `attempting` is committed
 * before the provider is called; the answer makes it sent, failed, suppressed, or queued again for
 * a retry. The send loop's commits leave out SQLite's own sync; one fsync of the WAL, off the
 * engine's thread, comes before any request leaves (db/wal-sync.ts). The sandbox, which sends
 * nothing anywhere and answers at once, takes its messages from queued to sent in that same
 * transaction. A message found `attempting` after its engine died is `unknown`: asked of the
 * provider where it can tell, resent under the same idempotency key where the provider honours one,
 * and otherwise left for the user to decide. Leases and heartbeats use the wall clock (they are
 * about processes); due times, rules and deadlines use the engine's clock (real or virtual).
 */
export interface OutboxOptions {
  now: () => number;
  /** Opens providers' sealed credentials (header values) when a message goes. */
  secrets: SecretBox;
  settings: () => { timeZone: string; rules: DeliveryRules; unsubscribeUrl: string };
  /** Where each message came from (a flow's send step, a campaign): journeys and campaigns answer. */
  sources: MessageSource;
  log: JourneyLog;
  /** Runs database work under the engine's write lock. */
  lock: <T>(work: () => T) => Promise<T>;
  /** How readily a simulated customer answers a message (engine/demo/population.ts), for the sandbox. */
  engagementScale?: (customerId: number, channel: string, now: number) => number;
}

interface CustomerRow extends RuleCustomer {
  external_id: string;
  first_name: string | null;
  last_name: string | null;
  city: string | null;
  language: string | null;
  score: number;
  attributes: string;
}

const LEASE_MS = 5 * 60_000;
/** A message whose flow step or campaign is gone: nothing to say, every rule applies. */
const NO_ORIGIN: MessageOrigin = { content: undefined, label: '', conversionEvent: 'purchase', quietHours: true, frequencyCaps: true };

const HEARTBEAT_STALE_MS = 2 * 60_000;
/** Local sends (the sandbox) cost no waiting: take bigger batches, fewer commits. */
const LOCAL_CLAIM_BATCH = 2048;
/** Marked attempting together, after their rate-limit tokens. */
const CHUNK = 128;
const MAX_IN_FLIGHT = 256;
const FLUSH_AT = 256;
const FLUSH_MS = 20;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Outbox {
  readonly instanceId: string;
  private readonly sqlite: BetterSqlite3.Database;
  private readonly rules: SendRules;
  private readonly contacts: ContactEffects;
  private readonly buckets = new Map<number, TokenBucket>();
  private readonly statements: Record<string, BetterSqlite3.Statement>;
  private readonly walSync: WalSync;
  private readonly renderer: MessageRenderer;
  private readonly unknownMessages: UnknownMessages;
  private readonly providerConfigs: ProviderConfigs;
  private readonly outcomes: Outcomes;

  constructor(
    ws: Workspace,
    private readonly options: OutboxOptions,
  ) {
    this.sqlite = ws.sqlite;
    this.rules = new SendRules(ws.sqlite);
    this.contacts = new ContactEffects(ws.sqlite);
    this.walSync = new WalSync(ws.sqlite, ws.dataFile);
    this.renderer = new MessageRenderer(ws.sqlite);
    this.providerConfigs = new ProviderConfigs(ws.sqlite, options.secrets);
    this.unknownMessages = new UnknownMessages(ws.sqlite, { now: options.now, lock: options.lock, providerConfig: (providerId, channel) => this.providerConfig(providerId, channel) });
    this.instanceId = `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
    const s = (text: string) => ws.sqlite.prepare(text);
    this.statements = {
      due: s(`SELECT id, customer_id, channel, provider_id, flow_version_id, node_id, campaign_id, journey_id, marketing, due_at, deadline_at,
          attempts, idempotency_key, payload, first_attempted_at
        FROM messages WHERE status = 'queued' AND due_at <= @now
          AND (flow_id IS NULL OR flow_id NOT IN (SELECT id FROM flows WHERE status = 'paused')) ORDER BY due_at, id LIMIT @limit`),
      claimOne: s(`UPDATE messages SET status = 'claimed', claimed_by = @me, lease_until = @lease, updated_at = @now WHERE id = @id AND status = 'queued'`),
      customers: s(`SELECT id, external_id, email, phone, push_token, time_zone, ${CONSENT_COLUMNS.join(', ')},
          first_name, last_name, city, language, score, attributes FROM customers WHERE id IN (SELECT value FROM json_each(?))`),
      suppress: s(`UPDATE messages SET status = 'suppressed', last_error = @reason, claimed_by = NULL, lease_until = NULL, finished_at = @now, updated_at = @now WHERE id = @id`),
      fail: s(`UPDATE messages SET status = 'failed', last_error = @reason, claimed_by = NULL, lease_until = NULL, finished_at = @now, updated_at = @now WHERE id = @id`),
      hold: s(`UPDATE messages SET status = 'queued', due_at = @until, last_error = @reason, claimed_by = NULL, lease_until = NULL, updated_at = @now WHERE id = @id`),
      attemptingMany: s(`UPDATE messages SET status = 'attempting', claimed_by = @me, lease_until = @lease, attempts = attempts + 1, attempted_at = @now,
          first_attempted_at = coalesce(first_attempted_at, @now),
          payload = mark.value ->> 1, updated_at = @now
        FROM json_each(@marks) AS mark
        WHERE messages.id = mark.value ->> 0 AND (messages.status = 'queued' OR (messages.status = 'claimed' AND messages.claimed_by = @me))
        RETURNING messages.id`).pluck(),
      sentAtOnce: s(`UPDATE messages SET status = 'sent', attempts = attempts + 1, attempted_at = @now, payload = answer.value ->> 1,
          provider_message_id = answer.value ->> 2, last_error = NULL, claimed_by = NULL, lease_until = NULL, finished_at = @now, updated_at = @now
        FROM json_each(@answers) AS answer
        WHERE messages.id = answer.value ->> 0 AND (messages.status = 'queued' OR (messages.status = 'claimed' AND messages.claimed_by = @me))
        RETURNING messages.id`).pluck(),
      sentMany: s(`UPDATE messages SET status = 'sent', provider_message_id = answer.value ->> 1, last_error = NULL, claimed_by = NULL, lease_until = NULL,
        finished_at = @now, updated_at = @now FROM json_each(@answers) AS answer WHERE messages.id = answer.value ->> 0`),
      sent: s(`UPDATE messages SET status = 'sent', provider_message_id = @providerId, last_error = NULL, claimed_by = NULL, lease_until = NULL,
        finished_at = @now, updated_at = @now WHERE id = @id`),
      retry: s(`UPDATE messages SET status = 'queued', due_at = @dueAt, last_error = @reason, claimed_by = NULL, lease_until = NULL, updated_at = @now WHERE id = @id`),
      unknown: s(`UPDATE messages SET status = 'unknown', last_error = @reason, claimed_by = NULL, lease_until = NULL, updated_at = @now WHERE id = @id`),
      engagement: s('INSERT INTO simulated_engagement (message_id, type, due_at, details) VALUES (?, ?, ?, ?)'),
      heartbeat: s(`INSERT INTO engine_instances (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`),
      // A paused flow's messages wait for it to resume (then their deadline decides).
      nextDue: s(`SELECT min(due_at) FROM messages WHERE status = 'queued' AND (flow_id IS NULL OR flow_id NOT IN (SELECT id FROM flows WHERE status = 'paused'))`).pluck(),
    };
    this.outcomes = new Outcomes(this.statements, this.contacts, options.log);
  }

  /** Says this engine is alive (its leases stand), and takes back work of engines that are not. */
  recover(): { requeued: number; unknown: number } {
    const wall = Date.now();
    this.statements['heartbeat']!.run(this.instanceId, hostname(), process.pid, wall, wall);
    const instances = this.sqlite.prepare('SELECT id, host, pid, heartbeat_at FROM engine_instances').all() as { id: string; host: string; pid: number; heartbeat_at: number }[];
    const dead = instances.filter((i) => i.id !== this.instanceId && ((i.host === hostname() && !processAlive(i.pid)) || i.heartbeat_at < wall - HEARTBEAT_STALE_MS)).map((i) => i.id);
    const owners = JSON.stringify(dead);
    const orphaned = `(claimed_by IN (SELECT value FROM json_each(@owners)) OR lease_until < @wall OR (claimed_by IS NOT NULL AND claimed_by NOT IN (SELECT id FROM engine_instances)))`;
    const requeued = this.sqlite
      .prepare(`UPDATE messages SET status = 'queued', claimed_by = NULL, lease_until = NULL WHERE ${IN_FLIGHT} AND status = 'claimed' AND ${orphaned}`)
      .run({ owners, wall }).changes;
    // Never resent blindly: whether the provider got it is not known.
    const unknown = this.sqlite
      .prepare(
        `UPDATE messages SET status = 'unknown', claimed_by = NULL, lease_until = NULL,
           last_error = 'the app stopped while this message was being sent: whether the provider got it is not known'
         WHERE ${IN_FLIGHT} AND status = 'attempting' AND ${orphaned}`,
      )
      .run({ owners, wall }).changes;
    if (dead.length > 0) this.sqlite.prepare('DELETE FROM engine_instances WHERE id IN (SELECT value FROM json_each(?))').run(owners);
    return { requeued, unknown };
  }

  /** Settles messages of unknown fate (reconciliation.ts). */
  reconcileUnknown(): Promise<{ sent: number; resent: number; left: number }> {
    return this.unknownMessages.settle();
  }

  private providerConfig(providerId: number | null, channel: string): ProviderConfig {
    return this.providerConfigs.of(providerId, channel);
  }

  private bucketFor(provider: ProviderConfig, adapter: ProviderAdapter): TokenBucket | null {
    const rate = typeof provider.config['ratePerSecond'] === 'number' ? (provider.config['ratePerSecond'] as number) : adapter.defaultRatePerSecond;
    if (rate === null || rate <= 0 || provider.id === null) return null;
    let bucket = this.buckets.get(provider.id);
    if (!bucket || bucket.limitPerSecond !== rate) {
      bucket = new TokenBucket(rate);
      this.buckets.set(provider.id, bucket);
    }
    return bucket;
  }

  nextDueAt(): number | null {
    return (this.statements['nextDue']!.get() as number | null) ?? null;
  }

  /**
   * Sends every message due now; stops early when `signal` aborts. Messages go out a chunk at a
   * time (rate-limited ones after their tokens), at most 256 requests in flight, and answers are
   * recorded every 256 or every 20 ms: a crash leaves at most the requests of that moment in doubt.
   */
  async sendDue(signal?: AbortSignal): Promise<SendSummary> {
    const summary: SendSummary = { sent: 0, failed: 0, suppressed: 0, held: 0, retried: 0, unknown: 0 };
    this.providerConfigs.forget();
    const settings = this.options.settings();
    // Messages from their `attempting` mark to their answer (waiting for the disk included), and a
    // way to wait for the next answer (Promise.race over hundreds of promises per answer would cost
    // more than the requests).
    let inFlight = 0;
    let wake: (() => void) | null = null;
    const nextAnswer = () => new Promise<void>((resolve) => (wake = resolve));
    const answered: [Prepared, SendOutcome][] = [];
    let lastFlush = performance.now();
    const flush = async (force = false) => {
      if (answered.length === 0 || (!force && answered.length < FLUSH_AT && performance.now() - lastFlush < FLUSH_MS)) return;
      const batch = answered.splice(0);
      lastFlush = performance.now();
      await this.tx(() => this.outcomes.recordAll(batch, this.options.now(), summary));
    };
    const answer = (prepared: Prepared, outcome: SendOutcome) => {
      answered.push([prepared, outcome]);
      inFlight--;
      const resume = wake;
      wake = null;
      resume?.();
    };
    let leftTheMachine = false;
    const launch = (ready: Prepared[]) => {
      leftTheMachine ||= ready.length > 0;
      for (const prepared of ready) void this.attempt(prepared).then((outcome) => answer(prepared, outcome));
    };
    /**
     * Sends `ready` once their `attempting` marks are on disk (the loop goes on taking messages
     * meanwhile, and their commits share the next sync). If the sync fails, none of them leaves:
     * they are answered as retries.
     */
    const sendOnceDurable = async (ready: Prepared[], send: (ready: Prepared[]) => unknown): Promise<void> => {
      if (ready.length === 0) return;
      inFlight += ready.length;
      try {
        await this.walSync.durable();
      } catch (error) {
        const why = `not sent: its state could not be written to disk first (${(error as Error).message})`;
        for (const prepared of ready) answer(prepared, { status: 'retry', error: why });
        return;
      }
      await send(ready);
    };
    let limit = CHUNK;
    for (;;) {
      if (signal?.aborted) break;
      const now = this.options.now();
      // One transaction takes the next due messages: those whose provider has no rate limit go
      // straight to `attempting` (rules checked, content rendered); those that must wait for
      // rate-limit tokens are claimed with a lease and prepared when their tokens come.
      const taken = await this.tx(() => {
        // Answers that came back are recorded in the same commit that takes the next messages.
        this.outcomes.recordAll(answered.splice(0), now, summary);
        lastFlush = performance.now();
        const due = this.statements['due']!.all({ now, limit }) as ClaimedRow[];
        const direct: ClaimedRow[] = [];
        const limited: ClaimedRow[] = [];
        for (const row of due) (this.needsTokens(row) ? limited : direct).push(row);
        const ready = this.prepare(direct, now, summary, settings);
        for (const row of limited) this.statements['claimOne']!.run({ id: row.id, me: this.instanceId, lease: Date.now() + LEASE_MS, now });
        return { due, ready, limited };
      });
      if (taken.due.length === 0) break;
      const allLocal = taken.due.every((row) => this.adapterOf(row)?.local === true);
      // Requests that leave the machine go a chunk at a time (a crash leaves few in doubt); local sends in big batches.
      limit = allLocal ? LOCAL_CLAIM_BATCH : CHUNK;
      void sendOnceDurable(taken.ready, launch);
      for (let i = 0; i < taken.limited.length; i += CHUNK) {
        const chunk = taken.limited.slice(i, i + CHUNK);
        for (const row of chunk) {
          const provider = this.providerConfig(row.provider_id, row.channel);
          const adapter = adapterFor(provider.kind);
          if (adapter) await this.bucketFor(provider, adapter)?.take();
        }
        const at = this.options.now();
        const ready = await this.tx(() => this.prepare(chunk, at, summary, settings));
        await sendOnceDurable(ready, async () => {
          for (const prepared of ready) {
            await this.bucketFor(prepared.provider, prepared.adapter)?.depart();
            requestsFromThisThread(() => launch([prepared]));
          }
        });
        await flush();
      }
      if (allLocal) {
        while (inFlight > 0) await nextAnswer();
        await flush(true);
      } else await flush();
      while (inFlight >= MAX_IN_FLIGHT) {
        await nextAnswer();
        await flush();
      }
    }
    while (inFlight > 0) {
      await nextAnswer();
      await flush();
    }
    await flush(true);
    // The last answers' marks are on disk soon after, not at the next send (the sync is off this
    // thread; if it fails, a power cut could at worst make those messages unknown, then reconciled).
    if (leftTheMachine) await this.walSync.durable().catch(() => undefined);
    return summary;
  }

  /** Call once nothing sends any more (the runner stopped). */
  close(): void {
    this.walSync.close();
  }

  /**
   * One transaction of the send loop: under the write lock, its journey log rows written in batches
   * inside it, committed without SQLite's own sync (`walSync.durable()` comes before requests leave).
   */
  private tx<T>(work: () => T): Promise<T> {
    return this.options.lock(() => this.walSync.unsynced(() => this.sqlite.transaction(() => this.options.log.collect(work)).immediate()));
  }

  private adapterOf(row: ClaimedRow): ProviderAdapter | undefined {
    return adapterFor(this.providerConfig(row.provider_id, row.channel).kind);
  }

  /** A message whose provider has a rate limit waits for a token before it is marked attempting. */
  private needsTokens(row: ClaimedRow): boolean {
    const provider = this.providerConfig(row.provider_id, row.channel);
    const adapter = adapterFor(provider.kind);
    return adapter !== undefined && this.bucketFor(provider, adapter) !== null;
  }

  private async attempt(prepared: Prepared): Promise<SendOutcome> {
    try {
      // No abort signal: a request once started is let finish, or its message would be left in doubt.
      return await prepared.adapter.send(prepared.message, prepared.provider);
    } catch (error) {
      return { status: 'retry', error: `${prepared.provider.name} failed: ${(error as Error).message}` };
    }
  }

  /** Rules, rendering and the `attempting` mark for a claimed batch, in one transaction. */
  private prepare(claimed: ClaimedRow[], now: number, summary: SendSummary, settings: ReturnType<OutboxOptions['settings']>): Prepared[] {
    const { rules, timeZone, unsubscribeUrl } = settings;
    this.rules.beginBatch();
    const customers = new Map((this.statements['customers']!.all(JSON.stringify([...new Set(claimed.map((m) => m.customer_id))])) as CustomerRow[]).map((c) => [c.id, c]));
    this.options.sources.beginBatch(claimed);
    const candidates: Prepared[] = [];
    const marks: [number, string][] = [];
    const sentAtOnce: [number, string, string | null][] = [];
    const answeredAtOnce: [Prepared, SendOutcome][] = [];
    for (const row of claimed) {
      const customer = customers.get(row.customer_id);
      if (!customer) {
        this.statements['suppress']!.run({ id: row.id, reason: 'suppressed: the customer was erased', now });
        summary.suppressed++;
        continue;
      }
      const source = this.options.sources.originOf(row) ?? NO_ORIGIN;
      const origin = source.label;
      const payload = JSON.parse(row.payload) as { webhook?: { url: string; body: string } };
      const decision = this.rules.check(
        {
          channel: row.channel,
          marketing: row.marketing === 1,
          dueAt: row.due_at,
          deadlineAt: row.deadline_at,
          quietHours: source.quietHours,
          frequencyCaps: source.frequencyCaps,
        },
        customer,
        rules,
        timeZone,
        now,
      );
      if (decision.action === 'suppress') {
        this.statements['suppress']!.run({ id: row.id, reason: decision.reason, now });
        this.logStep(row, now, 'suppressed', encodeLogSentence('ruleOutcome', { channel: row.channel, origin, reason: decision.words }));
        summary.suppressed++;
        continue;
      }
      if (decision.action === 'hold') {
        this.statements['hold']!.run({ id: row.id, until: decision.until, reason: decision.reason, now });
        this.logStep(row, now, 'held', encodeLogSentence('ruleOutcome', { channel: row.channel, origin, reason: decision.words }));
        summary.held++;
        continue;
      }
      const ready = this.renderer.render(row, customer, source, payload, this.options.sources.contextOf(row), unsubscribeUrl, now);
      if ('error' in ready) {
        this.statements['fail']!.run({ id: row.id, reason: ready.error, now });
        this.logStep(row, now, 'failed', `${row.channel} ${origin} ${ready.error}`);
        summary.failed++;
        continue;
      }
      const { message, variant } = ready;
      const provider = this.providerConfig(row.provider_id, row.channel);
      const adapter = adapterFor(provider.kind);
      if (!adapter) {
        const reason = `the provider "${provider.name}" (${provider.kind}) cannot send here`;
        this.statements['fail']!.run({ id: row.id, reason, now });
        this.logStep(row, now, 'failed', `${row.channel} ${origin} failed: ${reason}`);
        summary.failed++;
        continue;
      }
      if (adapter.kind === 'sandbox' && this.options.engagementScale) message.engagementScale = this.options.engagementScale(row.customer_id, row.channel, now);
      const stored = JSON.stringify({
        ...payload,
        rendered: keptContent(message.content),
        ...(variant ? { variant } : {}),
        ...(message.webhook ? { webhook: message.webhook } : {}),
      });
      const prepared: Prepared = { row: { ...row, attempts: row.attempts + 1 }, message, provider, adapter, variant };
      // A local provider (the sandbox) answers at once and sends nothing anywhere: a message it
      // takes goes from queued to sent in one write, with nothing in doubt between them.
      const answer = adapter.sendNow?.(message, provider);
      if (answer?.status === 'sent') {
        sentAtOnce.push([row.id, stored, answer.providerMessageId]);
        answeredAtOnce.push([prepared, answer]);
        continue;
      }
      marks.push([row.id, stored]);
      candidates.push(prepared);
      if (answer) answeredAtOnce.push([prepared, answer]);
    }
    // One statement each marks the batch sent (local answers) or attempting; a message another
    // engine took meanwhile is not returned, and its answer is dropped.
    const taken = new Set<number>();
    if (sentAtOnce.length > 0) {
      for (const id of this.statements['sentAtOnce']!.all({ answers: JSON.stringify(sentAtOnce), me: this.instanceId, now }) as number[]) taken.add(id);
    }
    if (candidates.length > 0) {
      for (const id of this.statements['attemptingMany']!.all({ marks: JSON.stringify(marks), me: this.instanceId, lease: Date.now() + LEASE_MS, now }) as number[]) taken.add(id);
    }
    const ready = candidates.filter((prepared) => taken.has(prepared.row.id) && !prepared.adapter.sendNow);
    for (const [prepared, outcome] of answeredAtOnce) {
      if (!taken.has(prepared.row.id)) continue;
      if (outcome.status === 'sent') {
        this.outcomes.afterSent(prepared, outcome, now);
        summary.sent++;
      } else this.outcomes.recordFailure(prepared, outcome, now, summary);
    }
    return ready;
  }

  private logStep(row: ClaimedRow, now: number, kind: string, detail: string): void {
    this.outcomes.logStep(row, now, kind, detail);
  }
}
