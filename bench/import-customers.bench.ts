import BetterSqlite3 from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../engine/app';
import { DATA_FILE_NAME, openWorkspace } from '../engine/db/connection';
import { generateCustomersCsv } from '../tests/helpers/customers-csv';
import { ASSETS_DIR, CUSTOMER_ROWS_WORKER, makeTempDir } from '../tests/helpers/temp-dir';
import { timed, type Benchmark } from './harness';

const ROWS = 100_000;
const SEED = 42;

/**
 * Customer CSV import end to end (stream, parse, validate in the worker thread, insert, in one
 * transaction) through the engine's dispatch, beside bare prepared INSERTs of the same rows into the
 * same table.
 */
export const importCustomersBenchmark: Benchmark = {
  name: 'import.customers-csv-100k',
  async run() {
    const temp = makeTempDir('campaign-studio-bench-');
    try {
      const csv = generateCustomersCsv(ROWS, SEED);
      const file = join(temp.dir, 'customers.csv');
      writeFileSync(file, csv);
      const rows = csv
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','));

      const baselineDir = join(temp.dir, 'baseline');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(baselineDir);
      const prepared = await openWorkspace({ dataDir: baselineDir });
      await prepared.close();
      const bare = new BetterSqlite3(join(baselineDir, DATA_FILE_NAME));
      bare.pragma('journal_mode = WAL');
      bare.pragma('synchronous = FULL');
      const insert = bare.prepare(
        `INSERT INTO customers (external_id, first_name, last_name, email, phone, city, language, time_zone, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const baselineSeconds = await timed(() =>
        bare.transaction(() => {
          const now = Date.now();
          for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], now, now);
        })(),
      );
      bare.close();

      const engineDir = join(temp.dir, 'engine');
      mkdirSync(engineDir);
      const engine = await createEngine({ dataDir: engineDir, assetsDir: ASSETS_DIR, appVersion: 'bench', customerRowsWorker: CUSTOMER_ROWS_WORKER });
      let imported = 0;
      const seconds = await timed(async () => {
        const summary = await engine.call('customers/import', { source: { kind: 'file', path: file } }, { trusted: true });
        imported = summary.imported;
      });
      await engine.close();
      if (imported !== ROWS) throw new Error(`imported ${imported} of ${ROWS} rows`);
      return {
        value: ROWS / seconds,
        unit: 'rows/s',
        baseline: ROWS / baselineSeconds,
        baselineLabel: `bare better-sqlite3 prepared INSERTs of the same ${ROWS} rows, one transaction (inserts/s)`,
      };
    } finally {
      temp.cleanup();
    }
  },
};
