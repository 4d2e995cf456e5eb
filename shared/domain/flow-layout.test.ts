import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from './flow';
import { exitOffset, layoutFlow, STEP_HEIGHT, STEP_WIDTH } from './flow-layout';
import { FLOW_TEMPLATES } from './flow-templates';

interface Segment {
  name: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
}

/** Each connection as the straight line from its exit (bottom of the step) to the next step's input (top middle). */
function connections(definition: FlowDefinition): Segment[] {
  const byId = new Map(definition.nodes.map((node) => [node.id, node]));
  return definition.edges.map((edge) => {
    const source = byId.get(edge.source)!;
    const target = byId.get(edge.target)!;
    return {
      name: `${source.label}/${edge.exit} -> ${target.label}`,
      from: { x: source.position.x + exitOffset(source, edge.exit), y: source.position.y + STEP_HEIGHT },
      to: { x: target.position.x + STEP_WIDTH / 2, y: target.position.y },
    };
  });
}

const cross = (o: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Proper crossing: each segment's ends lie strictly on both sides of the other (shared ends do not count). */
function intersects(p: Segment, q: Segment): boolean {
  const d1 = cross(q.from, q.to, p.from);
  const d2 = cross(q.from, q.to, p.to);
  const d3 = cross(p.from, p.to, q.from);
  const d4 = cross(p.from, p.to, q.to);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

function crossings(definition: FlowDefinition): string[] {
  const lines = connections(definition);
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) for (let j = i + 1; j < lines.length; j++) if (intersects(lines[i]!, lines[j]!)) found.push(`${lines[i]!.name} × ${lines[j]!.name}`);
  return found;
}

function overlaps(definition: FlowDefinition): string[] {
  const found: string[] = [];
  const nodes = definition.nodes;
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!.position;
      const b = nodes[j]!.position;
      if (Math.abs(a.x - b.x) < STEP_WIDTH && Math.abs(a.y - b.y) < STEP_HEIGHT) found.push(`${nodes[i]!.label} / ${nodes[j]!.label}`);
    }
  return found;
}

describe('flow layout', () => {
  it.each(FLOW_TEMPLATES.map((t) => [t.id, t] as const))('template %s reads top to bottom: no crossing connections, no stacked steps', (_id, template) => {
    const definition = template.build();
    expect(crossings(definition)).toEqual([]);
    expect(overlaps(definition)).toEqual([]);
    const byId = new Map(definition.nodes.map((node) => [node.id, node]));
    for (const edge of definition.edges) expect(byId.get(edge.target)!.position.y).toBeGreaterThan(byId.get(edge.source)!.position.y);
  });

  it('the leftmost exit leads to the leftmost branch, whatever order the connections were drawn in', () => {
    const template = FLOW_TEMPLATES.find((t) => t.build().nodes.some((n) => n.type === 'wait_event'))!;
    const definition = template.build();
    const reversed = layoutFlow({ ...definition, edges: [...definition.edges].reverse() });
    expect(crossings(reversed)).toEqual([]);
  });

  it('finds a crossing when two branches are swapped by hand (the check can fail)', () => {
    const definition = FLOW_TEMPLATES.find((t) => t.build().nodes.some((n) => n.type === 'wait_event'))!.build();
    const waits = definition.nodes.filter((n) => n.type === 'wait_event');
    const wait = waits[0]!;
    const [first, second] = definition.edges.filter((e) => e.source === wait.id).map((e) => definition.nodes.find((n) => n.id === e.target)!);
    const swapped = { ...definition, nodes: definition.nodes.map((n) => (n === first ? { ...n, position: second!.position } : n === second ? { ...n, position: first!.position } : n)) };
    expect(crossings(swapped).length).toBeGreaterThan(0);
  });
});
