import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import type BetterSqlite3 from 'better-sqlite3';
import { readSettings } from '../settings';
import { defaultFlowSettings, type FlowDefinition } from '../../shared/domain/flow';
import type { NameLookup } from '../../shared/domain/flow-describe';
import { diffFlows, toFlowFile, type FlowFile } from '../../shared/domain/flow-file';
import type { FlowDetail, FlowReferences, FlowStatus, FlowSummary, FlowVersionSummary } from '../../shared/domain/flow-summary';
import { FLOW_TEMPLATES } from '../../shared/domain/flow-templates';
import { validateFlow, type FlowValidationContext } from '../../shared/domain/flow-validation';
import { encodeLogSentence } from '../../shared/domain/journey-words';

interface FlowRow {
  id: number;
  name: string;
  description: string;
  status: FlowStatus;
  draft_graph: string;
  settings: string;
  current_version_id: number | null;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  id: number;
  flow_id: number;
  version: number;
  graph: string;
  settings: string;
  published_at: number;
  entrants: 'stay' | 'move';
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Stored as two JSON columns: the graph (nodes, edges) and the flow settings. */
function definitionOf(graph: string, settings: string): FlowDefinition {
  const { nodes, edges } = JSON.parse(graph) as Pick<FlowDefinition, 'nodes' | 'edges'>;
  return { nodes, edges, settings: { ...defaultFlowSettings(), ...(JSON.parse(settings) as Partial<FlowDefinition['settings']>) } };
}
const graphOf = (definition: FlowDefinition) => JSON.stringify({ nodes: definition.nodes, edges: definition.edges });
const sameDefinition = (a: FlowDefinition, b: FlowDefinition) => JSON.stringify(a) === JSON.stringify(b);

/** Customers inside a flow at steps the new version still has move to it (the "move" publish choice). */
function moveEntrantsToVersion(sqlite: BetterSqlite3.Database, flowId: number, versionId: number, nodeIds: readonly string[]): number {
  return sqlite
    .prepare(
      `UPDATE journeys SET flow_version_id = ? WHERE flow_id = ? AND state IN ('active', 'waiting')
       AND node_id IN (SELECT value FROM json_each(?))`,
    )
    .run(versionId, flowId, JSON.stringify(nodeIds)).changes;
}

/**
 * Flows and their versions. The draft is always editable; publishing copies it into an immutable
 * numbered version that customers run on. Editing a live flow therefore never touches what runs:
 * it changes the draft, which goes live only when published again.
 */
export class Flows {
  constructor(
    private readonly ws: Workspace,
    private readonly now: () => number,
  ) {}

  references(): FlowReferences {
    return {
      segments: this.ws.sqlite.prepare('SELECT id, name, kind FROM segments ORDER BY name').all() as FlowReferences['segments'],
      providers: this.ws.sqlite.prepare('SELECT id, name, channel FROM providers ORDER BY name').all() as FlowReferences['providers'],
    };
  }

  private validationContext(): FlowValidationContext & NameLookup {
    const { segments, providers } = this.references();
    const segmentMap = new Map(segments.map((s) => [s.id, { name: s.name, kind: s.kind }]));
    const providerMap = new Map(providers.map((p) => [p.id, { name: p.name, channel: p.channel }]));
    return {
      segments: segmentMap,
      providers: providerMap,
      segmentName: (id) => segmentMap.get(id)?.name,
      providerName: (id) => providerMap.get(id)?.name,
    };
  }

  private row(id: number): FlowRow {
    const row = this.ws.sqlite.prepare('SELECT * FROM flows WHERE id = ?').get(id) as FlowRow | undefined;
    if (!row) throw new EngineError('not_found', `No flow has the id ${id}.`, { field: 'id' });
    return row;
  }

  private versionRows(flowId: number): VersionRow[] {
    return this.ws.sqlite.prepare('SELECT * FROM flow_versions WHERE flow_id = ? ORDER BY version DESC').all(flowId) as VersionRow[];
  }

  private versionRow(flowId: number, version: number): VersionRow {
    const row = this.ws.sqlite.prepare('SELECT * FROM flow_versions WHERE flow_id = ? AND version = ?').get(flowId, version) as VersionRow | undefined;
    if (!row) throw new EngineError('not_found', `Flow ${flowId} has no version ${version}.`, { field: 'version' });
    return row;
  }

  private summary(row: FlowRow): FlowSummary {
    const draft = definitionOf(row.draft_graph, row.settings);
    const current = row.current_version_id === null ? undefined : (this.ws.sqlite.prepare('SELECT * FROM flow_versions WHERE id = ?').get(row.current_version_id) as VersionRow | undefined);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      status: row.status,
      version: current?.version ?? null,
      hasDraftChanges: !current || !sameDefinition(draft, definitionOf(current.graph, current.settings)),
      steps: draft.nodes.length,
      updatedAt: iso(row.updated_at),
    };
  }

  list(): FlowSummary[] {
    return (this.ws.sqlite.prepare('SELECT * FROM flows ORDER BY updated_at DESC').all() as FlowRow[]).map((row) => this.summary(row));
  }

  get(id: number): FlowDetail {
    const row = this.row(id);
    const draft = definitionOf(row.draft_graph, row.settings);
    const versions: FlowVersionSummary[] = this.versionRows(id).map((v) => ({
      version: v.version,
      publishedAt: iso(v.published_at),
      entrants: v.entrants,
      steps: (JSON.parse(v.graph) as { nodes: unknown[] }).nodes.length,
    }));
    return { ...this.summary(row), draft, issues: validateFlow(draft, this.validationContext()), versions };
  }

  findByName(name: string): FlowDetail {
    const row = this.ws.sqlite.prepare('SELECT id FROM flows WHERE name = ? COLLATE NOCASE').get(name) as { id: number } | undefined;
    if (!row) throw new EngineError('not_found', `No flow is named "${name}".`, { field: 'name' });
    return this.get(row.id);
  }

  private uniqueName(name: string): void {
    const taken = this.ws.sqlite.prepare('SELECT 1 FROM flows WHERE name = ? COLLATE NOCASE').get(name);
    if (taken) throw new EngineError('conflict', `A flow is already named "${name}".`, { field: 'name', words: { key: 'flowNameTaken', values: { name } } });
  }

  /** A new draft, empty or from a gallery template (whose named lists are found or created). */
  create(input: { name: string; description: string; templateId?: string | undefined; definition?: FlowDefinition | undefined }): FlowDetail {
    this.uniqueName(input.name);
    let definition = input.definition ?? { nodes: [], edges: [], settings: defaultFlowSettings(readSettings(this.ws).timeZone) };
    let description = input.description;
    if (input.templateId !== undefined) {
      const template = FLOW_TEMPLATES.find((t) => t.id === input.templateId);
      if (!template) throw new EngineError('not_found', `No flow template is called "${input.templateId}".`, { field: 'templateId', templates: FLOW_TEMPLATES.map((t) => t.id) });
      definition = template.build();
      definition.settings.timeZone = readSettings(this.ws).timeZone;
      description ||= template.description;
      for (const node of definition.nodes) {
        if (node.type === 'list_membership' && node.data.segmentId === null && node.data.listName) {
          node.data = { ...node.data, segmentId: this.staticList(node.data.listName) };
        }
      }
    }
    const now = this.now();
    const { id } = this.ws.sqlite
      .prepare(`INSERT INTO flows (name, description, status, draft_graph, settings, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?) RETURNING id`)
      .get(input.name, description, graphOf(definition), JSON.stringify(definition.settings), now, now) as { id: number };
    return this.get(id);
  }

  private staticList(name: string): number {
    const existing = this.ws.sqlite.prepare(`SELECT id FROM segments WHERE name = ? COLLATE NOCASE AND kind = 'static'`).get(name) as { id: number } | undefined;
    if (existing) return existing.id;
    const now = this.now();
    const created = this.ws.sqlite
      .prepare(`INSERT INTO segments (name, description, kind, filter, created_at, updated_at) VALUES (?, 'Made by a flow template.', 'static', NULL, ?, ?) RETURNING id`)
      .get(name, now, now) as { id: number };
    return created.id;
  }

  /** Saves the draft (and name or description). A live or paused flow keeps running its version. */
  save(input: { id: number; name?: string | undefined; description?: string | undefined; definition?: FlowDefinition | undefined }): FlowDetail {
    const row = this.row(input.id);
    if (row.status === 'archived') throw new EngineError('conflict', `"${row.name}" is archived: restore it as a new flow (export, then import) to edit it.`, { field: 'id' });
    if (input.name !== undefined && input.name.toLowerCase() !== row.name.toLowerCase()) this.uniqueName(input.name);
    const definition = input.definition ?? definitionOf(row.draft_graph, row.settings);
    this.ws.sqlite
      .prepare('UPDATE flows SET name = ?, description = ?, draft_graph = ?, settings = ?, updated_at = ? WHERE id = ?')
      .run(input.name ?? row.name, input.description ?? row.description, graphOf(definition), JSON.stringify(definition.settings), this.now(), row.id);
    return this.get(row.id);
  }

  /**
   * Publishes the draft as the next version, if it validates. `entrants` says what happens to the
   * customers inside the previous version: they 'stay' on it until they leave, or 'move' to this one.
   */
  publish(input: { id: number; entrants: 'stay' | 'move' }): FlowDetail {
    const row = this.row(input.id);
    if (row.status === 'archived') throw new EngineError('conflict', `"${row.name}" is archived and cannot be published.`, { field: 'id' });
    const draft = definitionOf(row.draft_graph, row.settings);
    const issues = validateFlow(draft, this.validationContext());
    if (issues.length > 0) {
      throw new EngineError('invalid_input', `"${row.name}" has ${issues.length} problem${issues.length === 1 ? '' : 's'} to fix before it can go live: ${issues[0]!.message}`, { issues });
    }
    const summary = this.summary(row);
    if (!summary.hasDraftChanges)
      throw new EngineError('conflict', `"${row.name}" has no changes since version ${summary.version}.`, {
        field: 'id',
        words: { key: 'flowNoChanges', values: { name: row.name, version: summary.version } },
      });
    const now = this.now();
    const publish = this.ws.sqlite.transaction(() => {
      const next = ((this.ws.sqlite.prepare('SELECT max(version) FROM flow_versions WHERE flow_id = ?').pluck().get(row.id) as number | null) ?? 0) + 1;
      const version = this.ws.sqlite
        .prepare('INSERT INTO flow_versions (flow_id, version, graph, settings, published_at, entrants) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
        .get(row.id, next, row.draft_graph, row.settings, now, input.entrants) as { id: number };
      if (input.entrants === 'move') {
        const nodeIds = (JSON.parse(row.draft_graph) as { nodes: { id: string }[] }).nodes.map((n) => n.id);
        moveEntrantsToVersion(this.ws.sqlite, row.id, version.id, nodeIds);
      }
      // Publishing a paused flow keeps it paused: resuming is a separate, deliberate step.
      this.ws.sqlite.prepare(`UPDATE flows SET current_version_id = ?, status = CASE WHEN status = 'paused' THEN 'paused' ELSE 'live' END, updated_at = ? WHERE id = ?`).run(version.id, now, row.id);
    });
    publish.immediate();
    return this.get(row.id);
  }

  setStatus(id: number, action: 'pause' | 'resume' | 'archive'): FlowDetail {
    const row = this.row(id);
    const allowed: Record<typeof action, FlowStatus[]> = { pause: ['live'], resume: ['paused'], archive: ['draft', 'live', 'paused'] };
    if (!allowed[action].includes(row.status)) {
      throw new EngineError('conflict', `"${row.name}" is ${row.status}: it cannot be ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'archived'}.`, {
        field: 'id',
        status: row.status,
      });
    }
    const status: FlowStatus = action === 'pause' ? 'paused' : action === 'resume' ? 'live' : 'archived';
    const now = this.now();
    this.ws.sqlite
      .transaction(() => {
        this.ws.sqlite.prepare('UPDATE flows SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
        if (status === 'archived') {
          // Archived for good: customers still inside leave, with a word in their log.
          this.ws.sqlite
            .prepare(`INSERT INTO journey_log (journey_id, node_id, ts, kind, detail) SELECT id, node_id, ?, 'exited', ? FROM journeys WHERE flow_id = ? AND state IN ('active', 'waiting')`)
            .run(now, encodeLogSentence('archived'), id);
          this.ws.sqlite
            .prepare(`UPDATE journeys SET state = 'exited', wake_at = NULL, wait_event = NULL, ended_at = ?, updated_at = ? WHERE flow_id = ? AND state IN ('active', 'waiting')`)
            .run(now, now, id);
          this.ws.sqlite
            .prepare(`UPDATE messages SET status = 'suppressed', last_error = 'the flow was archived', finished_at = ?, updated_at = ? WHERE flow_id = ? AND status = 'queued'`)
            .run(now, now, id);
        }
      })
      .immediate();
    return this.get(id);
  }

  /** Deletes a flow that never went live, or an archived one; a flow customers are in is archived instead. */
  remove(id: number): void {
    const row = this.row(id);
    if (row.status === 'live' || row.status === 'paused') {
      throw new EngineError('conflict', `"${row.name}" is ${row.status}: archive it first.`, { field: 'id' });
    }
    this.ws.sqlite.prepare('DELETE FROM flows WHERE id = ?').run(id);
  }

  /** Messages per step and status, across versions (node ids carry over between versions). */
  stepCounts(id: number): Record<string, Record<string, number>> {
    this.row(id);
    // Kept by triggers on messages (migration 0012): no counting of the flow's messages here.
    const rows = this.ws.sqlite.prepare(`SELECT node_id, status, sum(n) AS n FROM message_counts WHERE flow_id = ? AND node_id <> '' GROUP BY node_id, status HAVING sum(n) > 0`).all(id) as {
      node_id: string;
      status: string;
      n: number;
    }[];
    const counts: Record<string, Record<string, number>> = {};
    for (const row of rows) (counts[row.node_id] ??= {})[row.status] = row.n;
    // Customers at each step now (waiting for a timer or an event, or about to move on).
    const inside = this.ws.sqlite.prepare(`SELECT node_id, count(*) AS n FROM journeys WHERE flow_id = ? AND state IN ('active', 'waiting') GROUP BY node_id`).all(id) as {
      node_id: string;
      n: number;
    }[];
    for (const row of inside) (counts[row.node_id] ??= {})['inside'] = row.n;
    return counts;
  }

  version(id: number, version: number): FlowDefinition {
    const row = this.versionRow(id, version);
    return definitionOf(row.graph, row.settings);
  }

  /** Makes an earlier version the draft again; publishing it makes it live as a new version. */
  restore(id: number, version: number): FlowDetail {
    return this.save({ id, definition: this.version(id, version) });
  }

  diff(id: number, from: number | 'draft', to: number | 'draft'): string[] {
    const read = (which: number | 'draft') => {
      if (which !== 'draft') return this.version(id, which);
      const row = this.row(id);
      return definitionOf(row.draft_graph, row.settings);
    };
    return diffFlows(read(from), read(to), this.validationContext());
  }

  exportFile(id: number, version: number | null): FlowFile {
    const row = this.row(id);
    const definition = version === null ? definitionOf(row.draft_graph, row.settings) : this.version(id, version);
    return toFlowFile({ name: row.name, description: row.description, version, definition, exportedAt: iso(this.now()) });
  }

  /** A flow file becomes a new draft; a name already taken gets " (2)", " (3)"... */
  /** The file was read with `parseFlowFile`, whose schema already checked the definition. */
  importFile(file: FlowFile, name?: string): FlowDetail {
    const definition = file.definition as FlowDefinition;
    const base = name ?? file.name;
    let candidate = base;
    for (let n = 2; this.ws.sqlite.prepare('SELECT 1 FROM flows WHERE name = ? COLLATE NOCASE').get(candidate); n++) candidate = `${base} (${n})`;
    return this.create({ name: candidate, description: file.description, definition });
  }
}
