import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database as Sqlite } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { TrackingKeysTable } from '../db/schema';
import { TRACKING_KEY_PREFIX, type TrackingKeySummary } from '../../shared/rpc/tracking-methods';
import { EngineError } from '../errors';

type KeyRow = Selectable<TrackingKeysTable>;

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const summary = (row: KeyRow): TrackingKeySummary => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: iso(row.created_at)!,
  revokedAt: iso(row.revoked_at),
  lastUsedAt: iso(row.last_used_at),
});

/** Write-only keys for POST /track: created (shown once), listed by prefix, revoked, checked. */
export class TrackingKeys {
  constructor(private readonly sqlite: Sqlite) {}

  list(): TrackingKeySummary[] {
    return (this.sqlite.prepare('SELECT * FROM tracking_keys ORDER BY id').all() as KeyRow[]).map(summary);
  }

  create(name: string, now: number): TrackingKeySummary & { key: string } {
    const key = TRACKING_KEY_PREFIX + randomBytes(24).toString('base64url');
    const row = this.sqlite
      .prepare('INSERT INTO tracking_keys (name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?) RETURNING *')
      .get(name, key.slice(0, TRACKING_KEY_PREFIX.length + 6), hashOf(key), now) as KeyRow;
    return { ...summary(row), key };
  }

  revoke(id: number, now: number): TrackingKeySummary {
    const row = this.sqlite.prepare('UPDATE tracking_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *').get(now, id) as KeyRow | undefined;
    if (!row) throw new EngineError('not_found', `No tracking key has the id ${id}.`, { field: 'id' });
    return summary(row);
  }

  /** Throws `unauthorized` unless `key` is a live tracking key; notes when it was last used. */
  check(key: string, now: number): void {
    const wanted = Buffer.from(hashOf(key), 'hex');
    const row = this.sqlite.prepare('SELECT id, key_hash, revoked_at FROM tracking_keys WHERE key_hash = ?').get(wanted.toString('hex')) as Pick<KeyRow, 'id' | 'key_hash' | 'revoked_at'> | undefined;
    if (!row || !timingSafeEqual(Buffer.from(row.key_hash, 'hex'), wanted) || row.revoked_at !== null) {
      throw new EngineError(
        'unauthorized',
        'Missing, unknown or revoked tracking key. Create one under Settings → Tracking keys and send it as Authorization: Bearer <key> (or as the user name of HTTP Basic).',
      );
    }
    // At most once a minute: a busy site would otherwise write this row with every batch.
    this.sqlite.prepare('UPDATE tracking_keys SET last_used_at = ? WHERE id = ? AND coalesce(last_used_at, 0) < ?').run(now, row.id, now - 60_000);
  }
}
