import type BetterSqlite3 from 'better-sqlite3';
import type { ProviderConfig } from '../providers/provider';
import type { SecretBox } from '../secrets/secret-box';

/**
 * Providers' settings with their sealed credentials opened, in memory only, on their way to a
 * request. Read once per pass of the outbox (they change rarely; a change applies from the next).
 */
export class ProviderConfigs {
  private readonly read: BetterSqlite3.Statement;
  private readonly cache = new Map<string, ProviderConfig>();

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly secrets: SecretBox,
  ) {
    this.read = sqlite.prepare('SELECT id, name, kind, channel, config, secret_ciphertext FROM providers WHERE id = ?');
  }

  /** Forget what was read: the next pass reads the settings again. */
  forget(): void {
    this.cache.clear();
  }

  /** The provider's settings (no provider: a flow's webhook step, which carries its own address). */
  of(providerId: number | null, channel: string): ProviderConfig {
    const key = `${providerId}:${channel}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.load(providerId, channel);
      this.cache.set(key, found);
    }
    return found;
  }

  private load(providerId: number | null, channel: string): ProviderConfig {
    if (providerId === null) return { id: null, name: 'webhook', kind: 'webhook', channel, config: {} };
    const row = this.read.get(providerId) as { id: number; name: string; kind: string; channel: string; config: string; secret_ciphertext: Buffer | null } | undefined;
    if (!row) return { id: providerId, name: `provider #${providerId}`, kind: 'missing', channel, config: {} };
    const config = JSON.parse(row.config) as Record<string, unknown>;
    let secret: Record<string, unknown> = {};
    try {
      if (row.secret_ciphertext) secret = JSON.parse(this.secrets.open(row.secret_ciphertext)) as Record<string, unknown>;
    } catch (error) {
      // Its messages fail with the reason (key file unreadable or replaced), the others go on.
      return { id: row.id, name: `${row.name}: ${(error as Error).message}`, kind: 'unavailable', channel: row.channel, config };
    }
    return { id: row.id, name: row.name, kind: row.kind, channel: row.channel, config: { ...config, ...secret } };
  }
}
