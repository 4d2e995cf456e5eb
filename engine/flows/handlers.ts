import { parseFlowFile } from '../../shared/domain/flow-file';
import type { FlowDefinition } from '../../shared/domain/flow';
import { flowWithCompiledMjml } from '../templating/mjml';
import type { flowMethods } from '../../shared/rpc/flow-methods';
import { EngineError } from '../errors';
import type { EngineServices, HandlersOf } from '../handler-types';
import type { Flows } from './flows';

/** shared/rpc/flow-methods.ts: drafts, versions, lifecycle, history and files. */
export function flowHandlers({ writeLock, emit }: EngineServices, flows: Flows): HandlersOf<typeof flowMethods> {
  /** A flow write under the write lock, then windows are told the flows changed. */
  const flowWrite = <T>(work: () => T) =>
    writeLock.run(async () => {
      const result = work();
      emit({ type: 'data/changed', topic: 'flows' });
      return result;
    });
  return {
    'flows/list': () => ({ flows: flows.list() }),
    'flows/references': () => flows.references(),
    'flows/get': (input) => ('id' in input ? flows.get(input.id) : flows.findByName(input.name)),
    'flows/create': (input) => flowWrite(() => flows.create(input)),
    'flows/save': async (input) => {
      const definition = input.definition === undefined ? undefined : await flowWithCompiledMjml(input.definition);
      return flowWrite(() => flows.save({ ...input, ...(definition ? { definition } : {}) } as Parameters<Flows['save']>[0]));
    },
    'flows/publish': (input) => flowWrite(() => flows.publish(input)),
    'flows/pause': (input) => flowWrite(() => flows.setStatus(input.id, 'pause')),
    'flows/resume': (input) => flowWrite(() => flows.setStatus(input.id, 'resume')),
    'flows/archive': (input) => flowWrite(() => flows.setStatus(input.id, 'archive')),
    'flows/delete': (input) =>
      flowWrite(() => {
        flows.remove(input.id);
        return { deleted: true as const };
      }),
    'flows/version': (input) => flows.version(input.id, input.version),
    'flows/step-counts': (input) => ({ steps: flows.stepCounts(input.id) }),
    'flows/restore': (input) => flowWrite(() => flows.restore(input.id, input.version)),
    'flows/diff': (input) => ({ lines: flows.diff(input.id, input.from, input.to) }),
    'flows/export': (input) => flows.exportFile(input.id, input.version),
    'flows/import': async (input) => {
      const parsed = parseFlowFile(input.text);
      if (!parsed.ok) {
        const first = parsed.problems[0]!;
        throw new EngineError('invalid_input', `The flow file is not valid: ${first.path ? `${first.path}: ` : ''}${first.message}`, {
          issues: parsed.problems.map((p) => ({ field: p.path, message: p.message })),
        });
      }
      const definition = await flowWithCompiledMjml(parsed.file.definition as FlowDefinition);
      return flowWrite(() => flows.importFile({ ...parsed.file, definition }, input.name));
    },
  };
}
