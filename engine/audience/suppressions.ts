import { createHash } from 'node:crypto';
import type { Workspace } from '../db/connection';

/**
 * Erased customers leave only one-way hashes of their identifiers, so a later import can recognise
 * and refuse them without the app keeping who they were.
 */
export type SuppressionKind = 'external_id' | 'email' | 'phone';

export function suppressionHash(kind: SuppressionKind, value: string): string {
  const normalised = kind === 'email' ? value.trim().toLowerCase() : value.trim();
  return createHash('sha256').update(`campaign-studio:${kind}:${normalised}`).digest('hex');
}

export class SuppressionCheck {
  private readonly find;
  readonly active: boolean;

  constructor(ws: Workspace) {
    this.find = ws.sqlite.prepare('SELECT kind FROM suppressions WHERE hash = ?');
    this.active = (ws.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM suppressions) AS any').get() as { any: number }).any === 1;
  }

  /** The first identifier of these that was erased, if any. */
  erased(identifiers: readonly [SuppressionKind, string | null][]): SuppressionKind | null {
    if (!this.active) return null;
    for (const [kind, value] of identifiers) {
      if (value !== null && this.find.get(suppressionHash(kind, value))) return kind;
    }
    return null;
  }
}
