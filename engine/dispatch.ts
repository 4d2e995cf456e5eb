import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EngineEvent } from '../shared/rpc/events';
import type { FieldIssue, RpcResult } from '../shared/rpc/envelope';
import { isMethodName, METHOD_NAMES, methods, type MethodName, type MethodOutput, type ParsedInput } from '../shared/rpc/methods';
import type { CallContext } from './context';
import { EngineError, fromSqliteError } from './errors';

/**
 * The one way into the engine, whatever the host: the method is looked up in the contract, its
 * input validated by the method's zod schema (every problem named by its field), long methods get a
 * job id, progress events and cancellation, and every failure comes back as the result envelope
 * (an EngineError's code, a SQLite or file-system failure translated, anything else `internal`).
 */
export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, ctx: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export interface DispatchOptions {
  /** Chosen by the caller so it can cancel the job or match progress events before the call returns. */
  jobId?: string;
  trusted?: boolean;
}

type Issue = z.core.$ZodIssue;

/**
 * A union ("a filter, a segment id or a name") fails with one bare "Invalid input" unless we look
 * inside: report the branch that got furthest into the input, which is the one the caller meant.
 */
function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; issue: Issue }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((branch) => flattenIssues(branch, path));
      const depth = (branch: { path: PropertyKey[] }[]) => Math.max(...branch.map((i) => i.path.length));
      const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (best.length > 0) return best;
    }
    return [{ path, issue }];
  });
}

function describeIssues(error: z.ZodError): FieldIssue[] {
  return flattenIssues(error.issues).map(({ path, issue }) => ({
    field: path.length > 0 ? path.map(String).join('.') : '(input)',
    message: issue.message,
    ...kindOf(issue),
  }));
}

/** The validator's issue as a kind a window can word (FieldIssue.kind), with its limit or choices. */
function kindOf(issue: Issue): Pick<FieldIssue, 'kind' | 'limit' | 'allowed'> {
  switch (issue.code) {
    case 'invalid_type':
      return { kind: issue.input === undefined || issue.input === null ? 'required' : 'format' };
    case 'too_small':
      // An empty text or list where one is needed is "required", not "too short".
      if ((issue.origin === 'string' || issue.origin === 'array') && Number(issue.minimum) === 1) return { kind: 'required' };
      return { kind: 'too_small', limit: Number(issue.minimum) };
    case 'too_big':
      return { kind: 'too_big', limit: Number(issue.maximum) };
    case 'invalid_value':
      return { kind: 'not_allowed', allowed: issue.values.map(String) };
    case 'invalid_format':
      return { kind: issue.input === '' ? 'required' : 'format' };
    case 'unrecognized_keys':
      return { kind: 'unknown_field' };
    default:
      return { kind: 'other' };
  }
}

/** Running long methods by job id, and cancels that arrived before their job. */
export class Jobs {
  private readonly running = new Map<string, AbortController>();
  private readonly cancelledBeforeStart = new Set<string>();

  start(jobId: string): AbortController {
    if (this.running.has(jobId)) throw new EngineError('conflict', `A job with id ${jobId} is already running.`, { field: 'jobId' });
    const controller = new AbortController();
    this.running.set(jobId, controller);
    if (this.cancelledBeforeStart.delete(jobId)) controller.abort();
    return controller;
  }

  end(jobId: string): void {
    this.running.delete(jobId);
  }

  cancel(jobId: string): { cancelled: boolean } {
    const job = this.running.get(jobId);
    if (job) {
      job.abort();
      return { cancelled: true };
    }
    // The cancel may overtake its job (a large upload is still arriving): remember it.
    this.cancelledBeforeStart.add(jobId);
    if (this.cancelledBeforeStart.size > 1000) this.cancelledBeforeStart.delete(this.cancelledBeforeStart.values().next().value as string);
    return { cancelled: false };
  }

  abortAll(): void {
    for (const job of this.running.values()) job.abort();
  }
}

export function createDispatch(
  /** Every method for an engine; a host answers only its own part (the rest are unknown to it). */
  handlers: Partial<Handlers>,
  jobs: Jobs,
  emit: (event: EngineEvent) => void,
  dataFile: string,
): (name: string, input: unknown, options?: DispatchOptions) => Promise<RpcResult<unknown>> {
  async function run(name: MethodName, rawInput: unknown, dispatchOptions: DispatchOptions): Promise<unknown> {
    const definition = methods[name];
    // reportInput: an issue says what it was given, which tells "missing" from "wrong" (never sent back).
    const parsed = definition.input.safeParse(rawInput ?? {}, { reportInput: true });
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      throw new EngineError('invalid_input', `Invalid input for ${name}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, { issues });
    }
    const jobId = definition.long ? (dispatchOptions.jobId ?? randomUUID()) : null;
    const controller = jobId !== null ? jobs.start(jobId) : new AbortController();
    const started = Date.now();
    const ctx: CallContext = {
      jobId,
      signal: controller.signal,
      trusted: dispatchOptions.trusted === true,
      progress(update) {
        if (jobId === null) return;
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        emit({ type: 'job/progress', jobId, method: name, ...update, rowsPerSecond: Math.round(update.rowsDone / seconds) });
      },
    };
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      return await handler(parsed.data, ctx);
    } finally {
      if (jobId !== null) jobs.end(jobId);
    }
  }

  return async function dispatch(name, input, dispatchOptions = {}) {
    if (!isMethodName(name) || !handlers[name]) {
      return {
        ok: false,
        error: { code: 'unknown_method', message: `Unknown method "${name}". Known methods: ${METHOD_NAMES.join(', ')}.`, details: { method: name } },
      };
    }
    try {
      return { ok: true, value: await run(name, input, dispatchOptions) };
    } catch (error) {
      if (error instanceof EngineError) return { ok: false, error: error.toRpcError() };
      const translated = fromSqliteError(error, dataFile);
      if (translated) return { ok: false, error: translated.toRpcError() };
      console.error(`[engine] ${name} failed`, error);
      return { ok: false, error: { code: 'internal', message: `${name} failed unexpectedly: ${String(error)}` } };
    }
  };
}
