import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EngineError } from '../errors';
import type { CliContext } from './cli-delivery';

/** `campaign-studio flow ...`: list flows, export and import flow files, publish a draft. */
export function registerFlowCommands(program: Command, context: CliContext): void {
  const flow = program.command('flow').description('list, export, import and publish flows');
  /** A flow named by id (digits) or by name. */
  const flowRef = (ref: string) => (/^\d+$/.test(ref) ? { id: Number(ref) } : { name: ref });
  flow
    .command('list')
    .description('list flows with their status and published version')
    .action(async (_options: unknown, command: Command) => {
      const value = await context.withEngine(command, (engine) => engine.call('flows/list', {}));
      context.print<'flows/list'>(command, value, () =>
        value.flows.length === 0
          ? ['No flows yet.']
          : value.flows.map((f) => `${String(f.id).padStart(4)}  ${f.status.padEnd(8)}  ${f.version === null ? '  -' : `v${f.version}`.padStart(3)}${f.hasDraftChanges ? '*' : ' '}  ${f.name}`),
      );
    });
  flow
    .command('export')
    .description('write a flow as a versioned JSON file (the draft, or a published version)')
    .argument('<flow>', 'flow name or id')
    .option('--published <n>', 'export published version n instead of the draft', (v: string) => Number(v))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (ref: string, options: { published?: number; out?: string }, command: Command) => {
      const file = await context.withEngine(command, async (engine) => {
        const found = await engine.call('flows/get', flowRef(ref));
        return engine.call('flows/export', { id: found.id, version: options.published ?? null });
      });
      const text = JSON.stringify(file, null, 2) + '\n';
      if (options.out === undefined) context.out(text.trimEnd());
      else {
        writeFileSync(resolve(options.out), text);
        if (!(command.optsWithGlobals() as { quiet?: boolean }).quiet) context.err(`Wrote ${file.name}${file.version === null ? ' (draft)' : ` v${file.version}`} to ${options.out}`);
      }
    });
  flow
    .command('import')
    .description('add a flow file as a new draft')
    .argument('<file>', 'a flow JSON file (campaign-studio.flow)')
    .option('--name <name>', 'name the new flow (default: the name in the file)')
    .action(async (file: string, options: { name?: string }, command: Command) => {
      let text: string;
      try {
        text = readFileSync(resolve(file), 'utf8');
      } catch (error) {
        throw new EngineError('invalid_input', `${file}: cannot read the file (${(error as Error).message}).`, { file });
      }
      const value = await context.withEngine(command, (engine) => engine.call('flows/import', { text, ...(options.name === undefined ? {} : { name: options.name }) }));
      context.print<'flows/import'>(command, value, () => [
        `Imported "${value.name}" as draft flow ${value.id} (${value.steps} steps).`,
        ...(value.issues.length === 0 ? ['It validates: ready to publish.'] : [`${value.issues.length} problem(s) to fix before publishing:`, ...value.issues.map((i) => `  - ${i.message}`)]),
      ]);
    });
  flow
    .command('publish')
    .description("publish a flow's draft as a new version")
    .argument('<flow>', 'flow name or id')
    .option('--move-entrants', 'move customers already in the flow to the new version (default: they stay on theirs)')
    .action(async (ref: string, options: { moveEntrants?: boolean }, command: Command) => {
      const value = await context.withEngine(command, async (engine) => {
        const found = await engine.call('flows/get', flowRef(ref));
        return engine.call('flows/publish', { id: found.id, entrants: options.moveEntrants ? 'move' : 'stay' });
      });
      context.print<'flows/publish'>(command, value, () => [`Published "${value.name}" version ${value.version} (${value.status}).`]);
    });
}
