import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Customer } from '../../shared/domain/customer';
import type { ImportSummary } from '../../shared/domain/import-report';
import type { RpcError } from '../../shared/rpc/envelope';
import type { MethodName, MethodOutput } from '../../shared/rpc/methods';
import { createEngine, type Engine } from '../app';
import { findWorkspace, readRegistry, workspaceFolder } from '../workspaces/registry';
import { WorkspaceHost } from '../workspaces/workspace-host';
import { EngineError } from '../errors';
import { resolveDataDir } from '../workspace-location';
import { startWebHost } from './http-server';
import { registerDeliveryCommands } from './cli-delivery';
import { registerPreviewCommand } from './cli-preview';
import { registerContentCommands } from './cli-content';
import { registerDemoCommands } from './cli-demo';
import { registerFlowCommands } from './cli-flows';
import { registerProviderCommands } from './cli-providers';
import { registerReportCommands } from './cli-reports';

/**
 * The command-line host: the same engine methods as the window, for scripts and nightly imports.
 * It holds no logic of its own beyond argument parsing and printing.
 */
export interface CliPaths {
  assetsDir: string;
  customerRowsWorker: string;
  httpWorker: string;
  rendererDir: string;
  appVersion: string;
}

export const EXIT = { ok: 0, error: 1, usage: 2, rowsRejected: 3, cancelled: 130 } as const;

interface GlobalOptions {
  dataDir?: string;
  workspace?: string;
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
  if (summary.identity === 'email') lines.push('  No id column: customers are known by their email, else their phone.');
  for (const error of summary.errors.slice(0, 20)) {
    lines.push(`  row ${error.row}, column ${error.column || '-'}: ${error.code}: ${error.message}`);
  }
  if (summary.errors.length > 20 || summary.errorsTruncated) {
    lines.push(`  ... ${summary.rejected - 20} more; use --json for the full list.`);
  }
  const warnings = summary.warnings ?? [];
  if (warnings.length > 0)
    lines.push(`  ${warnings.length}${summary.warningsTruncated ? '+' : ''} warning(s): values left out of rows that were kept, or rows merged into an earlier one (--strict refuses such rows):`);
  for (const warning of warnings.slice(0, 20)) lines.push(`  row ${warning.row}, column ${warning.column || '-'}: ${warning.code}: ${warning.message}`);
  if (warnings.length > 20) lines.push(`  ... ${warnings.length - 20} more; use --json or --errors-csv for the full list.`);
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
    .option('--data-dir <dir>', "data folder holding campaign-studio.db and the other workspaces (default: the desktop app's folder)")
    .option('--workspace <name>', "a workspace of the data folder by name or id (default: the folder's own; see `campaign-studio workspaces`)")
    .option('--json', 'print one JSON value on stdout, for scripts')
    .option('-q, --quiet', 'no progress on stderr')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run campaign-studio --help for usage)');

  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

  /** The data folder, and in it the folder of the workspace --workspace names (the folder's own without it). */
  function workspaceDir(command: Command): string {
    const options = globals(command);
    const dataDir = resolveDataDir(options.dataDir === undefined ? undefined : resolve(options.dataDir));
    return options.workspace === undefined ? dataDir : workspaceFolder(dataDir, findWorkspace(readRegistry(dataDir), options.workspace).id);
  }

  async function withEngine<T>(command: Command, work: (engine: Engine) => Promise<T>, engineOptions: { autoRun?: boolean } = {}): Promise<T> {
    const engine = await createEngine({
      dataDir: workspaceDir(command),
      assetsDir: paths.assetsDir,
      appVersion: paths.appVersion,
      customerRowsWorker: paths.customerRowsWorker,
      httpWorker: paths.httpWorker,
      ...engineOptions,
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
    .command('workspaces')
    .description('list the workspaces of the data folder (the app makes, renames, duplicates and deletes them)')
    .action((_options: unknown, command: Command) => {
      const dataDir = resolveDataDir(globals(command).dataDir === undefined ? undefined : resolve(globals(command).dataDir as string));
      const registry = readRegistry(dataDir);
      if (globals(command).json) io.out(JSON.stringify(registry, null, 2));
      else for (const w of registry.workspaces) io.out(`${w.id === registry.current ? '*' : ' '} ${w.id.padEnd(24)} ${w.name}${w.demo ? ' (demo)' : ''}`);
    });

  program
    .command('web')
    .description('start web mode: the app in your browser, served on this machine only')
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').default(0).argParser(parsePort))
    .option('--host <host>', 'address to bind; anything but 127.0.0.1 exposes the app to the network', '127.0.0.1')
    .option('--token <token>', 'the access token (default: a new random one each launch)')
    .option('--public-url <url>', "the address providers reach this host at (a tunnel's), for their delivery webhooks at /hooks/<provider id>")
    .addOption(
      new Option('--max-upload-mb <mb>', 'the largest file the browser may upload').default(4096).argParser((value: string) => {
        const mb = Number(value);
        if (!Number.isInteger(mb) || mb < 1) throw new InvalidArgumentError('must be a whole number of megabytes, at least 1');
        return mb;
      }),
    )
    .action(async (options: { port: number; host: string; token?: string; publicUrl?: string; maxUploadMb: number }, command: Command) => {
      // Web mode serves the folder's workspaces: the page lists, opens and makes them.
      const engine = await WorkspaceHost.open({
        dataDir: resolveDataDir(globals(command).dataDir === undefined ? undefined : resolve(globals(command).dataDir as string)),
        ...(globals(command).workspace === undefined ? {} : { workspace: globals(command).workspace as string }),
        assetsDir: paths.assetsDir,
        appVersion: paths.appVersion,
        customerRowsWorker: paths.customerRowsWorker,
        httpWorker: paths.httpWorker,
        autoRun: true,
      });
      const token = options.token ?? randomBytes(24).toString('base64url');
      const host = await startWebHost({
        engine,
        token,
        host: options.host,
        port: options.port,
        rendererDir: paths.rendererDir,
        maxUploadBytes: options.maxUploadMb * 1024 * 1024,
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      });
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

  /** Runs a long import with progress on stderr (rows/s, % of file) and Ctrl-C as cancel. */
  async function runImportJob(command: Command, method: 'customers/import' | 'events/import', input: Record<string, unknown>, errorsCsv?: string) {
    const { quiet, json } = globals(command);
    const summary = await withEngine(command, async (engine) => {
      const jobId = randomUUID();
      let lastLineAt = 0;
      const stopProgress = engine.onEvent((event) => {
        if (quiet || event.type !== 'job/progress' || event.jobId !== jobId) return;
        const percent = event.total ? Math.floor((event.done / event.total) * 100) : 0;
        const line = `importing ${percent}% of the file, ${event.rowsDone} rows, ${event.rowsPerSecond} rows/s`;
        if (io.isErrTty) process.stderr.write(`\r${line}   `);
        else if (Date.now() - lastLineAt > 5000) {
          lastLineAt = Date.now();
          io.err(line);
        }
      });
      const cancel = () => {
        io.err('\ncancelling the import...');
        void engine.dispatch('jobs/cancel', { jobId });
      };
      process.once('SIGINT', cancel);
      try {
        const result = await engine.call(method, input, { jobId, trusted: true });
        if (errorsCsv && result.importId !== null && (result.errors.length > 0 || (result.warnings ?? []).length > 0)) {
          const report = await engine.call('imports/errors-csv', { importId: result.importId });
          writeFileSync(resolve(errorsCsv), report.csv);
        }
        return result;
      } finally {
        process.removeListener('SIGINT', cancel);
        stopProgress();
        if (io.isErrTty && !quiet) process.stderr.write('\n');
      }
    });
    if (json) io.out(JSON.stringify(summary, null, 2));
    else for (const line of formatImport(summary)) io.out(line);
    if (summary.rejected > 0) exitCode = EXIT.rowsRejected;
  }

  const fileOptions = (command: Command) =>
    command
      .option('--dry-run', 'check every row and report, without writing anything')
      .option('--all-or-nothing', 'import nothing when any row is rejected')
      .addOption(new Option('--encoding <name>', "the file's text encoding").choices(['auto', 'utf-8', 'windows-1256', 'windows-1252']).default('auto'))
      .addOption(new Option('--delimiter <char>', 'the CSV delimiter (default: detected)').choices([',', ';', 'tab', '|']))
      .option('--errors-csv <file>', 'write the row-level report of rejected values to this CSV file')
      .option(
        '--map <header=meaning>',
        'what a column means, overriding the guess (repeatable): a known field (phone, email, time...), attribute/property, or ignore',
        (pair: string, pairs: string[]) => [...pairs, pair],
        [] as string[],
      );

  interface FileOptions {
    map: string[];
    dryRun?: boolean;
    allOrNothing?: boolean;
    encoding: string;
    delimiter?: string;
    errorsCsv?: string;
  }
  /** `--map "Numéro=phone"` pairs as the import's mapping; the engine validates each meaning. */
  const mappingOf = (pairs: string[]) =>
    Object.fromEntries(
      pairs.map((pair) => {
        const at = pair.lastIndexOf('=');
        if (at <= 0) throw new EngineError('invalid_input', `--map takes HEADER=MEANING, got "${pair}".`, { field: 'map' });
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    );
  const commonInput = (file: string, options: FileOptions) => ({
    source: { kind: 'file', path: resolve(file) },
    mapping: mappingOf(options.map),
    dryRun: options.dryRun === true,
    allOrNothing: options.allOrNothing === true,
    encoding: options.encoding,
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter === 'tab' ? '\t' : options.delimiter }),
  });

  const importCommand = program.command('import').description('import data from a file');
  fileOptions(
    importCommand
      .command('customers')
      .description('import customers from a CSV or Excel (.xlsx) file: an id column, or else customers are known by email (then phone)')
      .argument('<file>', 'CSV or .xlsx file'),
  )
    .addOption(new Option('--on-duplicate <mode>', 'what to do with a customer already in the workspace, or twice in the file').choices(['update', 'skip', 'reject']).default('update'))
    .option('--default-country <XX>', 'country for phone numbers written without +code (default: the workspace setting, DZ)')
    .option('--strict', 'refuse a row for any bad value (by default a bad email, phone or date is left out with a warning and the row kept)')
    .option('--header-row <n>', 'the line the header is on, when lines above it are a title or notes (default 1)')
    .option('--sheet <name>', "an Excel workbook's sheet to read (default: the first)")
    .action(async (file: string, options: FileOptions & { onDuplicate: string; defaultCountry?: string; strict?: boolean; headerRow?: string; sheet?: string }, command: Command) => {
      await runImportJob(
        command,
        'customers/import',
        {
          ...commonInput(file, options),
          onDuplicate: options.onDuplicate,
          strict: options.strict === true,
          ...(options.headerRow === undefined ? {} : { headerRow: Number(options.headerRow) }),
          ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
          ...(options.defaultCountry === undefined ? {} : { defaultCountry: options.defaultCountry.toUpperCase() }),
        },
        options.errorsCsv,
      );
    });
  fileOptions(
    importCommand
      .command('events')
      .description('import events from CSV or NDJSON (event name, customer external id, time; other columns are properties)')
      .argument('<file>', 'CSV or NDJSON (.ndjson, .jsonl) file'),
  )
    .addOption(new Option('--format <format>', 'file format (default: from the file name)').choices(['auto', 'csv', 'ndjson']).default('auto'))
    .option('--create-customers', 'create customers for external ids the workspace does not have, instead of rejecting the rows')
    .action(async (file: string, options: FileOptions & { format: string; createCustomers?: boolean }, command: Command) => {
      await runImportJob(command, 'events/import', { ...commonInput(file, options), format: options.format, unknownCustomers: options.createCustomers ? 'create' : 'reject' }, options.errorsCsv);
    });

  const segment = program.command('segment').description('count and list segments');
  segment
    .command('count')
    .description('count the customers of a saved segment (by name) or of a filter file (JSON, the segment filter model)')
    .argument('[name]', 'saved segment name')
    .option('--filter <file>', 'a JSON file holding a filter group')
    .action(async (name: string | undefined, options: { filter?: string }, command: Command) => {
      if ((name === undefined) === (options.filter === undefined)) {
        throw new EngineError('invalid_input', 'Give a saved segment name or --filter FILE (one of the two).');
      }
      let input: unknown;
      if (options.filter !== undefined) {
        try {
          input = { filter: JSON.parse(readFileSync(resolve(options.filter), 'utf8')) as unknown };
        } catch (error) {
          throw new EngineError('invalid_input', `${options.filter}: cannot read a JSON filter (${(error as Error).message}).`, { file: options.filter });
        }
      } else input = { name };
      const value = await withEngine(command, (engine) => engine.call('segments/count', input));
      print<'segments/count'>(command, value, () => [`${value.count} of ${value.total} customers (${value.durationMs} ms)`]);
    });
  segment
    .command('list')
    .description('list saved segments and static lists')
    .action(async (_options: unknown, command: Command) => {
      const value = await withEngine(command, (engine) => engine.call('segments/list', {}));
      print<'segments/list'>(command, value, () => (value.segments.length === 0 ? ['No segments yet.'] : value.segments.map((s) => `${String(s.id).padStart(4)}  ${s.kind.padEnd(7)}  ${s.name}`)));
    });

  const customers = program.command('customers').description('read and erase customers');
  customers
    .command('count')
    .description('print how many customers the workspace holds')
    .action(async (_options: unknown, command: Command) => {
      const value = await withEngine(command, (engine) => engine.call('customers/count', {}));
      print<'customers/count'>(command, value, () => [String(value.count)]);
    });
  customers
    .command('get')
    .description('print one customer by external id, email or phone')
    .argument('<id>', 'external id, email or phone')
    .action(async (id: string, _options: unknown, command: Command) => {
      const value = await withEngine(command, (engine) => engine.call('customers/get', { externalId: id }));
      print<'customers/get'>(command, value, () => formatCustomer(value));
    });

  customers
    .command('erase')
    .description('erase a customer everywhere on their request (GDPR, law 18-07); only hashes remain to stop a re-import')
    .argument('<id>', 'external id')
    .option('--yes', 'confirm: this cannot be undone')
    .action(async (id: string, options: { yes?: boolean }, command: Command) => {
      if (!options.yes) throw new EngineError('invalid_input', `Erasing ${id} cannot be undone; add --yes to confirm.`);
      const value = await withEngine(command, (engine) => engine.call('customers/erase', { externalId: id, confirm: true }));
      print<'customers/erase'>(command, value, () => [`Erased ${value.erased}; ${value.suppressed} identifiers kept as hashes so a re-import refuses them.`]);
    });

  const context = { withEngine, print, out: io.out, err: io.err, setExitCode: (code: number) => void (exitCode = code) };
  registerFlowCommands(program, context);
  registerDeliveryCommands(program, context);
  registerProviderCommands(program, context);
  registerReportCommands(program, context);
  registerDemoCommands(program, context);
  registerPreviewCommand(program, context);
  registerContentCommands(program, context);

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
    const rpcError: RpcError = error instanceof EngineError ? error.toRpcError() : { code: 'internal', message: String(error) };
    if (program.opts<GlobalOptions>().json || argv.includes('--json')) {
      io.out(JSON.stringify({ ok: false, error: rpcError }, null, 2));
    } else {
      io.err(`campaign-studio: ${rpcError.code}: ${rpcError.message}`);
    }
    return rpcError.code === 'cancelled' ? EXIT.cancelled : EXIT.error;
  }
}
