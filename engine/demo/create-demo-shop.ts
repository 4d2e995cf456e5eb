import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultCampaignSchedule, type CampaignInput } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { FLOW_TEMPLATES } from '../../shared/domain/flow-templates';
import type { Engine } from '../app';
import { EngineError } from '../errors';
import { DEMO_CATALOGUE, writeDemoShopFiles } from './demo-shop';

/** What goes with what in the demo shop: a phone with its accessories, an outfit with beauty, the kitchen with the pantry. */
const DEMO_COMPLEMENTS: Record<string, string[]> = {
  phones: ['phone_accessories'],
  fashion: ['beauty'],
  beauty: ['fashion'],
  home: ['grocery'],
  grocery: ['home'],
};

/** The demo as it was made, beside its database: "Reset the demo" puts it back. */
export const DEMO_SNAPSHOT_FILE = 'demo-start.db';

export interface DemoShopSummary {
  customers: number;
  events: number;
  rejected: number;
  seed: number;
  /** The reference flows, published. */
  flows: string[];
  campaigns: string[];
}

const everyone = { filter: { type: 'group' as const, op: 'and' as const, conditions: [] } };

/**
 * The demo's campaigns, on the reference's channels: a weekly newsletter by email (scheduled) and a
 * year-end sale by push (a draft to open and launch in front of an audience).
 */
const DEMO_CAMPAIGNS: { campaign: CampaignInput; launch: boolean }[] = [
  {
    launch: true,
    campaign: {
      name: 'Newsletter de la semaine',
      channel: 'email',
      audience: everyone,
      content: {
        ...defaultNodeData('send'),
        channel: 'email',
        subject: 'Les nouveautés de la semaine',
        html: '<p>Bonjour {{ customer.first_name | default: "" }},</p><p>Nos nouveautés et les meilleures offres de la semaine.</p><p><a href="{{ unsubscribe_url }}">Se désabonner</a></p>',
      },
      schedule: { ...defaultCampaignSchedule('Africa/Algiers'), kind: 'recurring', repeat: 'weekly', weekdays: [7], time: '10:00' },
    },
  },
  {
    launch: false,
    campaign: {
      name: "Soldes de fin d'année",
      channel: 'push',
      audience: everyone,
      content: { ...defaultNodeData('send'), channel: 'push', title: "Soldes de fin d'année", body: "Jusqu'à -30 % sur les smartphones, ce week-end seulement.", link: 'https://example.com/soldes' },
      schedule: { ...defaultCampaignSchedule('Africa/Algiers'), kind: 'now', delivery: 'best_hour' },
    },
  },
];

/**
 * Fills an empty workspace with the demo shop: writes its files to a temporary folder and imports
 * them through the engine, as a user's own files would be (same checks, same progress and cancel
 * under `jobId`). The workspace runs on a virtual clock from `start` (default: now); history runs
 * up to it, and the customers live on as it advances.
 */
export async function createDemoShop(
  engine: Engine,
  options: { customers: number; seed: number; start?: string; jobId?: string },
  onPhase: (line: string) => void = () => undefined,
): Promise<DemoShopSummary> {
  const { count } = await engine.call('customers/count', {});
  if (count > 0) throw new EngineError('invalid_input', `The demo goes into an empty workspace; this one has ${count} customers. Give a new --data-dir.`, { field: 'data-dir' });
  const { flows: existingFlows } = await engine.call('flows/list', {});
  if (existingFlows.length > 0)
    throw new EngineError('invalid_input', `The demo goes into an empty workspace; this one has ${existingFlows.length} flows. Give a new --data-dir.`, { field: 'data-dir' });
  const realProvider = (await engine.call('providers/list', {})).providers.find((p) => p.kind !== 'sandbox');
  if (realProvider)
    throw new EngineError('invalid_input', `The demo goes into a workspace with sandbox providers only; this one has "${realProvider.name}". Give a new --data-dir.`, { field: 'data-dir' });
  // Marked first: from here on the workspace sends through sandbox providers only. Its customers
  // live on a virtual clock (from the chosen start, else now) as it advances.
  await engine.call('settings/update', { demo: true, simulatedCustomers: true, simulationSeed: options.seed });
  await engine.call('engine/set-clock', options.start === undefined ? { mode: 'virtual' } : { mode: 'virtual', start: options.start });
  const now = Date.parse((await engine.call('engine/clock', {})).now);
  const folder = mkdtempSync(join(tmpdir(), 'campaign-studio-demo-'));
  const call = options.jobId === undefined ? { trusted: true } : { jobId: options.jobId, trusted: true };
  try {
    onPhase(`writing ${options.customers} demo customers and a year of their events (seed ${options.seed})...`);
    const files = await writeDemoShopFiles(folder, { customers: options.customers, seed: options.seed, now });
    onPhase(`importing ${files.customers} customers...`);
    const customers = await engine.call('customers/import', { source: { kind: 'file', path: files.customersCsv } }, call);
    onPhase(`importing ${files.events} events...`);
    const events = await engine.call('events/import', { source: { kind: 'file', path: files.eventsCsv }, format: 'csv' }, call).catch((error: unknown) => {
      // A cancelled or failed import writes nothing, but the customers are in: say so, and how to start again.
      const reason = error instanceof Error ? error.message : String(error);
      throw new EngineError(
        error instanceof EngineError ? error.code : 'internal',
        `${reason} The ${customers.imported} demo customers were kept, without events; remove the data folder to start the demo again.`,
      );
    });
    // The catalogue and what goes with what, for the complementary-products flow's recommendations.
    await engine.call('products/import', {
      text: `id,name,category,price\n${DEMO_CATALOGUE.map((p) => [p.id, `"${p.name.replaceAll('"', '""')}"`, p.category, p.priceDzd].join(',')).join('\n')}\n`,
    });
    for (const [category, complements] of Object.entries(DEMO_COMPLEMENTS)) await engine.call('products/set-complements', { category, complements });
    // Published after the history is in, so the flows start from today rather than replaying the past year.
    onPhase(`publishing the ${FLOW_TEMPLATES.length} reference flows and the campaigns...`);
    const flows: string[] = [];
    for (const template of FLOW_TEMPLATES) {
      const flow = await engine.call('flows/create', { name: template.name, description: template.description, templateId: template.id });
      await engine.call('flows/publish', { id: flow.id });
      flows.push(flow.name);
    }
    const campaigns: string[] = [];
    for (const { campaign, launch } of DEMO_CAMPAIGNS) {
      const saved = await engine.call('campaigns/save', campaign);
      if (launch) await engine.call('campaigns/launch', { id: saved.id });
      campaigns.push(saved.name);
    }
    await engine.backup(join(dirname(engine.dataFile), DEMO_SNAPSHOT_FILE));
    return { customers: customers.imported, events: events.imported, rejected: customers.rejected + events.rejected, seed: options.seed, flows, campaigns };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
