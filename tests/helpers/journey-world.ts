import type { Engine } from '../../engine/app';
import { defaultFlowSettings, defaultNodeData, type FlowDefinition, type FlowNode, type FlowNodeType, type FlowSettings } from '../../shared/domain/flow';
import type { DeliveryRules } from '../../shared/domain/delivery';
import type { SandboxRates } from '../../engine/providers/sandbox';
import { textSource } from './engine';

/**
 * A sandbox workspace for journey tests: a virtual clock, customers from CSV text, flows built from
 * a few lines, and readers for what happened (journey logs and messages) in the engine's own words.
 */
export const step = <T extends FlowNodeType>(id: string, type: T, data: Partial<FlowNode['data']> = {}, label = id): FlowNode =>
  ({ id, type, label, position: { x: 0, y: 0 }, data: { ...defaultNodeData(type), ...data } }) as FlowNode;

/** Edges from "a>b" (exit next), "a:yes>b" strings. */
export function edges(...links: string[]): FlowDefinition['edges'] {
  return links.map((link, i) => {
    const [from, target] = link.split('>') as [string, string];
    const [source, exit = 'next'] = from.split(':') as [string, string?];
    return { id: `e${i}`, source, exit, target };
  });
}

export function flow(nodes: FlowNode[], links: string[], settings: Partial<FlowSettings> = {}): FlowDefinition {
  return { nodes, edges: edges(...links), settings: { ...defaultFlowSettings(), ...settings } };
}

/** No quiet hours and no caps unless a test asks for them, so each test sees only the rule it checks. */
export const NO_RULES: DeliveryRules = { quietHours: { enabled: false, start: '21:00', end: '09:00', mode: 'hold' }, frequencyCaps: [], deadlineHours: 24 };

export class World {
  constructor(readonly engine: Engine) {}

  static async start(engine: Engine, startIso: string, rules: DeliveryRules = NO_RULES): Promise<World> {
    await engine.call('engine/set-clock', { mode: 'virtual', start: startIso });
    await engine.call('settings/update', { delivery: rules });
    return new World(engine);
  }

  async customers(csv: string): Promise<void> {
    const summary = await this.engine.call('customers/import', { source: textSource(csv) });
    if (summary.rejected > 0) throw new Error(`customers rejected: ${JSON.stringify(summary.errors)}`);
  }

  async publish(name: string, definition: FlowDefinition): Promise<number> {
    const created = await this.engine.call('flows/create', { name });
    const saved = await this.engine.call('flows/save', { id: created.id, definition });
    if (saved.issues.length > 0) throw new Error(`flow "${name}" has issues: ${saved.issues.map((i) => i.message).join('; ')}`);
    await this.engine.call('flows/publish', { id: created.id });
    return created.id;
  }

  async publishTemplate(templateId: string, edit?: (definition: FlowDefinition) => void): Promise<number> {
    const created = await this.engine.call('flows/create', { name: templateId, templateId });
    if (edit) {
      const definition = created.draft;
      edit(definition);
      await this.engine.call('flows/save', { id: created.id, definition });
    }
    await this.engine.call('flows/publish', { id: created.id });
    return created.id;
  }

  async track(customerId: string, event: string, properties: Record<string, unknown> = {}, time?: string): Promise<void> {
    const result = await this.engine.call('events/track', { events: [{ customerId, event, properties, ...(time ? { time } : {}) }] });
    if (result.rejected.length > 0) throw new Error(JSON.stringify(result.rejected));
    await this.engine.call('engine/run-due', {});
  }

  advance(amount: number, unit: 'minutes' | 'hours' | 'days' | 'weeks') {
    return this.engine.call('engine/advance', { by: { amount, unit } });
  }

  advanceTo(iso: string) {
    return this.engine.call('engine/advance', { to: iso });
  }

  async now(): Promise<string> {
    return (await this.engine.call('engine/status', {})).now;
  }

  /** The customer's log lines, "step kind: detail" (the step's name), oldest first, across their journeys (oldest journey first). */
  async log(externalId: string): Promise<string[]> {
    const { journeys } = await this.engine.call('journeys/of-customer', { externalId });
    return journeys.reverse().flatMap((j) => j.log.map((e) => `${e.step} ${e.kind}: ${e.detail}`));
  }

  async journeys(externalId: string) {
    return (await this.engine.call('journeys/of-customer', { externalId })).journeys;
  }

  /** The customer's messages, oldest first. */
  async messages(externalId: string) {
    return (await this.engine.call('messages/list', { customerExternalId: externalId, limit: 1000 })).rows.reverse();
  }

  async sandboxRates(channel: string, rates: Partial<SandboxRates>): Promise<void> {
    const { providers } = await this.engine.call('providers/list', {});
    const sandbox = providers.find((p) => p.kind === 'sandbox' && p.channel === channel)!;
    await this.engine.call('providers/update', { id: sandbox.id, config: { rates } });
  }
}
