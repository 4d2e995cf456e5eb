import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Customer } from '../../shared/domain/customer';
import type { ImportSummary } from '../../shared/domain/import-report';
import type { RpcError } from '../../shared/rpc/envelope';
import type { MethodName, MethodOutput } from '../../shared/rpc/methods';
import { createEngine, type Engine } from '../app';
import { EngineError } from '../errors';
import { resolveDataDir } from '../workspace-location';
import { startWebHost } from './http-server';

/**
 * The command-line host: the same engine methods as the window, for scripts and nightly imports.
 * It holds no logic of its own beyond argument parsing and printing.
 */
export interface CliPaths {
  assetsDir: string;
  rendererDir: string;
  appVersion: string;
}

export const EXIT = { ok: 0, error: 1, usage: 2, rowsRejected: 3, cancelled: 130 } as const;

interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  quiet?: boolean;
}

interface Output {
  out(text: string): void;
  err(text: string): void;
  isErrTty: boolean;
}

const defaultOutput: Output = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  isErrTty: process.stderr.isTTY === true,
};

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

function formatImport(summary: ImportSummary): string[] {
  const seconds = (summary.durationMs / 1000).toFixed(2);
  const verb = summary.dryRun ? 'Checked (dry run, nothing written)' : 'Imported';
  const lines = [
    `${verb} ${summary.fileName}: ${summary.rows} rows: ${summary.imported} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.rejected} rejected (${seconds} s).`,
  ];
  for (const error of summary.errors.slice(0, 20)) {
    lines.push(`  row ${error.row}, column ${error.column || '-'}: ${error.code}: ${error.message}`);
  }
  if (summary.errors.length > 20 || summary.errorsTruncated) {
    lines.push(`  ... ${summary.rejected - 20} more; use --json for the full list.`);
  }
  return lines;
}

function formatCustomer(customer: Customer): string[] {
  const consent = Object.entries(customer.consent)
    .map(([channel, value]) => `${channel}=${value === null ? 'unknown' : value ? 'yes' : 'no'}`)
    .join(' ');
  const rows: [string, string | number | null][] = [
    ['External id', customer.externalId],
    ['Name', [customer.firstName, customer.lastName].filter(Boolean).join(' ') || null],
    ['Email', customer.email],
    ['Phone', customer.phone],
    ['City', customer.city],
    ['Language', customer.language],
    ['Time zone', customer.timeZone],
    ['Signed up', customer.signupAt],
    ['Consent', consent],
    ['Score', customer.score],
    ['Attributes', JSON.stringify(customer.attributes)],
    ['Created', customer.createdAt],
    ['Updated', customer.updatedAt],
  ];
  return rows.map(([label, value]) => `${label.padEnd(12)} ${value ?? '-'}`);
}

export async function runCli(argv: readonly string[], paths: CliPaths, io: Output = defaultOutput): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('campaign-studio')
    .description('Campaign Studio: local-first marketing automation. Runs the engine without a window.')
    .version(paths.appVersion)
    .option('--data-dir <dir>', 'workspace folder holding campaign-studio.db (default: the desktop app\'s folder)')
    .option('--json', 'print one JSON value on stdout, for scripts')
    .option('-q, --quiet', 'no progress on stderr')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run campaign-studio --help for usage)');

  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

  async function withEngine<T>(command: Command, work: (engine: Engine) => Promise<T>): Promise<T> {
    const options = globals(command);
    const engine = await createEngine({
      dataDir: resolveDataDir(options.dataDir === undefined ? undefined : resolve(options.dataDir)),
      assetsDir: paths.assetsDir,
      appVersion: paths.appVersion,
    });
    try {
      return await work(engine);
    } finally {
      await engine.close();
    }
  }

  function print<M extends MethodName>(command: Command, value: MethodOutput<M>, human: () => string[]): void {
    if (globals(command).json) io.out(JSON.stringify(value, null, 2));
    else for (const line of human()) io.out(line);
  }

  program
    .command('web')
    .description('start web mode: the app in your browser, served on this machine only')
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').default(0).argParser(parsePort))
    .option('--host <host>', 'address to bind; anything but 127.0.0.1 exposes the app to the network', '127.0.0.1')
    .option('--token <token>', 'the access token (default: a new random one each launch)')
    .action(async (options: { port: number; host: string; token?: string }, command: Command) => {
      const engine = await createEngine({
        dataDir: resolveDataDir(globals(command).dataDir === undefined ? undefined : resolve(globals(command).dataDir as string)),
        assetsDir: paths.assetsDir,
        appVersion: paths.appVersion,
      });
      const token = options.token ?? randomBytes(24).toString('base64url');
      const host = await startWebHost({ engine, token, host: options.host, port: options.port, rendererDir: paths.rendererDir });
      if (globals(command).json) {
        io.out(JSON.stringify({ url: host.url, openUrl: host.openUrl, port: host.port, token, dataFile: engine.dataFile }));
      } else {
        io.out('Campaign Studio is running in web mode.');
        io.out(`  Open:  ${host.openUrl}`);
        io.out(`  Data:  ${engine.dataFile}`);
        io.out('Press Ctrl-C to stop.');
      }
      await new Promise<void>((resolveStop) => {
        const stop = () => resolveStop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await engine.close();
    });

  const importCommand = program.command('import').description('import data from a file');
  importCommand
    .command('customers')
    .description('import customers from a CSV file (header row; external_id required)')
    .argument('<file>', 'CSV file')
    .option('--dry-run', 'check every row and report, without writing anything')
    .addOption(
      new Option('--on-duplicate <mode>', 'what to do with an external id already in the workspace')
        .choices(['update', 'skip', 'reject'])
        .default('update'),
    )
    .option('--all-or-nothing', 'import nothing when any row is rejected')
    .action(async (file: string, options: { dryRun?: boolean; onDuplicate: string; allOrNothing?: boolean }, command: Command) => {
      const { quiet, json } = globals(command);
      const summary = await withEngine(command, async (engine) => {
        const jobId = randomUUID();
        const stopProgress = engine.onEvent((event) => {
          if (quiet || event.type !== 'job/progress' || event.jobId !== jobId) return;
          const percent = event.total ? Math.floor((event.done / event.total) * 100) : 0;
          const line = `importing ${percent}% ${event.rowsDone} rows ${event.rowsPerSecond} rows/s`;
          if (io.isErrTty) process.stderr.write(`\r${line}   `);
        });
        const cancel = () => {
          io.err('\ncancelling the import...');
          void engine.dispatch('jobs/cancel', { jobId });
        };
        process.once('SIGINT', cancel);
        try {
          return await engine.call(
            'customers/import',
            {
              source: { kind: 'file', path: resolve(file) },
              dryRun: options.dryRun === true,
              onDuplicate: options.onDuplicate,
              allOrNothing: options.allOrNothing === true,
            },
            { jobId, trusted: true },
          );
        } finally {
          process.removeListener('SIGINT', cancel);
          stopProgress();
          if (io.isErrTty && !quiet) process.stderr.write('\n');
        }
      });
      if (json) io.out(JSON.stringify(summary, null, 2));
      else for (const line of formatImport(summary)) io.out(line);
      if (summary.rejected > 0) exitCode = EXIT.rowsRejected;
    });

  const customers = program.command('customers').description('read customers');
  customers
    .command('count')
    .description('print how many customers the workspace holds')
    .action(async (_options: unknown, command: Command) => {
      const value = await withEngine(command, (engine) => engine.call('customers/count', {}));
      print<'customers/count'>(command, value, () => [String(value.count)]);
    });
  customers
    .command('get')
    .description('print one customer by external id')
    .argument('<id>', 'external id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const value = await withEngine(command, (engine) => engine.call('customers/get', { externalId: id }));
      print<'customers/get'>(command, value, () => formatCustomer(value));
    });

  program
    .command('info')
    .description('print the workspace file, schema version and app version')
    .action(async (_options: unknown, command: Command) => {
      const value = await withEngine(command, (engine) => engine.call('app/info', {}));
      print<'app/info'>(command, value, () => [
        `Campaign Studio ${value.appVersion}`,
        `Data file   ${value.dataFile}`,
        `Schema      ${value.schemaVersion} (${value.migrationsApplied} steps)`,
        `Time zone   ${value.timeZone}`,
      ]);
    });

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const rpcError: RpcError =
      error instanceof EngineError ? error.toRpcError() : { code: 'internal', message: String(error) };
    if (program.opts<GlobalOptions>().json || argv.includes('--json')) {
      io.out(JSON.stringify({ ok: false, error: rpcError }, null, 2));
    } else {
      io.err(`campaign-studio: ${rpcError.code}: ${rpcError.message}`);
    }
    return rpcError.code === 'cancelled' ? EXIT.cancelled : EXIT.error;
  }
}
