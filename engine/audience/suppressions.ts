import { createHash, createHmac, randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Workspace } from '../db/connection';
import type { SecretBox } from '../secrets/secret-box';

/**
 * Erased customers leave only one-way hashes of their identifiers, so a later import can recognise
 * and refuse them without the app keeping who they were. The hashes are HMAC-SHA256 under a key of
 * the workspace's own, sealed by its secret box (the key file or the system keyring), never in the
 * database in clear: a copy of the file alone cannot be walked back to the phone numbers it holds
 * (an Algerian mobile number has about 10^9 values, minutes of plain SHA-256 on a laptop).
 */
export type SuppressionKind = 'external_id' | 'email' | 'phone';

const KEY_STATE = 'suppression_hmac_key';

const normalise = (kind: SuppressionKind, value: string) => (kind === 'email' ? value.trim().toLowerCase() : value.trim());

/** The hash erasures before HMAC wrote; still looked up, so those customers stay refused. */
export function legacySuppressionHash(kind: SuppressionKind, value: string): string {
  return createHash('sha256')
    .update(`campaign-studio:${kind}:${normalise(kind, value)}`)
    .digest('hex');
}

export function suppressionHash(key: Buffer, kind: SuppressionKind, value: string): string {
  return createHmac('sha256', key)
    .update(`${kind}:${normalise(kind, value)}`)
    .digest('hex');
}

/** The workspace's HMAC key: opened from its sealed copy, or made (and stored sealed) when `create`. */
export function suppressionKey(sqlite: BetterSqlite3.Database, box: SecretBox, create: boolean): Buffer | null {
  const sealed = sqlite.prepare('SELECT value FROM engine_state WHERE key = ?').pluck().get(KEY_STATE) as string | undefined;
  if (sealed !== undefined) return Buffer.from(box.open(Buffer.from(sealed, 'base64')), 'base64');
  if (!create) return null;
  const key = randomBytes(32);
  sqlite.prepare('INSERT INTO engine_state (key, value) VALUES (?, ?)').run(KEY_STATE, box.seal(key.toString('base64')).toString('base64'));
  return key;
}

export class SuppressionCheck {
  private readonly find;
  private readonly key: Buffer | null;
  readonly active: boolean;

  constructor(ws: Workspace, box: SecretBox) {
    this.find = ws.sqlite.prepare('SELECT kind FROM suppressions WHERE hash IN (?, ?)');
    this.active = (ws.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM suppressions) AS any').get() as { any: number }).any === 1;
    this.key = this.active ? suppressionKey(ws.sqlite, box, false) : null;
  }

  /** The first identifier of these that was erased, if any. */
  erased(identifiers: readonly [SuppressionKind, string | null][]): SuppressionKind | null {
    if (!this.active) return null;
    for (const [kind, value] of identifiers) {
      if (value === null) continue;
      const keyed = this.key === null ? '' : suppressionHash(this.key, kind, value);
      if (this.find.get(keyed, legacySuppressionHash(kind, value))) return kind;
    }
    return null;
  }
}
