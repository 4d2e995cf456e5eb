import type { Edge, Node } from '@xyflow/react';
import type { FlowDefinition, FlowEdge, FlowNode } from '../../../shared/domain/flow';

/**
 * The canvas (React Flow) and the stored definition hold the same graph in two shapes. The canvas
 * node carries the whole flow node as its data; an edge's sourceHandle is the exit it leaves by.
 */
export type CanvasNode = Node<{ node: FlowNode }, 'step'>;
export type CanvasEdge = Edge;

export function toCanvas(definition: Pick<FlowDefinition, 'nodes' | 'edges'>, selected: ReadonlySet<string> = new Set()): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  return {
    nodes: definition.nodes.map((node) => ({ id: node.id, type: 'step', position: { ...node.position }, data: { node }, selected: selected.has(node.id) })),
    edges: definition.edges.map((edge) => ({ id: edge.id, source: edge.source, sourceHandle: edge.exit, target: edge.target, targetHandle: 'in' })),
  };
}

/** Back from the canvas: positions from where nodes were dragged, exits from the handles. */
export function fromCanvas(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Pick<FlowDefinition, 'nodes' | 'edges'> {
  return {
    nodes: nodes.map((n) => ({ ...n.data.node, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } }) as FlowNode),
    edges: edges.map((e): FlowEdge => ({ id: e.id, source: e.source, exit: e.sourceHandle ?? 'next', target: e.target })),
  };
}

/** An id not used yet: the type's short name and the next free number ("send-3"). */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}
