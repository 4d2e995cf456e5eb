import { runBenchmarks } from './harness';
import { audienceAtScaleBenchmarks } from './audience-at-scale.bench';
import { importCustomersBenchmark } from './import-customers.bench';

// npm run bench [-- <name substring> ...]
process.exitCode = await runBenchmarks([importCustomersBenchmark, ...audienceAtScaleBenchmarks], process.argv.slice(2));
