import type { Kysely } from 'kysely';

/**
 * A migration is frozen once released: it never imports the app's current schema types, so
 * it keeps meaning what it meant. The runner applies each one inside its own transaction.
 */
export interface Migration {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a frozen migration must not depend on today's schema types
  up(db: Kysely<any>): Promise<void>;
}
