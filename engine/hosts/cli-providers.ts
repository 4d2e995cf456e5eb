import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { PROVIDER_CHANNELS, PROVIDER_KIND_NAMES, providerKind, type ProviderChannel } from '../../shared/domain/providers';
import type { Engine } from '../app';
import { EngineError } from '../errors';
import type { CliContext } from './cli-delivery';

/**
 * CLI commands for providers: list them, add or change one, send a test message, poll statuses,
 * import an engagement export. Secret settings are never taken on the command line (shell history,
 * `ps`): --secret-env reads one from an environment variable, --secret-file from a file.
 */
const collect = (value: string, previous: string[]) => [...previous, value];

function pairs(values: string[], flag: string): [string, string][] {
  return values.map((value) => {
    const at = value.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`${flag} takes name=value, got "${value}".`);
    return [value.slice(0, at).trim(), value.slice(at + 1)];
  });
}

interface SettingsOptions {
  set: string[];
  secretEnv: string[];
  secretFile: string[];
}

function settingsFrom(options: SettingsOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, value] of pairs(options.set, '--set')) config[key] = /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  for (const [key, name] of pairs(options.secretEnv, '--secret-env')) {
    const value = process.env[name];
    if (value === undefined) throw new EngineError('invalid_input', `--secret-env ${key}=${name}: the environment variable ${name} is not set.`, { field: key });
    config[key] = value;
  }
  for (const [key, path] of pairs(options.secretFile, '--secret-file')) {
    try {
      config[key] = readFileSync(resolve(path), 'utf8');
    } catch (error) {
      throw new EngineError('invalid_input', `--secret-file ${key}=${path}: ${(error as Error).message}`, { file: path });
    }
  }
  return config;
}

async function providerRef(engine: Engine, ref: string): Promise<number> {
  const { providers } = await engine.call('providers/list', {});
  const found = providers.find((p) => String(p.id) === ref || p.name.toLowerCase() === ref.toLowerCase());
  if (!found) throw new EngineError('not_found', `No provider is named or numbered "${ref}" (providers: ${providers.map((p) => `${p.id} ${p.name}`).join(', ')}).`);
  return found.id;
}

export function registerProviderCommands(program: Command, cli: CliContext): void {
  const provider = program.command('provider').description('providers that deliver messages (settings, test sends, statuses)');
  provider.command('list').action(async (_options: unknown, command: Command) => {
    const value = await cli.withEngine(command, (engine) => engine.call('providers/list', {}));
    cli.print<'providers/list'>(command, value, () =>
      value.providers.map((p) => `${String(p.id).padStart(4)}  ${p.channel.padEnd(8)} ${p.kind.padEnd(15)} ${p.name}${p.isDefault ? '  (default)' : ''}  ${JSON.stringify(p.config)}`),
    );
  });
  const withSettings = (command: Command) =>
    command
      .option('--set <name=value>', 'a setting (repeat)', collect, [])
      .option('--secret-env <name=VARIABLE>', 'a secret setting read from an environment variable (repeat)', collect, [])
      .option('--secret-file <name=path>', 'a secret setting read from a file, e.g. serviceAccount=key.json (repeat)', collect, []);
  withSettings(
    provider
      .command('add')
      .description(`add a provider: kinds ${PROVIDER_KIND_NAMES.join(', ')}`)
      .argument('<kind>')
      .argument('<channel>', PROVIDER_CHANNELS.join(' | '))
      .argument('<name>')
      .option('--default', "make it the channel's default"),
  ).action(async (kind: string, channel: string, name: string, options: SettingsOptions & { default?: boolean }, command: Command) => {
    if (!providerKind(kind)) throw new InvalidArgumentError(`"${kind}" is not a provider kind (${PROVIDER_KIND_NAMES.join(', ')}).`);
    const value = await cli.withEngine(command, async (engine) => {
      const created = await engine.call('providers/create', { name, kind, channel: channel as ProviderChannel, config: settingsFrom(options) });
      return options.default ? engine.call('providers/update', { id: created.id, isDefault: true }) : created;
    });
    cli.print<'providers/create'>(command, value, () => [`Provider ${value.id} "${value.name}" (${value.kind}, ${value.channel}) saved${value.isDefault ? ' as the default' : ''}.`]);
  });
  withSettings(provider.command('set').description("change a provider's settings").argument('<provider>', 'name or id').option('--default', "make it the channel's default")).action(
    async (ref: string, options: SettingsOptions & { default?: boolean }, command: Command) => {
      const value = await cli.withEngine(command, async (engine) => {
        const config = settingsFrom(options);
        return engine.call('providers/update', { id: await providerRef(engine, ref), ...(Object.keys(config).length > 0 ? { config } : {}), ...(options.default ? { isDefault: true } : {}) });
      });
      cli.print<'providers/update'>(command, value, () => [`Provider ${value.id} "${value.name}" updated.`]);
    },
  );
  provider
    .command('test')
    .description('send one test message through the provider and print its answer')
    .argument('<provider>', 'name or id')
    .option('--email <address>')
    .option('--phone <e164>')
    .option('--push-token <token>')
    .option('--template <name>', 'WhatsApp: an approved template')
    .action(async (ref: string, options: { email?: string; phone?: string; pushToken?: string; template?: string }, command: Command) => {
      const value = await cli.withEngine(command, async (engine) =>
        engine.call('providers/test', {
          id: await providerRef(engine, ref),
          to: { ...(options.email ? { email: options.email } : {}), ...(options.phone ? { phone: options.phone } : {}), ...(options.pushToken ? { pushToken: options.pushToken } : {}) },
          ...(options.template ? { templateName: options.template } : {}),
        }),
      );
      cli.print<'providers/test'>(command, value, () => [
        value.status === 'sent'
          ? `Sent at ${value.at}${value.providerMessageId ? `, provider id ${value.providerMessageId}` : ''}.`
          : `${value.status === 'retry' ? 'Not sent (worth retrying)' : value.status === 'unknown' ? 'No answer (it may or may not have been sent)' : 'Refused'}: ${value.error}`,
      ]);
      if (value.status !== 'sent') cli.setExitCode(1);
    });
  provider
    .command('poll')
    .description('ask the provider now about delivery of its recent messages (Twilio, Mailgun)')
    .argument('<provider>', 'name or id')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const value = await cli.withEngine(command, async (engine) => engine.call('providers/poll', { id: await providerRef(engine, ref) }));
      cli.print<'providers/poll'>(command, value, () => [`${value.seen} statuses read, ${value.recorded} new, ${value.unmatched} for messages not in this workspace.`]);
    });
  provider
    .command('import-events')
    .description('import an engagement export: CSV with event, time, and message_id or provider_message_id')
    .argument('<provider>', 'name or id')
    .argument('<file>')
    .action(async (ref: string, file: string, _options: unknown, command: Command) => {
      let csv: string;
      try {
        csv = readFileSync(resolve(file), 'utf8');
      } catch (error) {
        throw new EngineError('invalid_input', `${file}: ${(error as Error).message}`, { file });
      }
      const value = await cli.withEngine(command, async (engine) => engine.call('providers/import-events', { id: await providerRef(engine, ref), csv }));
      cli.print<'providers/import-events'>(command, value, () => [
        `${file}: ${value.recorded} new events, ${value.seen - value.recorded - value.unmatched} already known, ${value.unmatched} unmatched, ${value.rejected.length} rows rejected.`,
        ...value.rejected.map((r) => `  ${file}:${r.row} ${r.field}: ${r.message}`),
      ]);
      if (value.rejected.length > 0) cli.setExitCode(3);
    });
}
