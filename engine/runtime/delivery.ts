import type { MethodName, MethodOutput, ParsedInput } from '../../shared/rpc/methods';
import type { EngineEvent } from '../../shared/rpc/events';
import { customerIdOf } from '../audience/customer-events';
import { EventRecorder } from '../audience/record-events';
import { ScoringEngine } from '../audience/scoring';
import { Campaigns } from '../campaigns/campaigns';
import type { CallContext } from '../context';
import type { Workspace } from '../db/connection';
import type { WriteLock } from '../db/write-lock';
import { EngineError } from '../errors';
import { CustomerMatcher } from '../journeys/customer-matcher';
import { FlowVersions } from '../journeys/flow-graph';
import { FlowTriggers } from '../journeys/flow-triggers';
import { Journeys } from '../journeys/journeys';
import { SimulatedEngagement } from '../outbox/engagement';
import { Outbox } from '../outbox/outbox';
import { MessageList } from '../outbox/message-list';
import { closeAdapters } from '../providers/registry';
import type { SecretBox } from '../secrets/secret-box';
import { ProviderEvents } from '../providers/provider-events';
import { ProviderSettings } from '../providers/provider-settings';
import { readSettings } from '../settings';
import { parseDate } from '../audience/customer-row';
import { RealClock, VirtualClock, readClockState, writeClockState, type Clock } from './clock';
import { addSpan } from './local-time';
import { EngineRunner } from './runner';

/**
 * Everything that makes flows and campaigns run, assembled once per workspace, and the handlers
 * of the running side of the contract (shared/rpc/delivery-methods.ts).
 */
type DeliveryMethod =
  | 'providers/list'
  | 'providers/create'
  | 'providers/update'
  | 'providers/delete'
  | 'providers/test'
  | 'providers/poll'
  | 'providers/import-events'
  | 'providers/receive'
  | 'engine/clock'
  | 'engine/status'
  | 'engine/run-due'
  | 'engine/set-clock'
  | 'engine/advance'
  | 'events/track'
  | 'messages/list'
  | 'messages/resolve'
  | 'journeys/of-customer'
  | 'campaigns/list'
  | 'campaigns/get'
  | 'campaigns/save'
  | 'campaigns/launch'
  | 'campaigns/pause'
  | 'campaigns/archive';

export type DeliveryHandlers = {
  [M in DeliveryMethod & MethodName]: (input: ParsedInput<M>, ctx: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export interface Delivery {
  /** The engine's time: the workspace's clock, real or virtual. */
  now(): number;
  clock(): Clock;
  runner: EngineRunner;
  triggers: FlowTriggers;
  handlers: DeliveryHandlers;
  /** Data changed outside the engine's own work (an import): check segment entries and run soon. */
  dataChanged(): void;
  /** Asks providers that can tell (Twilio, Mailgun) about delivery every minute, while the engine runs. */
  startStatusPolling(): void;
  close(): Promise<void>;
}

const STATUS_POLL_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function createDelivery(
  ws: Workspace,
  writeLock: WriteLock,
  emit: (event: EngineEvent) => void,
  secrets: SecretBox,
  realNow: () => number = Date.now,
): Delivery {
  const stored = readClockState(ws.sqlite);
  let clock: Clock = stored.mode === 'virtual' ? new VirtualClock(stored.now, ws.sqlite) : new RealClock(realNow);
  const now = () => clock.now();
  const settings = () => readSettings(ws);
  const lock = <T>(work: () => T) => writeLock.run(async () => work());
  const versions = new FlowVersions(ws.sqlite);
  const matcher = new CustomerMatcher(ws);
  const journeys = new Journeys(ws, versions, matcher, () => {
    const s = settings();
    return { timeZone: s.timeZone, rules: s.delivery };
  });
  const triggers = new FlowTriggers(ws.sqlite, journeys, versions, matcher);
  const recorder = new EventRecorder(ws, () => new ScoringEngine(ws, now));
  const engagement = new SimulatedEngagement(ws.sqlite, recorder);
  const providerEvents = new ProviderEvents(ws.sqlite);
  const providers = new ProviderSettings(ws, secrets, providerEvents, now, realNow);
  const outbox = new Outbox(ws, {
    secrets,
    now,
    settings: () => {
      const s = settings();
      return { timeZone: s.timeZone, rules: s.delivery, unsubscribeUrl: s.unsubscribeUrl };
    },
    versions,
    log: journeys.log,
    lock,
  });
  const campaigns = new Campaigns(ws.sqlite, matcher, () => settings().delivery);
  const runner = new EngineRunner({
    sqlite: ws.sqlite,
    clock: () => clock,
    lock,
    journeys,
    triggers,
    outbox,
    engagement,
    campaigns,
    workspaceZone: () => settings().timeZone,
    onChange: () => emit({ type: 'data/changed', topic: 'messages' }),
  });
  const campaignWrite = <T>(work: () => T) =>
    writeLock.run(async () => {
      const result = work();
      emit({ type: 'data/changed', topic: 'campaigns' });
      runner.wake();
      return result;
    });

  let statusTimer: NodeJS.Timeout | null = null;

  const messageList = new MessageList(ws.readerSqlite);
  const handlers: DeliveryHandlers = {
    'providers/list': () => ({ providers: providers.list() }),
    'providers/create': (input) => lock(() => providers.create(input)),
    'providers/update': (input) => lock(() => providers.update(input)),
    'providers/delete': (input) => lock(() => providers.remove(input.id)),
    'providers/test': (input) => providers.test(input),
    'providers/poll': async (input) => {
      const result = await providers.poll(input.id, lock);
      if (result.recorded > 0) emit({ type: 'data/changed', topic: 'messages' });
      return result;
    },
    'providers/import-events': async (input) => {
      const result = await lock(() => providers.importEvents(input.id, input.csv));
      if (result.recorded > 0) emit({ type: 'data/changed', topic: 'messages' });
      return result;
    },
    'providers/receive': async (input, ctx) => {
      // Only the web host, on its provider-webhook route, calls this; a window never can.
      if (!ctx.trusted) throw new EngineError('unauthorized', 'Provider webhooks are taken by the web host only.');
      const { events, reply } = providers.receive(input.id, { method: input.method, url: input.url, headers: input.headers, body: input.body });
      const result = await lock(() => providerEvents.apply(input.id, events, now()));
      if (result.recorded > 0) emit({ type: 'data/changed', topic: 'messages' });
      return { ...reply, ...result };
    },
    'engine/clock': () => ({ clock: clock.mode, now: new Date(clock.now()).toISOString() }),
    'engine/status': () => lock(() => runner.status()),
    'engine/run-due': (_input, ctx) => runner.runDue(ctx.signal),
    'engine/set-clock': async (input) => {
      await lock(() => {
        if (input.mode === 'real') {
          writeClockState(ws.sqlite, { mode: 'real' });
          clock = new RealClock(realNow);
        } else {
          const start = input.start !== undefined ? Date.parse(input.start) : clock.now();
          writeClockState(ws.sqlite, { mode: 'virtual', now: start });
          clock = new VirtualClock(start, ws.sqlite);
        }
      });
      emit({ type: 'data/changed', topic: 'settings' });
      return lock(() => runner.status());
    },
    'engine/advance': async (input, ctx) => {
      const from = clock.now();
      const target = 'to' in input ? Date.parse(input.to) : addSpan(from, input.by, settings().timeZone);
      if (target < from) throw new EngineError('invalid_input', `The clock is already at ${iso(from)}; it cannot go back to ${iso(target)}.`, { field: 'to' });
      const summary = await runner.advanceTo(target, ctx.signal, (done, total) =>
        ctx.progress({ done, total, unit: 'rows', rowsDone: done }),
      );
      emit({ type: 'data/changed', topic: 'customers' });
      return { ...summary, now: iso(clock.now())! };
    },
    'events/track': async (input) => {
      const result = await lock(() =>
        ws.sqlite
          .transaction(() => {
            const findCustomer = ws.sqlite.prepare('SELECT id FROM customers WHERE external_id = ?').pluck();
            const createCustomer = ws.sqlite.prepare('INSERT INTO customers (external_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING id').pluck();
            const zone = settings().timeZone;
            const outcome = { accepted: 0, duplicates: 0, rejected: [] as { index: number; field: string; message: string }[] };
            recorder.beginBatch();
            input.events.forEach((event, index) => {
              let customerId = findCustomer.get(event.customerId) as number | undefined;
              if (customerId === undefined && input.unknownCustomers === 'create') customerId = createCustomer.get(event.customerId, now(), now()) as number;
              if (customerId === undefined) {
                outcome.rejected.push({ index, field: `events.${index}.customerId`, message: `No customer has the external id "${event.customerId}".` });
                return;
              }
              const ts = event.time === undefined ? now() : typeof event.time === 'number' ? event.time : parseDate(event.time, zone);
              if (ts === null) {
                outcome.rejected.push({ index, field: `events.${index}.time`, message: `"${String(event.time)}" is not a time.` });
                return;
              }
              const fresh = recorder.record({ customerId, name: event.event, ts, properties: event.properties, eventId: event.eventId, source: 'track' });
              if (fresh) outcome.accepted++;
              else outcome.duplicates++;
            });
            return outcome;
          })
          .immediate(),
      );
      if (result.accepted > 0) {
        triggers.markDataChanged();
        runner.wake();
        emit({ type: 'data/changed', topic: 'customers' });
      }
      return result;
    },
    'messages/list': (input) => ({ rows: messageList.list(input) }),
    'messages/resolve': async (input) => {
      const updated = await lock(() => {
        const t = now();
        const statement =
          input.action === 'resend'
            ? ws.sqlite.prepare(`UPDATE messages SET status = 'queued', due_at = ?, last_error = 'sent again by the user', updated_at = ? WHERE id = ? AND status = 'unknown'`)
            : input.action === 'mark_sent'
              ? ws.sqlite.prepare(`UPDATE messages SET status = 'sent', finished_at = ?, last_error = 'marked as sent by the user', updated_at = ? WHERE id = ? AND status = 'unknown'`)
              : ws.sqlite.prepare(`UPDATE messages SET status = 'failed', finished_at = ?, last_error = 'marked as not delivered by the user', updated_at = ? WHERE id = ? AND status = 'unknown'`);
        return ws.sqlite.transaction(() => input.ids.reduce((n, id) => n + statement.run(t, t, id).changes, 0))();
      });
      if (updated < input.ids.length) {
        throw new EngineError('conflict', `${input.ids.length - updated} of the ${input.ids.length} messages are not of unknown fate (only those can be resolved); ${updated} were updated.`, { field: 'ids', updated });
      }
      runner.wake();
      emit({ type: 'data/changed', topic: 'messages' });
      return { updated };
    },
    'journeys/of-customer': (input) => ({ journeys: journeys.log.ofCustomer(customerIdOf(ws, input.externalId)) }),
    'campaigns/list': () => ({ campaigns: campaigns.list() }),
    'campaigns/get': (input) => ('id' in input ? campaigns.get(input.id) : campaigns.findByName(input.name)),
    'campaigns/save': (input) => campaignWrite(() => campaigns.save(input, now())),
    'campaigns/launch': (input) => campaignWrite(() => campaigns.launch(input.id, now())),
    'campaigns/pause': (input) => campaignWrite(() => campaigns.pause(input.id, now())),
    'campaigns/archive': (input) =>
      campaignWrite(() => {
        campaigns.remove(input.id, now());
        return { archived: true as const };
      }),
  };

  return {
    now,
    clock: () => clock,
    runner,
    triggers,
    handlers,
    dataChanged() {
      triggers.markDataChanged();
      runner.wake();
    },
    startStatusPolling() {
      let polling = false;
      statusTimer = setInterval(() => {
        if (polling) return;
        polling = true;
        void (async () => {
          for (const id of await lock(() => providers.pollable())) {
            try {
              const result = await providers.poll(id, lock);
              if (result.recorded > 0) emit({ type: 'data/changed', topic: 'messages' });
            } catch (error) {
              // The provider's own words (never its credentials); the next minute tries again.
              console.error(`Status poll of provider #${id} failed: ${(error as Error).message}`);
            }
          }
        })().finally(() => (polling = false));
      }, STATUS_POLL_MS);
      statusTimer.unref();
    },
    async close() {
      if (statusTimer) clearInterval(statusTimer);
      await runner.stop();
      outbox.close();
      await closeAdapters();
    },
  };
}
