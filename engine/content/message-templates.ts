import type BetterSqlite3 from 'better-sqlite3';
import type { FlowNodeData } from '../../shared/domain/flow';
import type { MessageTemplate } from '../../shared/rpc/template-methods';
import { EngineError } from '../errors';
import { templateProblem } from '../templating/render';
import { templateFieldsOf } from '../../shared/domain/message-variants';

type SendContent = FlowNodeData<'send'>;

interface TemplateRow {
  id: number;
  name: string;
  channel: string;
  content: string;
  updated_at: number;
}

/**
 * The message template library: saved messages (with their language variants) to start a send step
 * or a campaign from. Content started from one carries its id, which is how "used by" is found: in
 * campaigns, and in flows' drafts and published versions.
 */
export class MessageTemplates {
  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  list(channel?: string): MessageTemplate[] {
    const rows = this.sqlite
      .prepare(`SELECT id, name, channel, content, updated_at FROM message_templates WHERE ? IS NULL OR channel = ? ORDER BY name`)
      .all(channel ?? null, channel ?? null) as TemplateRow[];
    if (rows.length === 0) return [];
    const usage = this.usage();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      channel: row.channel,
      content: JSON.parse(row.content) as SendContent,
      usedBy: usage.get(row.id) ?? [],
      updatedAt: new Date(row.updated_at).toISOString(),
    }));
  }

  /** Call in a write transaction. */
  save(input: { id?: number | undefined; name: string; channel: string; content: SendContent }, now: number): MessageTemplate {
    for (const [field, text] of templateFieldsOf(input.content, 'content.')) {
      const problem = templateProblem(text);
      if (problem) throw new EngineError('invalid_input', `${field}: ${problem}.`, { field });
    }
    const taken = this.sqlite.prepare('SELECT id FROM message_templates WHERE name = ?').pluck().get(input.name) as number | undefined;
    if (taken !== undefined && taken !== input.id) throw new EngineError('conflict', `A template is already called "${input.name}".`, { field: 'name' });
    const { libraryTemplateId: _own, ...content } = input.content;
    const stored = JSON.stringify({ ...content, channel: input.channel });
    let id = input.id;
    if (id === undefined) {
      id = Number(
        this.sqlite.prepare('INSERT INTO message_templates (name, channel, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(input.name, input.channel, stored, now, now).lastInsertRowid,
      );
    } else if (this.sqlite.prepare('UPDATE message_templates SET name = ?, channel = ?, content = ?, updated_at = ? WHERE id = ?').run(input.name, input.channel, stored, now, id).changes === 0) {
      throw new EngineError('not_found', `Template #${id} does not exist.`, { field: 'id' });
    }
    return this.list().find((t) => t.id === id)!;
  }

  /** Call in a write transaction. */
  remove(id: number): void {
    if (this.sqlite.prepare('DELETE FROM message_templates WHERE id = ?').run(id).changes === 0) throw new EngineError('not_found', `Template #${id} does not exist.`, { field: 'id' });
  }

  /** Template id -> the flows and campaigns whose messages were started from it. */
  private usage(): Map<number, MessageTemplate['usedBy']> {
    const usage = new Map<number, MessageTemplate['usedBy']>();
    const add = (templateId: number, entry: MessageTemplate['usedBy'][number]) => {
      const list = usage.get(templateId) ?? [];
      if (!list.some((e) => e.kind === entry.kind && e.id === entry.id)) list.push(entry);
      usage.set(templateId, list);
    };
    const campaigns = this.sqlite
      .prepare(`SELECT id, name, content ->> 'libraryTemplateId' AS template FROM campaigns WHERE status <> 'archived' AND content ->> 'libraryTemplateId' IS NOT NULL`)
      .all() as {
      id: number;
      name: string;
      template: number;
    }[];
    for (const c of campaigns) add(c.template, { kind: 'campaign', id: c.id, name: c.name });
    const flows = this.sqlite
      .prepare(
        `SELECT DISTINCT f.id, f.name, node.value ->> '$.data.libraryTemplateId' AS template FROM flows f, json_each(f.draft_graph, '$.nodes') AS node
           WHERE f.status <> 'archived' AND node.value ->> '$.data.libraryTemplateId' IS NOT NULL
         UNION SELECT DISTINCT f.id, f.name, node.value ->> '$.data.libraryTemplateId' FROM flows f JOIN flow_versions v ON v.flow_id = f.id, json_each(v.graph, '$.nodes') AS node
           WHERE f.status <> 'archived' AND node.value ->> '$.data.libraryTemplateId' IS NOT NULL`,
      )
      .all() as { id: number; name: string; template: number }[];
    for (const f of flows) add(f.template, { kind: 'flow', id: f.id, name: f.name });
    return usage;
  }
}
