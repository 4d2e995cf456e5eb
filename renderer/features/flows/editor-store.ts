import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import { defaultNodeData, exitsOf, hasInput, NODE_TYPE_LABELS, type FlowDefinition, type FlowNode, type FlowNodeType, type FlowSettings } from '../../../shared/domain/flow';
import type { FlowDetail } from '../../../shared/domain/flow-summary';
import { fromCanvas, nextId, STEP_HEIGHT, STEP_WIDTH, toCanvas, type CanvasEdge, type CanvasNode } from './graph';
import { layoutFlow } from '../../../shared/domain/flow-layout';

const HISTORY_LIMIT = 100;

interface Snapshot {
  definition: FlowDefinition;
}

interface EditorState {
  detail: FlowDetail | null;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  settings: FlowSettings;
  /** Changed since the last save. */
  dirty: boolean;
  /**
   * Bumped by every change to what the flow does (not by selection, measuring or a drag in
   * progress), so validation and the steps' words are recomputed only when they can change.
   */
  graphVersion: number;
  past: Snapshot[];
  future: Snapshot[];
  clipboard: { nodes: FlowNode[]; edges: FlowDefinition['edges'] } | null;
  load(detail: FlowDetail): void;
  definition(): FlowDefinition;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  /** A connection the canvas may make: from a free exit to a node that takes input, not itself. */
  canConnect(connection: Connection | CanvasEdge): boolean;
  connect(connection: Connection): void;
  /** Where a step's exit leads (another step, or nowhere), set from the inspector: connecting without a mouse. */
  setExitTarget(sourceId: string, exit: string, targetId: string | null): void;
  addNode(type: FlowNodeType, position: { x: number; y: number }, onEdgeId?: string): string;
  updateNode(id: string, change: { label?: string; data?: FlowNode['data'] }): void;
  setSettings(settings: FlowSettings): void;
  select(id: string | null): void;
  removeSelected(): void;
  copySelected(): void;
  paste(): void;
  layout(): void;
  undo(): void;
  redo(): void;
  markSaved(detail: FlowDetail): void;
}

const PREFIX: Record<FlowNodeType, string> = {
  trigger_event: 'trigger',
  trigger_segment: 'trigger',
  trigger_schedule: 'trigger',
  trigger_date: 'trigger',
  condition: 'if',
  split_audience: 'paths',
  split_random: 'ab',
  wait_delay: 'wait',
  wait_until: 'wait',
  wait_event: 'wait',
  send: 'send',
  set_attribute: 'set',
  list_membership: 'list',
  add_score: 'score',
  webhook: 'hook',
  goal: 'goal',
  exit: 'exit',
};

/**
 * The canvas editor's state: the graph as React Flow holds it, the flow settings, and an undo
 * history of whole definitions (flows are small; a snapshot per step keeps undo simple and exact).
 */
export const useFlowEditor = create<EditorState>((set, get) => {
  /** Records the state before a change, so undo returns to it. */
  let lastEdit: { id: string; at: number } | null = null;
  const remember = () => {
    lastEdit = null;
    const { past } = get();
    set({ past: [...past.slice(-HISTORY_LIMIT + 1), { definition: get().definition() }], future: [], dirty: true, graphVersion: get().graphVersion + 1 });
  };
  const apply = (definition: FlowDefinition, selected: ReadonlySet<string> = new Set()) => {
    const canvas = toCanvas(definition, selected);
    set({ nodes: canvas.nodes, edges: canvas.edges, settings: definition.settings, graphVersion: get().graphVersion + 1 });
  };
  const selectedIds = () =>
    new Set(
      get()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    );

  return {
    detail: null,
    nodes: [],
    edges: [],
    settings: {
      timeZone: 'Africa/Algiers',
      entry: { mode: 'once', againAfterDays: 30 },
      exclusion: { type: 'group', op: 'and', conditions: [] },
      conversion: { event: '', where: [], windowHours: 72 },
      quietHours: true,
      frequencyCaps: true,
    },
    dirty: false,
    graphVersion: 0,
    past: [],
    future: [],
    clipboard: null,
    load(detail) {
      set({ detail, past: [], future: [], dirty: false });
      apply(detail.draft);
    },
    definition() {
      const { nodes, edges, settings } = get();
      return { ...fromCanvas(nodes, edges), settings };
    },
    onNodesChange(all) {
      // Steps have a fixed size the canvas already knows; echoing its measurements back into the
      // store would re-render every step once more after the first paint (a 300-step flow: ~0.4 s).
      const changes = all.filter((c) => !(c.type === 'dimensions' && !c.resizing && c.dimensions?.width === STEP_WIDTH && c.dimensions.height === STEP_HEIGHT));
      if (changes.length === 0) return;
      // Removals and the end of a drag are steps to undo; selection and the drag's frames are not.
      if (changes.some((c) => c.type === 'remove' || (c.type === 'position' && c.dragging === false))) remember();
      set({ nodes: applyNodeChanges(changes, get().nodes) });
      if (changes.some((c) => c.type === 'remove')) {
        const ids = new Set(get().nodes.map((n) => n.id));
        set({ edges: get().edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
      }
    },
    onEdgesChange(changes) {
      if (changes.some((c) => c.type === 'remove')) remember();
      set({ edges: applyEdgeChanges(changes, get().edges) });
    },
    canConnect(connection) {
      const { nodes, edges } = get();
      const source = nodes.find((n) => n.id === connection.source)?.data.node;
      const target = nodes.find((n) => n.id === connection.target)?.data.node;
      if (!source || !target || source.id === target.id || !hasInput(target)) return false;
      if (!exitsOf(source).some((exit) => exit.id === connection.sourceHandle)) return false;
      return !edges.some((e) => e.source === source.id && e.sourceHandle === connection.sourceHandle);
    },
    connect(connection) {
      if (!get().canConnect(connection)) return;
      remember();
      const id = nextId(
        'e',
        get().edges.map((e) => e.id),
      );
      set({ edges: [...get().edges, { id, source: connection.source, sourceHandle: connection.sourceHandle ?? 'next', target: connection.target, targetHandle: 'in' }] });
    },
    setExitTarget(sourceId, exit, targetId) {
      const { nodes, edges } = get();
      const current = edges.find((e) => e.source === sourceId && e.sourceHandle === exit);
      if ((current?.target ?? null) === targetId) return;
      const target = targetId === null ? null : nodes.find((n) => n.id === targetId)?.data.node;
      if (targetId !== null && (!target || !hasInput(target) || targetId === sourceId)) return;
      remember();
      const kept = edges.filter((e) => e !== current);
      if (targetId === null) return set({ edges: kept });
      const id = nextId(
        'e',
        edges.map((e) => e.id),
      );
      set({ edges: [...kept, { id, source: sourceId, sourceHandle: exit, target: targetId, targetHandle: 'in' }] });
    },
    addNode(type, position, onEdgeId) {
      remember();
      const definition = get().definition();
      const id = nextId(
        PREFIX[type],
        definition.nodes.map((n) => n.id),
      );
      const node = { id, type, label: NODE_TYPE_LABELS[type], position, data: defaultNodeData(type) } as FlowNode;
      definition.nodes.push(node);
      // Dropped on a connection: the new step goes between its two ends, by its first exit.
      const edge = onEdgeId ? definition.edges.find((e) => e.id === onEdgeId) : undefined;
      const firstExit = exitsOf(node)[0];
      if (edge && hasInput(node)) {
        const target = edge.target;
        edge.target = id;
        if (firstExit)
          definition.edges.push({
            id: nextId(
              'e',
              definition.edges.map((e) => e.id),
            ),
            source: id,
            exit: firstExit.id,
            target,
          });
      }
      apply(definition, new Set([id]));
      return id;
    },
    updateNode(id, change) {
      // Typing in one step's settings is one undo step, not one per keystroke.
      const now = Date.now();
      if (!lastEdit || lastEdit.id !== id || now - lastEdit.at > 1500) remember();
      else set({ dirty: true, graphVersion: get().graphVersion + 1 });
      lastEdit = { id, at: now };
      const definition = get().definition();
      definition.nodes = definition.nodes.map((n) => (n.id === id ? ({ ...n, ...change } as FlowNode) : n));
      // Exits that no longer exist (a removed path or variant) lose their connections.
      const node = definition.nodes.find((n) => n.id === id);
      if (node) {
        const exits = new Set(exitsOf(node).map((e) => e.id));
        definition.edges = definition.edges.filter((e) => e.source !== id || exits.has(e.exit));
      }
      apply(definition, selectedIds());
    },
    setSettings(settings) {
      remember();
      set({ settings });
    },
    select(id) {
      set({ nodes: get().nodes.map((n) => ({ ...n, selected: n.id === id })) });
    },
    removeSelected() {
      const ids = selectedIds();
      const edgeIds = new Set(
        get()
          .edges.filter((e) => e.selected)
          .map((e) => e.id),
      );
      if (ids.size === 0 && edgeIds.size === 0) return;
      remember();
      set({
        nodes: get().nodes.filter((n) => !ids.has(n.id)),
        edges: get().edges.filter((e) => !edgeIds.has(e.id) && !ids.has(e.source) && !ids.has(e.target)),
      });
    },
    copySelected() {
      const ids = selectedIds();
      if (ids.size === 0) return;
      const definition = get().definition();
      set({ clipboard: { nodes: definition.nodes.filter((n) => ids.has(n.id)), edges: definition.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) } });
    },
    paste() {
      const clipboard = get().clipboard;
      if (!clipboard) return;
      remember();
      const definition = get().definition();
      const renamed = new Map<string, string>();
      for (const node of clipboard.nodes) {
        const id = nextId(PREFIX[node.type], [...definition.nodes.map((n) => n.id), ...renamed.values()]);
        renamed.set(node.id, id);
      }
      const pasted = clipboard.nodes.map((n) => ({ ...structuredClone(n), id: renamed.get(n.id)!, position: { x: n.position.x + 40, y: n.position.y + 40 } }) as FlowNode);
      definition.nodes.push(...pasted);
      for (const edge of clipboard.edges) {
        definition.edges.push({
          id: nextId(
            'e',
            definition.edges.map((e) => e.id),
          ),
          source: renamed.get(edge.source)!,
          exit: edge.exit,
          target: renamed.get(edge.target)!,
        });
      }
      apply(definition, new Set(renamed.values()));
    },
    layout() {
      remember();
      apply(layoutFlow(get().definition()), selectedIds());
    },
    undo() {
      const { past, future } = get();
      const previous = past.at(-1);
      if (!previous) return;
      set({ past: past.slice(0, -1), future: [{ definition: get().definition() }, ...future], dirty: true });
      apply(previous.definition);
    },
    redo() {
      const { past, future } = get();
      const next = future[0];
      if (!next) return;
      set({ past: [...past, { definition: get().definition() }], future: future.slice(1), dirty: true });
      apply(next.definition);
    },
    markSaved(detail) {
      set({ detail, dirty: false });
    },
  };
});
