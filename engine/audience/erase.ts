import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import type { SecretBox } from '../secrets/secret-box';
import type { UploadStore } from '../uploads';
import { suppressionHash, suppressionKey, type SuppressionKind } from './suppressions';

/**
 * Erasure on request (GDPR; Algeria's law 18-07): the customer, their events, rollups, list
 * memberships, scores and messages go (foreign keys cascade); every import-report entry that holds
 * one of their values goes, whichever row it was filed under; uploads waiting to be imported that
 * hold them are deleted; only keyed hashes of their identifiers stay, so a later import refuses them.
 * Every connection runs with secure_delete, so freed bytes are overwritten, and the write-ahead log
 * is checkpointed and truncated after, so no copy of the old pages is left beside the file.
 */
export function eraseCustomer(ws: Workspace, externalId: string, now: number, services: { secretBox: SecretBox; uploads: UploadStore }): { erased: string; suppressed: number } {
  const customer = ws.sqlite.prepare('SELECT id, external_id, email, phone, first_name, last_name FROM customers WHERE external_id = ?').get(externalId) as
    | { id: number; external_id: string; email: string | null; phone: string | null; first_name: string | null; last_name: string | null }
    | undefined;
  if (!customer) throw new EngineError('not_found', `No customer has the external id "${externalId}".`, { field: 'externalId' });

  const identifiers: [SuppressionKind, string][] = [['external_id', customer.external_id]];
  if (customer.email) identifiers.push(['email', customer.email]);
  if (customer.phone) identifiers.push(['phone', customer.phone]);
  // What an import report or an upload may hold of them: identifiers and names, as written.
  const values = [...identifiers.map(([, value]) => value), customer.first_name, customer.last_name].filter((value): value is string => !!value && value.trim().length > 0);
  const suppress = ws.sqlite.prepare(`INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, ?, 'erased on request', ?) ON CONFLICT (hash) DO NOTHING`);
  // An entry goes when its JSON text holds the value anywhere (its id, its value, its message).
  // Both lists: the refused rows and the values dropped from kept ones.
  const scrubReports = ['errors', 'warnings'].map((list) =>
    ws.sqlite.prepare(
      `UPDATE imports SET ${list} = (
         SELECT json_group_array(json(value)) FROM json_each(imports.${list}) WHERE instr(value, @needle) = 0
       ) WHERE ${list} IS NOT NULL AND instr(${list}, @needle) > 0`,
    ),
  );

  ws.sqlite.transaction(() => {
    const key = suppressionKey(ws.sqlite, services.secretBox, true)!;
    for (const [kind, value] of identifiers) suppress.run(suppressionHash(key, kind, value), kind, now);
    ws.sqlite.prepare('DELETE FROM customers WHERE id = ?').run(customer.id);
    for (const value of values) for (const scrub of scrubReports) scrub.run({ needle: JSON.stringify(value).slice(1, -1) });
  })();
  // Old page images in the WAL still hold the rows: copy the pages back and empty the log now.
  ws.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  services.uploads.removeHolding(values);
  return { erased: customer.external_id, suppressed: identifiers.length };
}
