import { runBenchmarks } from './harness';
import { importCustomersBenchmark } from './import-customers.bench';

// npm run bench [-- <name substring> ...]
process.exitCode = await runBenchmarks([importCustomersBenchmark], process.argv.slice(2));
