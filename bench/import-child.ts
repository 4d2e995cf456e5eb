import { createEngine } from '../engine/app';
import { ASSETS_DIR, CUSTOMER_ROWS_WORKER } from '../tests/helpers/temp-dir';

/**
 * Runs one import in its own process, so its peak memory is its own: prints
 * {seconds, rows, imported, maxRssMb} as JSON. Arguments: method dataDir file.
 */
const [method, dataDir, file] = process.argv.slice(2) as ['customers/import' | 'events/import', string, string];
const { mkdirSync } = await import('node:fs');
mkdirSync(dataDir, { recursive: true });
// As the CLI and the desktop app run it: customer rows are read and checked in the bundled worker.
const engine = await createEngine({ dataDir, assetsDir: ASSETS_DIR, appVersion: 'bench', customerRowsWorker: CUSTOMER_ROWS_WORKER });
if (method === ('none' as string)) {
  await engine.close();
  console.log(JSON.stringify({ seconds: 0, rows: 0, imported: 0, rejected: 0, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
const started = process.hrtime.bigint();
const summary = await engine.call(method, { source: { kind: 'file', path: file } }, { trusted: true });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await engine.close();
console.log(
  JSON.stringify({ seconds, rows: summary.rows, imported: summary.imported, rejected: summary.rejected, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
