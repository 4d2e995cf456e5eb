import dagre from '@dagrejs/dagre';
import { exitsOf, type FlowDefinition, type FlowNode } from './flow';

/** A step's box on the canvas (the renderer's `.step` is drawn at this size). */
export const STEP_WIDTH = 240;
export const STEP_HEIGHT = 96;

/** Where an exit leaves its step, from the step's left edge: exits are spread evenly along the bottom. */
export function exitOffset(node: FlowNode, exitId: string): number {
  const exits = exitsOf(node);
  const index = Math.max(
    0,
    exits.findIndex((exit) => exit.id === exitId),
  );
  return ((index + 1) / (exits.length + 1)) * STEP_WIDTH;
}

/**
 * Lays a flow out from its trigger downwards, branches side by side. dagre ranks the steps and spaces
 * them, but knows nothing of a step's exits: it may put the No branch left of the Yes branch, and the
 * two connections then cross. So each row's places are kept and handed out again, top row first, in
 * the order of where each step's connections come from (its parents' exits, left to right).
 */
export function layoutFlow(definition: FlowDefinition): FlowDefinition {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60 });
  graph.setDefaultEdgeLabel(() => ({}));
  const byId = new Map(definition.nodes.map((node) => [node.id, node]));
  for (const node of definition.nodes) graph.setNode(node.id, { width: STEP_WIDTH, height: STEP_HEIGHT });
  const exitRank = (sourceId: string, exit: string) => {
    const source = byId.get(sourceId);
    return source ? exitsOf(source).findIndex((e) => e.id === exit) : 0;
  };
  const edges = definition.edges
    .filter((edge) => byId.has(edge.source) && byId.has(edge.target))
    .map((edge, index) => ({ edge, index }))
    .sort((a, b) => (a.edge.source === b.edge.source ? exitRank(a.edge.source, a.edge.exit) - exitRank(b.edge.source, b.edge.exit) : a.index - b.index));
  for (const { edge } of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const position = new Map(
    definition.nodes.map((node) => {
      const placed = graph.node(node.id);
      return [node.id, { x: Math.round(placed.x - STEP_WIDTH / 2), y: Math.round(placed.y - STEP_HEIGHT / 2) }];
    }),
  );
  orderRowsByExits(definition, position);
  return { ...definition, nodes: definition.nodes.map((node) => ({ ...node, position: position.get(node.id)! })) };
}

function orderRowsByExits(definition: FlowDefinition, position: Map<string, { x: number; y: number }>): void {
  const byId = new Map(definition.nodes.map((node) => [node.id, node]));
  const rows = new Map<number, string[]>();
  for (const [id, at] of position) rows.set(at.y, [...(rows.get(at.y) ?? []), id]);
  for (const y of [...rows.keys()].sort((a, b) => a - b)) {
    const ids = rows.get(y)!;
    const slots = ids.map((id) => position.get(id)!.x).sort((a, b) => a - b);
    // Where a step is reached from: the mean x of the exits leading to it from the rows above.
    const reachedFrom = (id: string): number => {
      const from = definition.edges
        .filter((e) => e.target === id && byId.has(e.source) && position.get(e.source)!.y < y)
        .map((e) => position.get(e.source)!.x + exitOffset(byId.get(e.source)!, e.exit));
      return from.length ? from.reduce((a, b) => a + b, 0) / from.length : position.get(id)!.x;
    };
    const ordered = ids.map((id) => ({ id, key: reachedFrom(id), x: position.get(id)!.x })).sort((a, b) => a.key - b.key || a.x - b.x);
    ordered.forEach(({ id }, i) => {
      position.set(id, { x: slots[i]!, y });
    });
  }
}
