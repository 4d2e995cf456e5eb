import dagre from '@dagrejs/dagre';
import type { FlowDefinition } from '../../../shared/domain/flow';

const NODE_WIDTH = 240;
const NODE_HEIGHT = 96;

/** One-click tidy-up: ranks from the trigger downwards, branches side by side (dagre). */
export function autoLayout(definition: FlowDefinition): FlowDefinition {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of definition.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of definition.edges) if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return {
    ...definition,
    nodes: definition.nodes.map((node) => {
      const placed = graph.node(node.id);
      return { ...node, position: { x: Math.round(placed.x - NODE_WIDTH / 2), y: Math.round(placed.y - NODE_HEIGHT / 2) } };
    }),
  };
}
