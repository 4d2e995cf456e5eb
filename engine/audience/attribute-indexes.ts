import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Workspace } from '../db/connection';
import { jsonMemberPath, sqlStringLiteral } from '../db/sql-names';
import { isAttributeName } from '../../shared/domain/attribute-name';

/**
 * Custom attributes live in one JSON column, so a condition on one of them ("orders_count between
 * 10 and 20") would read every customer's JSON. Once a filter uses an attribute, the engine keeps an
 * expression index on it; SQLite uses that index only when the query spells the expression exactly
 * as the index does, which is why both come from `attributeExpression` with the path inlined.
 */
export const attributeIndexName = (attribute: string) => `customers_attribute_${createHash('sha1').update(attribute).digest('hex').slice(0, 16)}`;

/** The attribute's value for `customers AS c`, spelled as its index spells it. */
export function attributeExpression(attribute: string): RawBuilder<unknown> {
  return sql`json_extract(c.attributes, ${sql.raw(sqlStringLiteral(jsonMemberPath(attribute)))})`;
}

export class AttributeIndexes {
  constructor(private readonly ws: Workspace) {}

  /** Attributes from the list that have no index yet. */
  missing(attributes: readonly string[]): string[] {
    // A name outside the rule (stored before the rule held) cannot be a JSON path member: left unindexed.
    const named = attributes.filter(isAttributeName);
    if (named.length === 0) return [];
    const existing = new Set(this.ws.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'customers_attribute_%'`).pluck().all() as string[]);
    return named.filter((attribute) => !existing.has(attributeIndexName(attribute)));
  }

  /** Builds the missing indexes; the caller holds the write lock. About a second per million customers. */
  create(attributes: readonly string[]): string[] {
    const built: string[] = [];
    for (const attribute of this.missing(attributes)) {
      this.ws.sqlite.exec(`CREATE INDEX IF NOT EXISTS "${attributeIndexName(attribute)}" ON customers (json_extract(attributes, ${sqlStringLiteral(jsonMemberPath(attribute))}))`);
      built.push(attribute);
    }
    return built;
  }
}
