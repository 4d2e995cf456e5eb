import { readFileSync } from 'node:fs';
import { createEngine } from '../engine/app';
import { ASSETS_DIR, CUSTOMER_ROWS_WORKER } from '../tests/helpers/temp-dir';

/**
 * Runs one import in its own process, so its peak memory is its own: prints
 * {seconds, rows, imported, maxRssMb} as JSON. Arguments: method dataDir file.
 */
/**
 * Peak resident memory of this process image, from /proc (VmHWM). getrusage's maxRSS would do on a
 * fresh process, but Linux carries it across exec from the forked parent, so a child of a big
 * bench runner would report the runner's size.
 */
function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

const [method, dataDir, file] = process.argv.slice(2) as ['customers/import' | 'events/import', string, string];
const { mkdirSync } = await import('node:fs');
mkdirSync(dataDir, { recursive: true });
// As the CLI and the desktop app run it: customer rows are read and checked in the bundled worker.
const engine = await createEngine({ dataDir, assetsDir: ASSETS_DIR, appVersion: 'bench', customerRowsWorker: CUSTOMER_ROWS_WORKER });
if (method === ('none' as string)) {
  await engine.close();
  console.log(JSON.stringify({ seconds: 0, rows: 0, imported: 0, rejected: 0, maxRssMb: peakRssMb() }));
  process.exit(0);
}
const started = process.hrtime.bigint();
const summary = await engine.call(method, { source: { kind: 'file', path: file } }, { trusted: true });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await engine.close();
console.log(JSON.stringify({ seconds, rows: summary.rows, imported: summary.imported, rejected: summary.rejected, maxRssMb: peakRssMb() }));
