import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RunSummary } from '../../shared/rpc/scheduler-methods';
import type { MethodName, MethodOutput } from '../../shared/rpc/methods';
import type { Engine } from '../app';
import { EngineError } from '../errors';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';

/**
 * CLI commands for the running side: run the engine, drive a sandbox's virtual clock, track an
 * event, read the outbox and a customer's journeys, and run campaigns from JSON files.
 */
export interface CliContext {
  withEngine<T>(command: Command, work: (engine: Engine) => Promise<T>, options?: { autoRun?: boolean }): Promise<T>;
  print<M extends MethodName>(command: Command, value: MethodOutput<M>, human: () => string[]): void;
  out(text: string): void;
  err(text: string): void;
  /** The process's exit status once the command ends (1: refused, 3: some rows rejected). */
  setExitCode(code: number): void;
}

const UNITS: Record<string, 'minutes' | 'hours' | 'days' | 'weeks'> = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks' };

/** "90d", "12h", "30m", "2w" as a span. */
export function parseSpan(value: string): { amount: number; unit: 'minutes' | 'hours' | 'days' | 'weeks' } {
  const match = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be a number and a unit: 30m, 12h, 90d or 2w.');
  return { amount: Number(match[1]), unit: UNITS[match[2]!.toLowerCase()]! };
}

const summaryLine = (s: RunSummary) =>
  `${s.events} events read, ${s.entered} customers entered flows, ${s.steps} steps run, ${s.queued} campaign messages queued; ` +
  `${s.sent} sent, ${s.suppressed} suppressed, ${s.held} held, ${s.failed} failed, ${s.retried} to retry; ${s.engagement} engagement events.`;

export function registerDeliveryCommands(program: Command, cli: CliContext): void {
  const engineCommand = program.command('engine').description('run flows, campaigns and the outbox');
  engineCommand
    .command('run')
    .description('run due work: until stopped (Ctrl-C), or until nothing is due now with --until-idle')
    .option('--until-idle', 'stop when nothing more is due at the current time')
    .action(async (options: { untilIdle?: boolean }, command: Command) => {
      if (options.untilIdle) {
        const value = await cli.withEngine(command, (engine) => engine.call('engine/run-due', {}));
        cli.print<'engine/run-due'>(command, value, () => [summaryLine(value)]);
        return;
      }
      await cli.withEngine(
        command,
        async (engine) => {
          cli.err(`Engine running on ${engine.dataFile}. Press Ctrl-C to stop.`);
          // The engine's own timer does not hold the process open (hosts decide): this does, until a signal.
          const keepAlive = setInterval(() => undefined, 60_000);
          await new Promise<void>((stop) => {
            process.once('SIGINT', () => stop());
            process.once('SIGTERM', () => stop());
          });
          clearInterval(keepAlive);
        },
        { autoRun: true },
      );
    });
  engineCommand
    .command('status')
    .description('print the clock, journeys by state, messages by status and what is due next')
    .action(async (_options: unknown, command: Command) => {
      const value = await cli.withEngine(command, (engine) => engine.call('engine/status', {}));
      cli.print<'engine/status'>(command, value, () => [
        `Clock      ${value.clock} ${value.now}`,
        `Journeys   ${Object.entries(value.journeys)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
        `Messages   ${Object.entries(value.messages)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
        `Next due   ${value.nextDueAt ?? 'nothing scheduled'}`,
      ]);
    });

  const clock = program.command('clock').description("a sandbox workspace's virtual clock");
  clock
    .command('virtual')
    .description('run this workspace on a virtual clock (it moves only when advanced)')
    .option('--start <iso>', 'start at this time (default: the current time)')
    .action(async (options: { start?: string }, command: Command) => {
      const value = await cli.withEngine(command, (engine) => engine.call('engine/set-clock', { mode: 'virtual', ...(options.start ? { start: options.start } : {}) }));
      cli.print<'engine/set-clock'>(command, value, () => [`Virtual clock at ${value.now}.`]);
    });
  clock
    .command('real')
    .description('go back to the real clock')
    .action(async (_options: unknown, command: Command) => {
      const value = await cli.withEngine(command, (engine) => engine.call('engine/set-clock', { mode: 'real' }));
      cli.print<'engine/set-clock'>(command, value, () => [`Real clock: ${value.now}.`]);
    });
  clock
    .command('advance')
    .description('move the virtual clock forward, running every timer and message due on the way')
    .argument('<span>', 'how far: 30m, 12h, 90d, 2w', parseSpan)
    .action(async (by: ReturnType<typeof parseSpan>, _options: unknown, command: Command) => {
      const value = await cli.withEngine(command, (engine) => engine.call('engine/advance', { by }));
      cli.print<'engine/advance'>(command, value, () => [`Clock now ${value.now}.`, summaryLine(value)]);
    });

  program
    .command('track')
    .description('record an event for a customer now (flows it triggers or waits for see it)')
    .argument('<customer>', 'external id')
    .argument('<event>', 'event name')
    .option('--prop <key=value>', 'a property (repeatable); numbers and true/false are read as such', (pair: string, pairs: string[]) => [...pairs, pair], [] as string[])
    .option('--time <iso>', 'when it happened (default: now)')
    .action(async (customerId: string, event: string, options: { prop: string[]; time?: string }, command: Command) => {
      const properties = Object.fromEntries(
        options.prop.map((pair) => {
          const at = pair.indexOf('=');
          if (at <= 0) throw new EngineError('invalid_input', `--prop takes KEY=VALUE, got "${pair}".`, { field: 'prop' });
          const raw = pair.slice(at + 1);
          const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
          return [pair.slice(0, at), value];
        }),
      );
      const value = await cli.withEngine(command, async (engine) => {
        const tracked = await engine.call('events/track', { events: [{ customerId, event, properties, ...(options.time ? { time: options.time } : {}) }] });
        await engine.call('engine/run-due', {});
        return tracked;
      });
      if (value.rejected.length > 0) throw new EngineError('invalid_input', value.rejected[0]!.message, { field: value.rejected[0]!.field });
      cli.print<'events/track'>(command, value, () => [value.accepted === 1 ? `Tracked ${event} for ${customerId}.` : `Already recorded: ${event} for ${customerId} at that time.`]);
    });

  const messages = program.command('messages').description('the outbox');
  messages
    .command('list')
    .description('messages, newest first')
    .addOption(new Option('--status <status>', 'only this status').choices(['queued', 'claimed', 'attempting', 'sent', 'failed', 'suppressed', 'unknown']))
    .option('--customer <id>', "only this customer's (external id)")
    .option('--limit <n>', 'at most this many', (v: string) => Number(v), 50)
    .action(async (options: { status?: string; customer?: string; limit: number }, command: Command) => {
      const value = await cli.withEngine(command, (engine) =>
        engine.call('messages/list', { limit: options.limit, ...(options.status ? { status: options.status } : {}), ...(options.customer ? { customerExternalId: options.customer } : {}) }),
      );
      cli.print<'messages/list'>(command, value, () =>
        value.rows.length === 0
          ? ['No messages.']
          : value.rows.map(
              (m) =>
                `#${m.id}  ${m.status.padEnd(10)} ${m.channel.padEnd(8)} ${m.customerExternalId.padEnd(12)} ${(m.flow ?? m.campaign ?? '').padEnd(20)} due ${m.dueAt}${m.lastError ? `  (${m.lastError})` : ''}`,
            ),
      );
    });
  messages
    .command('resolve')
    .description('decide what happened to messages of unknown fate (left by a crash mid-send)')
    .argument('<ids...>', 'message ids')
    .addOption(new Option('--action <action>', 'send again, or record the outcome').choices(['resend', 'mark_sent', 'mark_failed']).makeOptionMandatory())
    .action(async (ids: string[], options: { action: 'resend' | 'mark_sent' | 'mark_failed' }, command: Command) => {
      const value = await cli.withEngine(command, (engine) => engine.call('messages/resolve', { ids: ids.map(Number), action: options.action }));
      cli.print<'messages/resolve'>(command, value, () => [`${value.updated} message(s) updated.`]);
    });

  program
    .command('journey')
    .description("a customer's journeys through flows, with what happened at each step and why")
    .argument('<customer>', 'external id')
    .action(async (externalId: string, _options: unknown, command: Command) => {
      const value = await cli.withEngine(command, (engine) => engine.call('journeys/of-customer', { externalId }));
      cli.print<'journeys/of-customer'>(command, value, () =>
        value.journeys.length === 0
          ? [`${externalId} has not entered any flow.`]
          : value.journeys.flatMap((j) => [
              `${j.flow} v${j.version}: ${j.state}${j.wakeAt ? ` (next at ${j.wakeAt})` : ''}, entered ${j.enteredAt}`,
              ...j.log.map((e) => `  ${e.ts}  ${e.step}: ${e.detail}`),
            ]),
      );
    });

  const campaign = program.command('campaign').description('campaigns');
  const campaignRef = async (engine: Engine, ref: string) => engine.call('campaigns/get', /^\d+$/.test(ref) ? { id: Number(ref) } : { name: ref });
  campaign.command('list').action(async (_options: unknown, command: Command) => {
    const value = await cli.withEngine(command, (engine) => engine.call('campaigns/list', {}));
    cli.print<'campaigns/list'>(command, value, () =>
      value.campaigns.length === 0
        ? ['No campaigns yet.']
        : value.campaigns.map((c) => {
            const messages = Object.entries(c.messages)
              .map(([status, n]) => `${n} ${status}`)
              .join(', ');
            return `${String(c.id).padStart(4)}  ${c.status.padEnd(9)} ${c.channel.padEnd(8)} ${c.name}${c.nextRunAt ? `  next ${c.nextRunAt}` : ''}${messages ? `  (${messages})` : ''}`;
          }),
    );
  });
  campaign
    .command('create')
    .description('create a draft campaign from a JSON file (name, channel, audience, content, schedule)')
    .argument('<file>', 'JSON file')
    .option('--launch', 'launch it at once')
    .action(async (file: string, options: { launch?: boolean }, command: Command) => {
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(resolve(file), 'utf8'));
      } catch (error) {
        throw new EngineError('invalid_input', `${file}: not a readable JSON file (${(error as Error).message}).`, { file });
      }
      const value = await cli.withEngine(command, async (engine) => {
        const saved = await engine.call('campaigns/save', withCampaignDefaults(input, (await engine.call('settings/get', {})).timeZone)).catch((error: unknown) => {
          // The file is what the user wrote: say which one the problem is in.
          if (error instanceof EngineError && error.code === 'invalid_input') throw new EngineError(error.code, `${file}: ${error.message}`, { file, ...(error.details as object | undefined) });
          throw error;
        });
        return options.launch ? engine.call('campaigns/launch', { id: saved.id }) : saved;
      });
      cli.print<'campaigns/save'>(command, value, () => [`Campaign ${value.id} "${value.name}" is ${value.status}${value.nextRunAt ? `, next run ${value.nextRunAt}` : ''}.`]);
    });
  for (const [name, method, verb] of [
    ['launch', 'campaigns/launch', 'launched'],
    ['pause', 'campaigns/pause', 'paused'],
  ] as const) {
    campaign
      .command(name)
      .argument('<campaign>', 'name or id')
      .action(async (ref: string, _options: unknown, command: Command) => {
        const value = await cli.withEngine(command, async (engine) => engine.call(method, { id: (await campaignRef(engine, ref)).id }));
        cli.print<typeof method>(command, value, () => [`"${value.name}" ${verb}: ${value.status}${value.nextRunAt ? `, next run ${value.nextRunAt}` : ''}.`]);
      });
  }
}

/**
 * A campaign file says what matters to it: the content fields it leaves out are empty, the
 * schedule's are the wizard's defaults in the workspace's time zone (a "send now" file needs no
 * repeat or weekdays). What it does say is checked by the engine as written.
 */
function withCampaignDefaults(input: unknown, timeZone: string): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const file = input as Record<string, unknown>;
  const asObject = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null);
  const content = asObject(file['content']);
  const schedule = asObject(file['schedule']);
  return {
    ...file,
    ...(content ? { content: { ...defaultNodeData('send'), ...(typeof file['channel'] === 'string' ? { channel: file['channel'] } : {}), ...content } } : {}),
    ...(schedule ? { schedule: { ...defaultCampaignSchedule(timeZone), ...schedule } } : {}),
  };
}
