import { runBenchmarks } from './harness';
import { audienceAtScaleBenchmarks } from './audience-at-scale.bench';
import { importCustomersBenchmark } from './import-customers.bench';
import { flowCanvasBenchmarks } from './flow-canvas.bench';
import { engineBenchmarks } from './engine.bench';
import { analyticsBenchmarks } from './analytics.bench';
import { demoShopBenchmark, demoSimulationBenchmark } from './demo-shop.bench';

// npm run bench [-- <name substring> ...]
// The imports run the bundled worker, as the app does: build the Node bundles first.
// Benchmarks run in the order listed; name substrings pick some (npm run bench -- flow-canvas).
const { buildNode, buildRenderer } = (await import(new URL('../scripts/build.mjs', import.meta.url).href)) as { buildNode(): Promise<void>; buildRenderer(): Promise<void> };
await buildNode();
// The canvas benchmark opens the renderer in Chromium through the web host.
await buildRenderer();
process.exitCode = await runBenchmarks(
  [importCustomersBenchmark, ...audienceAtScaleBenchmarks, ...flowCanvasBenchmarks, ...engineBenchmarks, ...analyticsBenchmarks, demoShopBenchmark, demoSimulationBenchmark],
  process.argv.slice(2),
);
