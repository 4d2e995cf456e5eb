import { describe, expect, test } from 'vitest';
import { defaultFlowSettings, defaultNodeData, flowDefinitionSchema, type FlowDefinition, type FlowNode, type FlowNodeType } from './flow';
import { describeNode } from './flow-describe';
import { diffFlows, FLOW_FILE_SCHEMA_VERSION, parseFlowFile, toFlowFile } from './flow-file';
import { FLOW_TEMPLATES } from './flow-templates';
import { validateFlow, type FlowValidationContext } from './flow-validation';

const context: FlowValidationContext = {
  segments: new Map([
    [1, { name: 'Loyal customers', kind: 'static' as const }],
    [2, { name: 'Dormant', kind: 'dynamic' as const }],
  ]),
  providers: new Map([
    [7, { name: 'FCM', channel: 'push' }],
    [8, { name: 'Meta WhatsApp', channel: 'whatsapp' }],
  ]),
  templates: new Map([[8, new Set(['cart_reminder'])]]),
};

function node<T extends FlowNodeType>(id: string, type: T, data: Partial<FlowNode['data']> = {}): FlowNode {
  return { id, type, label: id, position: { x: 0, y: 0 }, data: { ...defaultNodeData(type), ...data } } as FlowNode;
}

/** trigger -> wait 1 day -> opened? yes: push, no: exit. */
function validFlow(): FlowDefinition {
  return {
    nodes: [
      node('t', 'trigger_event', { event: 'add_to_cart', key: 'cart_id' }),
      node('w', 'wait_delay'),
      node('c', 'condition', { filter: { type: 'group', op: 'and', conditions: [{ type: 'segment', segmentId: 2, member: true }] } }),
      node('s', 'send', { channel: 'push', providerId: 7, title: 'Bonjour {{ customer.first_name }}', body: 'Votre panier' }),
      node('x', 'exit'),
      node('x2', 'exit'),
    ],
    edges: [
      { id: 'e1', source: 't', exit: 'next', target: 'w' },
      { id: 'e2', source: 'w', exit: 'next', target: 'c' },
      { id: 'e3', source: 'c', exit: 'yes', target: 's' },
      { id: 'e4', source: 'c', exit: 'no', target: 'x' },
      { id: 'e5', source: 's', exit: 'next', target: 'x2' },
    ],
    settings: defaultFlowSettings(),
  };
}

const codes = (flow: FlowDefinition) => validateFlow(flow, context).map((i) => `${i.code}${i.nodeId ? `@${i.nodeId}` : ''}`);

describe('flow validation', () => {
  test('a complete flow has no issues and passes the schema', () => {
    expect(codes(validFlow())).toEqual([]);
    expect(flowDefinitionSchema.safeParse(validFlow()).success).toBe(true);
  });

  test('exactly one trigger', () => {
    const none = validFlow();
    none.nodes = none.nodes.filter((n) => n.id !== 't');
    none.edges = none.edges.filter((e) => e.source !== 't');
    expect(codes(none)).toContain('no_trigger');
    const two = validFlow();
    two.nodes.push(node('t2', 'trigger_segment', { filter: { type: 'group', op: 'and', conditions: [{ type: 'score', operator: 'gte', value: 80 }] } }));
    two.edges.push({ id: 'e9', source: 't2', exit: 'next', target: 'w' });
    expect(codes(two)).toContain('extra_trigger@t2');
  });

  test('dangling exits, unreachable steps and connections into a trigger', () => {
    const flow = validFlow();
    flow.edges = flow.edges.filter((e) => e.id !== 'e4');
    flow.nodes.push(node('orphan', 'send', { title: 'a', body: 'b' }));
    flow.edges.push({ id: 'e8', source: 'orphan', exit: 'next', target: 't' });
    const found = codes(flow);
    expect(found).toContain('dangling_exit@c');
    expect(found).toContain('unreachable@x');
    expect(found).toContain('unreachable@orphan');
    expect(found).toContain('into_trigger@t');
  });

  test('a loop needs a wait in it', () => {
    const loop = validFlow();
    // s -> c: condition and send loop with no wait between them.
    loop.edges = loop.edges.map((e) => (e.id === 'e5' ? { ...e, target: 'c' } : e));
    expect(codes(loop)).toContain('cycle_without_wait@c');
    const waited = validFlow();
    waited.edges = waited.edges.map((e) => (e.id === 'e5' ? { ...e, target: 'w' } : e));
    expect(codes(waited).filter((c) => c.startsWith('cycle'))).toEqual([]);
  });

  test('required fields, names that must exist, unsubscribe links and placeholders', () => {
    const flow = validFlow();
    const send = flow.nodes.find((n) => n.id === 's')!;
    send.data = { ...defaultNodeData('send'), channel: 'email', providerId: 7, subject: 'Hi {{ customer.first_name }', html: '<p>Offer</p>' };
    const condition = flow.nodes.find((n) => n.id === 'c')!;
    condition.data = { ...defaultNodeData('condition'), filter: { type: 'group', op: 'and', conditions: [{ type: 'segment', segmentId: 99, member: true }] } };
    const found = validateFlow(flow, context);
    expect(found.map((i) => `${i.code}:${i.field}`)).toEqual(
      expect.arrayContaining(['provider_channel:providerId', 'missing_unsubscribe:html', 'invalid_placeholder:subject', 'unknown_segment:filter']),
    );
    expect(found.find((i) => i.code === 'missing_unsubscribe')!.message).toContain('{{ unsubscribe_url }}');

    const whatsapp = validFlow();
    whatsapp.nodes[3] = node('s', 'send', { channel: 'whatsapp', providerId: 8, templateName: 'no_such_template' });
    expect(codes(whatsapp)).toContain('unknown_template@s');
    const list = validFlow();
    list.nodes[3] = node('s', 'list_membership', { segmentId: 2 });
    expect(codes(list)).toContain('not_a_list@s');
    const split = validFlow();
    split.nodes[2] = node('c', 'split_random', {
      variants: [
        { id: 'yes', label: 'A', percent: 40 },
        { id: 'no', label: 'B', percent: 40 },
      ],
      controlPercent: 10,
    });
    expect(codes(split)).toContain('split_total@c');
  });

  test('every template passes validation once its lists exist', () => {
    for (const template of FLOW_TEMPLATES) {
      const flow = template.build();
      for (const n of flow.nodes) if (n.type === 'list_membership') n.data = { ...n.data, segmentId: 1 };
      expect({ template: template.id, issues: validateFlow(flow, context) }).toEqual({ template: template.id, issues: [] });
      expect(flowDefinitionSchema.safeParse(flow).success).toBe(true);
    }
    expect(FLOW_TEMPLATES.map((t) => t.id)).toEqual(['onboarding', 'active-users', 'reactivation', 'welcome-after-purchase', 'abandoned-cart-email', 'inactive-signups', 'complementary-products']);
  });
});

describe('flow files and diffs', () => {
  test('export and import round-trip every template unchanged', () => {
    for (const template of FLOW_TEMPLATES) {
      const definition = template.build();
      const text = JSON.stringify(toFlowFile({ name: template.name, description: template.description, version: null, definition, exportedAt: '2026-11-26T12:00:00Z' }));
      const parsed = parseFlowFile(text);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.file.definition).toEqual(definition);
    }
  });

  test('a bad file says where it is wrong; a newer schema is refused by name', () => {
    const file = toFlowFile({ name: 'x', description: '', version: null, definition: validFlow(), exportedAt: 'now' });
    const broken = JSON.parse(JSON.stringify(file)) as { definition: { nodes: { data: { delay: { amount: unknown } } }[] } };
    broken.definition.nodes[1]!.data.delay.amount = 'one';
    const result = parseFlowFile(JSON.stringify(broken));
    expect(result).toMatchObject({ ok: false, problems: [{ path: 'definition.nodes[1].data.delay.amount' }] });
    expect(parseFlowFile(JSON.stringify({ ...file, schemaVersion: FLOW_FILE_SCHEMA_VERSION + 1 }))).toMatchObject({ ok: false, problems: [{ path: 'schemaVersion' }] });
    expect(parseFlowFile('{"format":')).toMatchObject({ ok: false, problems: [{ path: '' }] });
  });

  test('the diff names added, removed and changed steps and rewired exits in words', () => {
    const before = validFlow();
    const after = validFlow();
    after.nodes[1] = node('w', 'wait_delay', { delay: { amount: 3, unit: 'days' } });
    after.nodes = after.nodes.filter((n) => n.id !== 'x');
    after.nodes.push(node('sms', 'send', { channel: 'sms', body: 'Votre panier expire' }));
    after.edges = after.edges.map((e) => (e.id === 'e4' ? { ...e, target: 'sms' } : e));
    after.edges.push({ id: 'e6', source: 'sms', exit: 'next', target: 'x2' });
    after.settings.entry = { mode: 'unlimited', againAfterDays: 30 };
    const lines = diffFlows(before, after, { segmentName: (id) => (id === 2 ? 'Dormant' : undefined) });
    expect(lines).toEqual([
      'Changed "w": Wait 1 day → Wait 3 days',
      'Added "sms": sms via default provider: "Votre panier expire"',
      'Removed "x": Exit the flow',
      'Connected "c" (no) → "sms"',
      'Connected "sms" → "x2"',
      'Disconnected "c" (no) → "x"',
      'Flow setting entry: {"mode":"once","againAfterDays":30} → {"mode":"unlimited","againAfterDays":30}',
    ]);
    expect(describeNode(before.nodes[2]!, { segmentName: () => 'Dormant' })).toBe('If in segment "Dormant"');
  });
});
