import type BetterSqlite3 from 'better-sqlite3';
import { defaultFlowSettings, type FlowDefinition, type FlowNode, type FlowNodeOf, type FlowSettings } from '../../shared/domain/flow';

/**
 * A published flow version, read once and kept: versions never change, so customers pinned to an
 * old one keep walking the graph they entered.
 */
export interface LiveVersion {
  id: number;
  flowId: number;
  flowName: string;
  version: number;
  publishedAt: number;
  settings: FlowSettings;
  nodes: Map<string, FlowNode>;
  trigger: FlowNode | undefined;
  goals: FlowNodeOf<'goal'>[];
  next(nodeId: string, exit: string): FlowNode | undefined;
  label(nodeId: string): string;
}

export function toLiveVersion(row: { id: number; flow_id: number; name: string; version: number; published_at: number; graph: string; settings: string }): LiveVersion {
  const graph = JSON.parse(row.graph) as Pick<FlowDefinition, 'nodes' | 'edges'>;
  const settings = { ...defaultFlowSettings(), ...(JSON.parse(row.settings) as Partial<FlowSettings>) };
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = new Map(graph.edges.map((edge) => [`${edge.source}\u0000${edge.exit}`, edge.target]));
  return {
    id: row.id,
    flowId: row.flow_id,
    flowName: row.name,
    version: row.version,
    publishedAt: row.published_at,
    settings,
    nodes,
    trigger: graph.nodes.find((node) => node.type.startsWith('trigger_')),
    goals: graph.nodes.filter((node): node is FlowNodeOf<'goal'> => node.type === 'goal'),
    next(nodeId, exit) {
      const target = edges.get(`${nodeId}\u0000${exit}`);
      return target === undefined ? undefined : nodes.get(target);
    },
    label(nodeId) {
      const node = nodes.get(nodeId);
      return node ? node.label || node.type : nodeId;
    },
  };
}

export class FlowVersions {
  private readonly cache = new Map<number, LiveVersion>();
  private readonly byId: BetterSqlite3.Statement;
  private readonly current: BetterSqlite3.Statement;

  constructor(sqlite: BetterSqlite3.Database) {
    const columns = 'v.id, v.flow_id, f.name, v.version, v.published_at, v.graph, v.settings';
    this.byId = sqlite.prepare(`SELECT ${columns} FROM flow_versions v JOIN flows f ON f.id = v.flow_id WHERE v.id = ?`);
    // Asked at every step of a run: only the ids, as versions never change once published (cached).
    this.current = sqlite.prepare(`SELECT f.current_version_id FROM flows f WHERE f.status = 'live' AND f.current_version_id IS NOT NULL`).pluck();
  }

  get(id: number): LiveVersion | undefined {
    let version = this.cache.get(id);
    if (!version) {
      const row = this.byId.get(id) as Parameters<typeof toLiveVersion>[0] | undefined;
      if (!row) return undefined;
      version = toLiveVersion(row);
      this.cache.set(id, version);
    }
    return version;
  }

  /** The version customers enter now, of every live (not paused) flow. */
  live(): LiveVersion[] {
    return (this.current.all() as number[]).map((id) => this.get(id)).filter((version): version is LiveVersion => version !== undefined);
  }
}
