import { sql } from 'kysely';
import { matchesEventFilters } from '../../shared/domain/event-filter';
import type { z } from 'zod';
import type { scoringRuleInputSchema, ScoringRule } from '../../shared/domain/scoring';
import type { EventPropertyFilter } from '../../shared/domain/segment-filter';
import type { SegmentFilter } from '../../shared/domain/segment-filter';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import { compileFilter } from './segment-sql';

interface RuleRow {
  id: number;
  name: string;
  kind: 'event' | 'attribute';
  event: string | null;
  condition: string;
  points: number;
  enabled: number;
}

export function toRule(row: RuleRow): ScoringRule {
  const condition = JSON.parse(row.condition) as unknown;
  return row.kind === 'event'
    ? { id: row.id, name: row.name, kind: 'event', event: row.event ?? '', where: condition as EventPropertyFilter[], points: row.points, enabled: row.enabled === 1 }
    : { id: row.id, name: row.name, kind: 'attribute', condition: condition as SegmentFilter, points: row.points, enabled: row.enabled === 1 };
}

export function listRules(ws: Workspace): ScoringRule[] {
  return (ws.readerSqlite.prepare('SELECT * FROM scoring_rules ORDER BY name').all() as RuleRow[]).map(toRule);
}

/**
 * Applies the enabled rules during an import, inside its transaction: event rules as each new event
 * is written (a duplicate event adds nothing, so re-importing adds no points), attribute rules once
 * per customer, the first time they match.
 */
export class ScoringEngine {
  private readonly eventRules: Map<string, (ScoringRule & { kind: 'event' })[]>;
  private readonly attributeRules: (ScoringRule & { kind: 'attribute' })[];
  private readonly addScore;

  constructor(
    private readonly ws: Workspace,
    private readonly now: () => number,
  ) {
    const rules = (ws.sqlite.prepare('SELECT * FROM scoring_rules WHERE enabled = 1').all() as RuleRow[]).map(toRule);
    this.eventRules = new Map();
    for (const rule of rules) {
      if (rule.kind !== 'event') continue;
      this.eventRules.set(rule.event, [...(this.eventRules.get(rule.event) ?? []), rule]);
    }
    this.attributeRules = rules.filter((r): r is ScoringRule & { kind: 'attribute' } => r.kind === 'attribute');
    this.addScore = ws.sqlite.prepare('UPDATE customers SET score = score + ? WHERE id = ?');
  }

  get hasAttributeRules(): boolean {
    return this.attributeRules.length > 0;
  }

  /** Points for one newly written event. */
  scoreEvent(customerId: number, name: string, properties: Record<string, unknown>): void {
    const rules = this.eventRules.get(name);
    if (!rules) return;
    let points = 0;
    for (const rule of rules) if (matchesEventFilters(rule.where, properties)) points += rule.points;
    if (points !== 0) this.addScore.run(points, customerId);
  }

  applyAttributeRules(customerIds: readonly number[]): void {
    if (this.attributeRules.length === 0 || customerIds.length === 0) return;
    this.ws.sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS scoring_candidates (id INTEGER PRIMARY KEY)');
    this.ws.sqlite.exec('DELETE FROM scoring_candidates');
    const add = this.ws.sqlite.prepare('INSERT OR IGNORE INTO scoring_candidates (id) VALUES (?)');
    for (const id of customerIds) add.run(id);
    const ctx = { now: this.now(), segment: () => undefined };
    for (const rule of this.attributeRules) {
      const condition = compileFilter(rule.condition, ctx);
      const compiled = sql`INSERT INTO scoring_applied (rule_id, customer_id, applied_at)
        SELECT ${rule.id}, c.id, ${this.now()} FROM customers c JOIN temp.scoring_candidates t ON t.id = c.id
        WHERE ${condition} AND NOT EXISTS (SELECT 1 FROM scoring_applied a WHERE a.rule_id = ${rule.id} AND a.customer_id = c.id)
        RETURNING customer_id`.compile(this.ws.db);
      const awarded = this.ws.sqlite.prepare(compiled.sql).all(...(compiled.parameters as unknown[])) as { customer_id: number }[];
      for (const { customer_id } of awarded) this.addScore.run(rule.points, customer_id);
    }
  }
}

export function saveRule(ws: Workspace, rule: z.output<typeof scoringRuleInputSchema>, now: number): ScoringRule {
  if (rule.kind === 'attribute') {
    const conditions = JSON.stringify(rule.condition);
    if (/"type":"(behaviour|segment)"/.test(conditions)) {
      throw new EngineError('invalid_input', 'An attribute rule looks at customer properties and score only; use an event rule for behaviour.', {
        field: 'condition',
      });
    }
  }
  const condition = JSON.stringify(rule.kind === 'event' ? rule.where : rule.condition);
  const event = rule.kind === 'event' ? rule.event : null;
  try {
    if (rule.id === undefined) {
      const row = ws.sqlite
        .prepare(
          `INSERT INTO scoring_rules (name, kind, event, condition, points, enabled, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(rule.name, rule.kind, event, condition, rule.points, rule.enabled ? 1 : 0, now, now) as RuleRow;
      return toRule(row);
    }
    const row = ws.sqlite
      .prepare(
        `UPDATE scoring_rules SET name = ?, kind = ?, event = ?, condition = ?, points = ?, enabled = ?, updated_at = ?
         WHERE id = ? RETURNING *`,
      )
      .get(rule.name, rule.kind, event, condition, rule.points, rule.enabled ? 1 : 0, now, rule.id) as RuleRow | undefined;
    if (!row) throw new EngineError('not_found', `No scoring rule has the id ${rule.id}.`, { field: 'id' });
    return toRule(row);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new EngineError('conflict', `A scoring rule is already named "${rule.name}".`, { field: 'name' });
    }
    throw error;
  }
}

/** Removes a scoring rule; points it gave stay on the customers who earned them. */
export function deleteRule(ws: Workspace, id: number): { deleted: true } {
  const deleted = ws.sqlite.prepare('DELETE FROM scoring_rules WHERE id = ?').run(id).changes;
  if (deleted === 0) throw new EngineError('not_found', `No scoring rule has the id ${id}.`, { field: 'id' });
  return { deleted: true };
}
