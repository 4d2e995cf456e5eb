import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DATA_FILE_NAME } from '../db/connection';
import { defaultFlowSettings, defaultNodeData, type FlowDefinition, type FlowNode, type FlowNodeType } from '../../shared/domain/flow';
import { FLOW_TEMPLATES } from '../../shared/domain/flow-templates';
import { useEngine } from '../../tests/helpers/engine';
import { EngineError } from '../errors';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const { engine, dir } = useEngine({ now: () => NOW });

const node = <T extends FlowNodeType>(id: string, type: T, data: Partial<FlowNode['data']> = {}): FlowNode =>
  ({ id, type, label: id, position: { x: 0, y: 0 }, data: { ...defaultNodeData(type), ...data } }) as FlowNode;

/** Cart -> wait 1 h -> push; the push's body is left empty, so the draft has one issue. */
function cartFlow(body = ''): FlowDefinition {
  return {
    nodes: [node('t', 'trigger_event', { event: 'add_to_cart' }), node('w', 'wait_delay', { delay: { amount: 1, unit: 'hours' } }), node('s', 'send', { title: 'Panier', body }), node('x', 'exit')],
    edges: [
      { id: 'e1', source: 't', exit: 'next', target: 'w' },
      { id: 'e2', source: 'w', exit: 'next', target: 's' },
      { id: 'e3', source: 's', exit: 'next', target: 'x' },
    ],
    settings: defaultFlowSettings(),
  };
}

async function refused(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe('flow lifecycle', () => {
  test('draft, refused publish, publish, edit into a new draft, versions, diff, restore', async () => {
    const created = await engine().call('flows/create', { name: 'Abandoned cart' });
    expect(created).toMatchObject({ status: 'draft', version: null, hasDraftChanges: true, steps: 0 });
    expect(created.issues.map((i) => i.code)).toEqual(['no_trigger']);

    const saved = await engine().call('flows/save', { id: created.id, definition: cartFlow() });
    expect(saved.issues).toEqual([expect.objectContaining({ code: 'required', nodeId: 's', field: 'body' })]);
    const error = await refused(engine().call('flows/publish', { id: created.id }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('write the message');
    expect((error.details as { issues: unknown[] }).issues).toHaveLength(1);

    await engine().call('flows/save', { id: created.id, definition: cartFlow('Vos articles vous attendent') });
    const v1 = await engine().call('flows/publish', { id: created.id });
    expect(v1).toMatchObject({ status: 'live', version: 1, hasDraftChanges: false, versions: [{ version: 1, entrants: 'stay', steps: 4 }] });
    expect((await refused(engine().call('flows/publish', { id: created.id }))).message).toContain('no changes since version 1');

    // Editing the live flow changes only the draft; version 1 stays as it was.
    const edited = cartFlow('Dernière chance');
    edited.nodes[1] = node('w', 'wait_delay', { delay: { amount: 3, unit: 'hours' } });
    const draft = await engine().call('flows/save', { id: created.id, definition: edited });
    expect(draft).toMatchObject({ status: 'live', version: 1, hasDraftChanges: true });
    expect((await engine().call('flows/version', { id: created.id, version: 1 })).nodes[1]).toMatchObject({ data: { delay: { amount: 1 } } });
    expect((await engine().call('flows/diff', { id: created.id, from: 1, to: 'draft' })).lines).toEqual(['Changed "w": Wait 1 hour → Wait 3 hours', 'Changed "s" (body)']);

    const v2 = await engine().call('flows/publish', { id: created.id, entrants: 'move' });
    expect(v2.versions.map((v) => [v.version, v.entrants])).toEqual([
      [2, 'move'],
      [1, 'stay'],
    ]);

    const restored = await engine().call('flows/restore', { id: created.id, version: 1 });
    expect(restored).toMatchObject({ version: 2, hasDraftChanges: true });
    expect(restored.draft).toEqual(await engine().call('flows/version', { id: created.id, version: 1 }));
    expect((await engine().call('flows/publish', { id: created.id })).version).toBe(3);
  });

  test('the canvas reads messages per step and status from the outbox', async () => {
    const flow = await engine().call('flows/create', { name: 'Cart' });
    await engine().call('flows/save', { id: flow.id, definition: cartFlow('x') });
    const live = await engine().call('flows/publish', { id: flow.id });
    expect((await engine().call('flows/step-counts', { id: flow.id })).steps).toEqual({});
    // Messages written as the engine's outbox writes them (the journey runner comes with the engine issue).
    const db = new BetterSqlite3(join(dir(), DATA_FILE_NAME));
    db.prepare(`INSERT INTO customers (external_id, created_at, updated_at) VALUES ('C-1', 1, 1), ('C-2', 1, 1), ('C-3', 1, 1)`).run();
    const versionId = db.prepare('SELECT id FROM flow_versions WHERE flow_id = ?').pluck().get(live.id);
    const insert = db.prepare(
      `INSERT INTO messages (customer_id, channel, flow_id, flow_version_id, node_id, status, idempotency_key, due_at, created_at, updated_at) VALUES (?, 'push', ?, ?, 's', ?, ?, 1, 1, 1)`,
    );
    insert.run(1, flow.id, versionId, 'sent', 'k1');
    insert.run(2, flow.id, versionId, 'sent', 'k2');
    insert.run(3, flow.id, versionId, 'failed', 'k3');
    db.close();
    expect((await engine().call('flows/step-counts', { id: flow.id })).steps).toEqual({ s: { sent: 2, failed: 1 } });
  });

  test('pause, resume and archive follow the status rules; only drafts and archived flows can be deleted', async () => {
    const flow = await engine().call('flows/create', { name: 'Cart' });
    await engine().call('flows/save', { id: flow.id, definition: cartFlow('x') });
    expect((await refused(engine().call('flows/pause', { id: flow.id }))).code).toBe('conflict');
    await engine().call('flows/publish', { id: flow.id });
    expect((await engine().call('flows/pause', { id: flow.id })).status).toBe('paused');
    expect((await refused(engine().call('flows/delete', { id: flow.id, confirm: true }))).message).toContain('archive it first');
    expect((await engine().call('flows/resume', { id: flow.id })).status).toBe('live');
    expect((await engine().call('flows/archive', { id: flow.id })).status).toBe('archived');
    expect((await refused(engine().call('flows/save', { id: flow.id, definition: cartFlow('y') }))).code).toBe('conflict');
    await engine().call('flows/delete', { id: flow.id, confirm: true });
    expect((await engine().call('flows/list', {})).flows).toEqual([]);
    expect(
      (
        await refused(
          engine()
            .call('flows/create', { name: 'A' })
            .then(() => engine().call('flows/create', { name: 'a' })),
        )
      ).code,
    ).toBe('conflict');
  });

  test('every gallery template becomes a draft that validates, making the lists it adds to', async () => {
    for (const template of FLOW_TEMPLATES) {
      const flow = await engine().call('flows/create', { name: template.name, templateId: template.id });
      expect({ template: template.id, issues: flow.issues }).toEqual({ template: template.id, issues: [] });
      expect(flow.draft.settings.timeZone).toBe('Africa/Algiers');
    }
    const lists = (await engine().call('segments/list', {})).segments.filter((s) => s.kind === 'static');
    expect(lists.map((s) => s.name)).toEqual(['Loyal customers']);
    expect((await refused(engine().call('flows/create', { name: 'X', templateId: 'nope' }))).code).toBe('not_found');
  });

  test('export and import round-trip a published version; a broken file names the field', async () => {
    const flow = await engine().call('flows/create', { name: 'Onboarding', templateId: 'onboarding' });
    await engine().call('flows/publish', { id: flow.id });
    const file = await engine().call('flows/export', { id: flow.id, version: 1 });
    expect(file).toMatchObject({ format: 'campaign-studio.flow', schemaVersion: 1, name: 'Onboarding', version: 1 });
    const copy = await engine().call('flows/import', { text: JSON.stringify(file) });
    expect(copy).toMatchObject({ name: 'Onboarding (2)', status: 'draft', issues: [] });
    expect(copy.draft).toEqual(flow.draft);

    const broken = JSON.parse(JSON.stringify(file)) as { definition: { nodes: { type: string }[] } };
    broken.definition.nodes[2]!.type = 'teleport';
    const error = await refused(engine().call('flows/import', { text: JSON.stringify(broken) }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('definition.nodes[2].type');
    expect((await engine().call('flows/list', {})).flows).toHaveLength(2);
  });

  test('a send or webhook step whose template reads a file shows a problem at save and cannot be published', async () => {
    const created = await engine().call('flows/create', { name: 'Leaky' });
    const definition = cartFlow("Votre panier {% include 'secret.key' %}");
    const saved = await engine().call('flows/save', { id: created.id, definition });
    expect(saved.issues).toEqual([expect.objectContaining({ code: 'invalid_placeholder', nodeId: 's', field: 'body' })]);
    const error = await refused(engine().call('flows/publish', { id: created.id }));
    expect(error.message).toContain('not allowed');
  });
});
