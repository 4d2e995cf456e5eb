import { beforeEach, describe, expect, test } from 'vitest';
import { defaultFlowSettings, type FlowDefinition } from '../shared/domain/flow';
import { FLOW_TEMPLATES } from '../shared/domain/flow-templates';
import type { FlowDetail } from '../shared/domain/flow-summary';
import { useFlowEditor } from '../renderer/features/flows/editor-store';
import { fromCanvas, toCanvas } from '../renderer/features/flows/graph';
import { layoutFlow } from '../shared/domain/flow-layout';

function detailOf(definition: FlowDefinition): FlowDetail {
  return { id: 1, name: 'x', description: '', status: 'draft', version: null, hasDraftChanges: true, steps: definition.nodes.length, updatedAt: '', draft: definition, issues: [], versions: [] };
}
const editor = () => useFlowEditor.getState();

describe('canvas and definition', () => {
  test('every template survives the trip to the canvas and back', () => {
    for (const template of FLOW_TEMPLATES) {
      const definition = template.build();
      const canvas = toCanvas(definition);
      expect(canvas.edges.every((e) => e.sourceHandle && e.targetHandle === 'in')).toBe(true);
      expect({ ...fromCanvas(canvas.nodes, canvas.edges), settings: definition.settings }).toEqual(definition);
    }
  });

  test('auto-layout places every step apart, the trigger above what follows it', () => {
    const laid = layoutFlow(FLOW_TEMPLATES[0]!.build());
    const positions = laid.nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(positions).size).toBe(laid.nodes.length);
    const trigger = laid.nodes.find((n) => n.type === 'trigger_event')!;
    const next = laid.nodes.find((n) => n.id === laid.edges.find((e) => e.source === trigger.id)!.target)!;
    expect(next.position.y).toBeGreaterThan(trigger.position.y);
  });
});

describe('the editor store', () => {
  beforeEach(() => {
    editor().load(detailOf({ nodes: [], edges: [], settings: defaultFlowSettings() }));
  });

  test('steps connect only from a free exit into a step that takes input; dropping on a connection inserts', () => {
    const trigger = editor().addNode('trigger_event', { x: 0, y: 0 });
    const exit = editor().addNode('exit', { x: 0, y: 200 });
    expect(editor().canConnect({ source: exit, sourceHandle: 'next', target: trigger, targetHandle: 'in' })).toBe(false);
    editor().connect({ source: trigger, sourceHandle: 'next', target: exit, targetHandle: 'in' });
    expect(editor().canConnect({ source: trigger, sourceHandle: 'next', target: exit, targetHandle: 'in' })).toBe(false);
    const edgeId = editor().edges[0]!.id;
    const wait = editor().addNode('wait_delay', { x: 0, y: 100 }, edgeId);
    expect(
      editor()
        .definition()
        .edges.map((e) => `${e.source}:${e.exit}->${e.target}`),
    ).toEqual([`${trigger}:next->${wait}`, `${wait}:next->${exit}`]);
  });

  test('an exit is pointed at a step from the inspector: set, moved, cleared; a trigger or the step itself is refused', () => {
    const trigger = editor().addNode('trigger_event', { x: 0, y: 0 });
    const condition = editor().addNode('condition', { x: 0, y: 100 });
    const send = editor().addNode('send', { x: 0, y: 200 });
    const exit = editor().addNode('exit', { x: 200, y: 200 });
    const links = () =>
      editor()
        .definition()
        .edges.map((e) => `${e.source}:${e.exit}->${e.target}`)
        .sort();
    editor().setExitTarget(condition, 'yes', send);
    editor().setExitTarget(condition, 'no', exit);
    expect(links()).toEqual([`${condition}:no->${exit}`, `${condition}:yes->${send}`]);
    editor().setExitTarget(condition, 'yes', exit);
    expect(links()).toEqual([`${condition}:no->${exit}`, `${condition}:yes->${exit}`]);
    editor().setExitTarget(condition, 'no', null);
    expect(links()).toEqual([`${condition}:yes->${exit}`]);
    editor().setExitTarget(condition, 'no', trigger);
    editor().setExitTarget(condition, 'no', condition);
    expect(links()).toEqual([`${condition}:yes->${exit}`]);
    editor().undo();
    expect(links()).toEqual([`${condition}:no->${exit}`, `${condition}:yes->${exit}`]);
  });

  test('undo and redo walk back and forth; typing into one step is one undo step', () => {
    const trigger = editor().addNode('trigger_event', { x: 0, y: 0 });
    for (const event of ['a', 'ad', 'add']) editor().updateNode(trigger, { data: { event, where: [], key: '' } });
    expect(editor().definition().nodes[0]!.data).toMatchObject({ event: 'add' });
    editor().undo();
    expect(editor().definition().nodes[0]!.data).toMatchObject({ event: '' });
    editor().undo();
    expect(editor().definition().nodes).toEqual([]);
    editor().redo();
    editor().redo();
    expect(editor().definition().nodes[0]!.data).toMatchObject({ event: 'add' });
  });

  test('copy and paste give new ids and keep the connections between the copied steps', () => {
    const a = editor().addNode('send', { x: 0, y: 0 });
    const b = editor().addNode('exit', { x: 0, y: 100 });
    editor().connect({ source: a, sourceHandle: 'next', target: b, targetHandle: 'in' });
    useFlowEditor.setState({ nodes: editor().nodes.map((n) => ({ ...n, selected: true })) });
    editor().copySelected();
    editor().paste();
    const { nodes, edges } = editor().definition();
    expect(nodes.map((n) => n.id)).toEqual(['send-1', 'exit-1', 'send-2', 'exit-2']);
    expect(edges.map((e) => `${e.source}->${e.target}`)).toEqual(['send-1->exit-1', 'send-2->exit-2']);
    editor().removeSelected();
    expect(
      editor()
        .definition()
        .nodes.map((n) => n.id),
    ).toEqual(['send-1', 'exit-1']);
  });

  test('removing a path of an audience split drops the connection from its exit', () => {
    const split = editor().addNode('split_audience', { x: 0, y: 0 });
    const exit = editor().addNode('exit', { x: 0, y: 100 });
    editor().connect({ source: split, sourceHandle: 'path-1', target: exit, targetHandle: 'in' });
    editor().connect({ source: split, sourceHandle: 'else', target: exit, targetHandle: 'in' });
    editor().updateNode(split, { data: { paths: [] } });
    expect(
      editor()
        .definition()
        .edges.map((e) => e.exit),
    ).toEqual(['else']);
  });
});
