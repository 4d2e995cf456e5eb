import type { Benchmark } from './harness';
import { journeyBenchmark } from './engine-journeys.bench';
import { sendBenchmarks } from './engine-sends.bench';

/**
 * The engine (issue 5). Journeys: N customers (1M by default) through wait -> condition -> send to
 * the sandbox -> exit on the virtual clock, node steps per second, beside a bare better-sqlite3
 * claim-advance-insert loop walking the same journeys table the same way. Sends: messages per second
 * to a local HTTP receiver in its own process, with keep-alive, beside bare undici requests to the
 * same receiver; and the highest count the receiver saw in any one second under a configured limit.
 */
export const engineBenchmarks: Benchmark[] = [journeyBenchmark, ...sendBenchmarks];
