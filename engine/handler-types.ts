import type { EngineEvent } from '../shared/rpc/events';
import type { MethodDefinition } from '../shared/rpc/method';
import type { Handlers } from './dispatch';
import type { WriteLock } from './db/write-lock';
import type { Workspace } from './db/connection';

/**
 * The handlers of one part of the contract (an object of method definitions): the compiler checks
 * each against its method's input and output, and that none is missing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HandlersOf<Definitions extends Record<string, MethodDefinition<any, any>>> = Pick<Handlers, keyof Definitions & keyof Handlers>;

/** What most handler modules need from the engine: the workspace, its write lock, its clock, and a way to tell windows. */
export interface EngineServices {
  ws: Workspace;
  writeLock: WriteLock;
  now: () => number;
  emit: (event: EngineEvent) => void;
}
