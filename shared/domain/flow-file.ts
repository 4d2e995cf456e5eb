import { z } from 'zod';
import { flowDefinitionSchema, type FlowDefinition } from './flow';
import { describeNode, type NameLookup } from './flow-describe';

/**
 * A flow as a file, to share it or keep it in git (docs/flow-file.md describes every field). The
 * format name and schema version come first so a newer file is refused with a clear message, not
 * misread. Provider ids and segment ids travel as they are; secrets never do (flows hold none).
 */
export const FLOW_FILE_FORMAT = 'campaign-studio.flow';
export const FLOW_FILE_SCHEMA_VERSION = 1;

export const flowFileSchema = z.strictObject({
  format: z.literal(FLOW_FILE_FORMAT),
  schemaVersion: z.literal(FLOW_FILE_SCHEMA_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  exportedAt: z.string().optional(),
  /** The published version it was exported from, or null for a draft. */
  version: z.number().int().positive().nullable().default(null),
  definition: flowDefinitionSchema,
});
export type FlowFile = z.output<typeof flowFileSchema>;

export function toFlowFile(input: { name: string; description: string; version: number | null; definition: FlowDefinition; exportedAt: string }): FlowFile {
  return { format: FLOW_FILE_FORMAT, schemaVersion: FLOW_FILE_SCHEMA_VERSION, ...input };
}

/** A zod path as people read it: definition.nodes[3].data.delay.amount. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '');
}

export type FlowFileProblem = { path: string; message: string };

/** Reads a flow file's text; every problem names where it is. */
export function parseFlowFile(text: string): { ok: true; file: FlowFile } | { ok: false; problems: FlowFileProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `not JSON: ${(error as Error).message}` }] };
  }
  const head = raw as { format?: unknown; schemaVersion?: unknown } | null;
  if (head && typeof head === 'object' && head.format === FLOW_FILE_FORMAT && typeof head.schemaVersion === 'number' && head.schemaVersion > FLOW_FILE_SCHEMA_VERSION) {
    return {
      ok: false,
      problems: [{ path: 'schemaVersion', message: `the file is schema version ${head.schemaVersion}; this app reads up to ${FLOW_FILE_SCHEMA_VERSION}. Update Campaign Studio to open it.` }],
    };
  }
  const parsed = flowFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.slice(0, 20).map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
  return { ok: true, file: parsed.data };
}

/** What changed between two versions, in sentences a CRM manager can review before publishing. */
export function diffFlows(before: FlowDefinition, after: FlowDefinition, names: NameLookup = {}): string[] {
  const lines: string[] = [];
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const title = (node: FlowDefinition['nodes'][number]) => `"${node.label || node.type}"`;
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) {
      lines.push(`Added ${title(node)}: ${describeNode(node, names)}`);
      continue;
    }
    if (old.label !== node.label) lines.push(`Renamed ${title(old)} to ${title(node)}`);
    if (old.type !== node.type) lines.push(`${title(node)} changed from ${old.type} to ${node.type}: ${describeNode(node, names)}`);
    else if (JSON.stringify(old.data) !== JSON.stringify(node.data)) {
      const before = describeNode(old, names);
      const now = describeNode(node, names);
      const fields = Object.keys(node.data).filter((key) => JSON.stringify((old.data as Record<string, unknown>)[key]) !== JSON.stringify((node.data as Record<string, unknown>)[key]));
      lines.push(before === now ? `Changed ${title(node)} (${fields.join(', ')})` : `Changed ${title(node)}: ${before} → ${now}`);
    }
  }
  for (const node of before.nodes) if (!newNodes.has(node.id)) lines.push(`Removed ${title(node)}: ${describeNode(node, names)}`);

  const edgeKey = (e: FlowDefinition['edges'][number]) => `${e.source}\u0000${e.exit}\u0000${e.target}`;
  const edgeText = (e: FlowDefinition['edges'][number], nodes: Map<string, FlowDefinition['nodes'][number]>) => {
    const from = nodes.get(e.source);
    const to = nodes.get(e.target);
    return `${from ? title(from) : e.source}${e.exit === 'next' ? '' : ` (${e.exit})`} → ${to ? title(to) : e.target}`;
  };
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  for (const edge of after.edges) if (!oldEdges.has(edgeKey(edge))) lines.push(`Connected ${edgeText(edge, newNodes)}`);
  for (const edge of before.edges) if (!newEdges.has(edgeKey(edge))) lines.push(`Disconnected ${edgeText(edge, oldNodes)}`);

  for (const key of Object.keys(after.settings) as (keyof FlowDefinition['settings'])[]) {
    if (JSON.stringify(before.settings[key]) !== JSON.stringify(after.settings[key])) {
      lines.push(`Flow setting ${key}: ${JSON.stringify(before.settings[key])} → ${JSON.stringify(after.settings[key])}`);
    }
  }
  const moved = after.nodes.filter((n) => {
    const old = oldNodes.get(n.id);
    return old && (old.position.x !== n.position.x || old.position.y !== n.position.y);
  }).length;
  if (moved > 0 && lines.length === 0) lines.push(`Moved ${moved} step${moved === 1 ? '' : 's'} on the canvas (no change in behaviour)`);
  return lines;
}
