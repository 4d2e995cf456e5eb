import type { EngineEvent } from '../../shared/rpc/events';
import type { campaignMethods } from '../../shared/rpc/campaign-methods';
import type { journeyMethods } from '../../shared/rpc/journey-methods';
import type { outboxMethods } from '../../shared/rpc/outbox-methods';
import type { providerMethods } from '../../shared/rpc/provider-methods';
import type { schedulerMethods } from '../../shared/rpc/scheduler-methods';
import { EventRecorder } from '../audience/record-events';
import { ScoringEngine } from '../audience/scoring';
import { Campaigns } from '../campaigns/campaigns';
import { campaignHandlers } from '../campaigns/handlers';
import type { Workspace } from '../db/connection';
import type { WriteLock } from '../db/write-lock';
import type { HandlersOf } from '../handler-types';
import { CustomerMatcher } from '../journeys/customer-matcher';
import { FlowVersions } from '../journeys/flow-graph';
import { FlowTriggers } from '../journeys/flow-triggers';
import { journeyHandlers } from '../journeys/handlers';
import { Journeys } from '../journeys/journeys';
import { SimulatedPopulation } from '../demo/population';
import { SimulatedEngagement } from '../outbox/engagement';
import { outboxHandlers } from '../outbox/handlers';
import { MessageList } from '../outbox/message-list';
import { Outbox } from '../outbox/outbox';
import { messageSources } from '../outbox/message-sources';
import { JourneyMessageSource } from '../journeys/message-source';
import { CampaignMessageSource } from '../campaigns/message-source';
import { providerHandlers } from '../providers/handlers';
import { ProviderEvents } from '../providers/provider-events';
import { ProviderSettings } from '../providers/provider-settings';
import { closeAdapters } from '../providers/registry';
import type { SecretBox } from '../secrets/secret-box';
import { readSettings } from '../settings';
import { RealClock, VirtualClock, readClockState, type Clock } from './clock';
import { schedulerHandlers } from './handlers';
import { EngineRunner } from './runner';

/**
 * Everything that makes flows and campaigns run, assembled once per workspace (the scheduler, its
 * clock, journeys, campaigns, the outbox, providers), and the handlers of the running side of the
 * contract, each module's own (engine/<domain>/handlers.ts).
 */
export type DeliveryHandlers = HandlersOf<typeof schedulerMethods & typeof journeyMethods & typeof outboxMethods & typeof campaignMethods & typeof providerMethods>;

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

export function createDelivery(ws: Workspace, writeLock: WriteLock, emit: (event: EngineEvent) => void, secrets: SecretBox, realNow: () => number = Date.now): Delivery {
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
  // Customers live only under a virtual clock, and only where the workspace asks for it.
  const population = new SimulatedPopulation(ws.sqlite, recorder, () => {
    if (clock.mode !== 'virtual') return null;
    const s = settings();
    return s.simulatedCustomers ? { seed: s.simulationSeed, signups: s.demo } : null;
  });
  const engagement = new SimulatedEngagement(ws.sqlite, recorder, (customerId, at, channel) => population.clicked(customerId, at, channel));
  const providerEvents = new ProviderEvents(ws.sqlite);
  const providers = new ProviderSettings(ws, secrets, providerEvents, now, realNow);
  const outbox = new Outbox(ws, {
    secrets,
    now,
    settings: () => {
      const s = settings();
      return { timeZone: s.timeZone, rules: s.delivery, unsubscribeUrl: s.unsubscribeUrl };
    },
    sources: messageSources([new JourneyMessageSource(ws.sqlite, versions), new CampaignMessageSource(ws.sqlite)]),
    log: journeys.log,
    lock,
    engagementScale: (customerId, channel, at) => population.engagementScaleFor(customerId, channel, at),
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
    population,
    campaigns,
    workspaceZone: () => settings().timeZone,
    onChange: () => emit({ type: 'data/changed', topic: 'messages' }),
  });
  let statusTimer: NodeJS.Timeout | null = null;
  const services = { ws, writeLock, now, emit };
  const clockSlot = {
    get: () => clock,
    set: (next: Clock) => {
      clock = next;
    },
  };
  const handlers: DeliveryHandlers = {
    ...schedulerHandlers(services, clockSlot, runner, realNow, () => population.restart()),
    ...journeyHandlers(services, {
      recorder,
      journeys,
      eventsArrived: () => {
        triggers.markDataChanged();
        runner.wake();
      },
    }),
    ...outboxHandlers(services, new MessageList(ws.readerSqlite), () => runner.wake()),
    ...campaignHandlers(services, campaigns, () => runner.wake()),
    ...providerHandlers(services, providers, providerEvents),
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
