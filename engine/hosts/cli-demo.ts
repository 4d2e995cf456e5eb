import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { createDemoShop } from '../demo/create-demo-shop';
import type { CliContext } from './cli-delivery';

const wholeNumber = (min: number, max: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
  return parsed;
};

/** `campaign-studio demo create`: the demo shop into an empty workspace, with progress and Ctrl-C as cancel. */
export function registerDemoCommands(program: Command, context: CliContext): void {
  const demo = program.command('demo').description('the demo shop: a believable population to try the app on');
  demo
    .command('create')
    .description('fill an empty workspace (a new --data-dir) with the demo shop: customers, their consents and push tokens, and a year of events')
    .option('--customers <n>', 'how many customers', wholeNumber(1, 2_000_000), 100_000)
    .option('--seed <n>', 'the seed: the same seed and clock give the same shop', wholeNumber(0, 2 ** 31 - 1), 1)
    .option('--start <date>', 'the date the virtual clock starts at, history running up to it (default: now)', (value: string) => {
      if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('must be a date, for example 2026-03-01 or 2026-03-01T09:00:00Z.');
      return new Date(value).toISOString();
    })
    .action(async (options: { customers: number; seed: number; start?: string }, command: Command) => {
      const globals = command.optsWithGlobals() as { quiet?: boolean; json?: boolean };
      const say = (line: string) => !globals.quiet && context.err(line);
      const result = await context.withEngine(command, async (engine) => {
        const jobId = randomUUID();
        const cancel = () => {
          context.err('\ncancelling the demo...');
          void engine.dispatch('jobs/cancel', { jobId });
        };
        process.once('SIGINT', cancel);
        let lastLineAt = 0;
        const stopProgress = engine.onEvent((event) => {
          if (event.type !== 'job/progress' || event.jobId !== jobId || Date.now() - lastLineAt < 2000) return;
          lastLineAt = Date.now();
          say(`  ${event.rowsDone} rows, ${event.rowsPerSecond} rows/s`);
        });
        try {
          return await createDemoShop(engine, { ...options, jobId }, say);
        } finally {
          process.removeListener('SIGINT', cancel);
          stopProgress();
        }
      });
      if (globals.json) context.out(JSON.stringify(result, null, 2));
      else
        context.out(`The demo shop is ready: ${result.customers} customers, ${result.events} events (seed ${result.seed}); ${result.flows.length} flows live, ${result.campaigns.length} campaigns.`);
      // Generated rows are all valid: a rejection is a bug in the generator, and says so by the exit code.
      if (result.rejected > 0) context.setExitCode(3);
    });
}
