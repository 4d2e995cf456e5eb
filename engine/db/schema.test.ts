import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../../tests/helpers/temp-dir';
import { openWorkspace } from './connection';

/**
 * engine/db/schema.ts types the tables Kysely queries; the bulk paths use prepared SQL on the rest.
 * This reads the file's interfaces and checks each table it names against the migrated database:
 * the same columns, no more, no fewer, so the types cannot drift from the migrations.
 */
function declaredTables(): Map<string, string[]> {
  const source = readFileSync(join(REPO_ROOT, 'engine', 'db', 'schema.ts'), 'utf8');
  const interfaces = new Map<string, string[]>();
  for (const match of source.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const columns = [...match[2]!.matchAll(/^\s{2}(\w+):/gm)].map((m) => m[1]!);
    interfaces.set(match[1]!, columns);
  }
  const database = /export interface Database \{([\s\S]*?)\n\}/.exec(source)![1]!;
  const tables = new Map<string, string[]>();
  for (const [, table, type] of database.matchAll(/^\s{2}(\w+): (\w+);/gm)) tables.set(table!, interfaces.get(type!) ?? []);
  return tables;
}

const temps: ReturnType<typeof makeTempDir>[] = [];
afterEach(() => {
  for (const temp of temps.splice(0)) temp.cleanup();
});

describe('the Kysely schema', () => {
  test('every table schema.ts declares has exactly the columns the migrations made', async () => {
    const temp = makeTempDir();
    temps.push(temp);
    const ws = await openWorkspace({ dataDir: temp.dir });
    try {
      const declared = declaredTables();
      expect(declared.size).toBeGreaterThan(15);
      const drift = [...declared].flatMap(([table, columns]) => {
        const live = ws.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
        const missing = live.filter((c) => !columns.includes(c)).map((c) => `${table}.${c} is in the database, not in schema.ts`);
        const extra = columns.filter((c) => !live.includes(c)).map((c) => `${table}.${c} is in schema.ts, not in the database`);
        return [...missing, ...extra];
      });
      expect(drift).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});
