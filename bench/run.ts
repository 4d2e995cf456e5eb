import { runBenchmarks } from './harness';
import { audienceAtScaleBenchmarks } from './audience-at-scale.bench';
import { importCustomersBenchmark } from './import-customers.bench';

// npm run bench [-- <name substring> ...]
// The imports run the bundled worker, as the app does: build the Node bundles first.
const { buildNode } = (await import(new URL('../scripts/build.mjs', import.meta.url).href)) as { buildNode(): Promise<void> };
await buildNode();
process.exitCode = await runBenchmarks([importCustomersBenchmark, ...audienceAtScaleBenchmarks], process.argv.slice(2));
