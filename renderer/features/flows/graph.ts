import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { exitsOf, hasInput, type FlowDefinition, type FlowEdge, type FlowNode } from '../../../shared/domain/flow';

/** Every step has the same size (styles.css .step), so the canvas knows where handles are before measuring. */
export const STEP_WIDTH = 240;
export const STEP_HEIGHT = 96;
const HANDLE_SIZE = 10;

/** The input on top, centred; exits along the bottom edge at equal spacing (as StepNode draws them). */
export function stepHandles(node: FlowNode): NodeHandle[] {
  const exits = exitsOf(node);
  const handles: NodeHandle[] = exits.map((exit, i) => ({
    id: exit.id,
    type: 'source',
    position: Position.Bottom,
    x: ((i + 1) / (exits.length + 1)) * STEP_WIDTH - HANDLE_SIZE / 2,
    y: STEP_HEIGHT - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  }));
  if (hasInput(node)) handles.push({ id: 'in', type: 'target', position: Position.Top, x: STEP_WIDTH / 2 - HANDLE_SIZE / 2, y: -HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE });
  return handles;
}

/**
 * The canvas (React Flow) and the stored definition hold the same graph in two shapes. The canvas
 * node carries the whole flow node as its data; an edge's sourceHandle is the exit it leaves by.
 */
export type CanvasNode = Node<{ node: FlowNode }, 'step'>;
export type CanvasEdge = Edge;

export function toCanvas(definition: Pick<FlowDefinition, 'nodes' | 'edges'>, selected: ReadonlySet<string> = new Set()): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  return {
    nodes: definition.nodes.map((node) => ({
      id: node.id,
      type: 'step',
      position: { ...node.position },
      data: { node },
      selected: selected.has(node.id),
      // Known size and handle places: connections are drawn in the first pass, not after measuring.
      // `measured` too: the store does not echo the canvas's measurements back (they never change),
      // and without it React Flow counts the steps as unmeasured and fit view finds nothing to fit.
      width: STEP_WIDTH,
      height: STEP_HEIGHT,
      measured: { width: STEP_WIDTH, height: STEP_HEIGHT },
      handles: stepHandles(node),
    })),
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
