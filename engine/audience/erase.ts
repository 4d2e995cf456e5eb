import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import { suppressionHash, type SuppressionKind } from './suppressions';

/**
 * Erasure on request (GDPR; Algeria's law 18-07): the customer, their events, rollups, list
 * memberships, scores and messages go (foreign keys cascade), their values are scrubbed from import
 * error reports, and only one-way hashes of their identifiers stay, so a later import refuses them.
 * secure_delete overwrites the freed pages instead of leaving the bytes in the file.
 */
export function eraseCustomer(ws: Workspace, externalId: string, now: number): { erased: string; suppressed: number } {
  const customer = ws.sqlite
    .prepare('SELECT id, external_id, email, phone FROM customers WHERE external_id = ?')
    .get(externalId) as { id: number; external_id: string; email: string | null; phone: string | null } | undefined;
  if (!customer) throw new EngineError('not_found', `No customer has the external id "${externalId}".`, { field: 'externalId' });

  const identifiers: [SuppressionKind, string][] = [['external_id', customer.external_id]];
  if (customer.email) identifiers.push(['email', customer.email]);
  if (customer.phone) identifiers.push(['phone', customer.phone]);
  const suppress = ws.sqlite.prepare(
    `INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, ?, 'erased on request', ?) ON CONFLICT (hash) DO NOTHING`,
  );
  // Report entries of rows that named this customer, or that hold one of their identifiers.
  const scrubReports = ws.sqlite.prepare(
    `UPDATE imports SET errors = (
       SELECT json_group_array(json(value)) FROM json_each(imports.errors)
       WHERE coalesce(json_extract(value, '$.externalId'), '') <> @value AND json_extract(value, '$.value') <> @value
     ) WHERE errors IS NOT NULL AND instr(errors, @needle) > 0`,
  );

  ws.sqlite.pragma('secure_delete = ON');
  try {
    ws.sqlite.transaction(() => {
      for (const [kind, value] of identifiers) suppress.run(suppressionHash(kind, value), kind, now);
      ws.sqlite.prepare('DELETE FROM customers WHERE id = ?').run(customer.id);
      for (const [, value] of identifiers) scrubReports.run({ value, needle: JSON.stringify(value).slice(1, -1) });
    })();
  } finally {
    ws.sqlite.pragma('secure_delete = OFF');
  }
  return { erased: customer.external_id, suppressed: identifiers.length };
}
