/**
 * Each benchmark measures a figure and, in the same run, a raw baseline it can be compared with, so
 * the ratio means something on a noisy machine. One line per figure:
 *   BENCH <name> <value> <unit> baseline=<value> ratio=<value>
 */
export interface Measurement {
  value: number;
  unit: string;
  baseline: number;
  /** What the baseline is, printed to stderr so stdout stays one line per figure. */
  baselineLabel: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<Measurement>;
}

export function formatBenchLine(name: string, m: Measurement): string {
  const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toString() : n.toFixed(2));
  return `BENCH ${name} ${round(m.value)} ${m.unit} baseline=${round(m.baseline)} ratio=${(m.value / m.baseline).toFixed(3)}`;
}

export async function runBenchmarks(all: readonly Benchmark[], filters: readonly string[]): Promise<number> {
  const selected = filters.length === 0 ? all : all.filter((b) => filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) {
    console.error(`No benchmark matches ${filters.join(', ')}. Known: ${all.map((b) => b.name).join(', ')}`);
    return 1;
  }
  for (const benchmark of selected) {
    const measurement = await benchmark.run();
    console.error(`# ${benchmark.name}: baseline is ${measurement.baselineLabel}`);
    console.log(formatBenchLine(benchmark.name, measurement));
  }
  return 0;
}

/** Seconds for `work`, measured on the monotonic clock. */
export async function timed(work: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}
