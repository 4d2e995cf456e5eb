/**
 * The result envelope every engine method returns, whatever the transport.
 * Errors cross process boundaries as plain data, never as thrown Error objects,
 * so the renderer, the HTTP client and the CLI all read the same shape.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'cancelled',
  'unauthorized',
  'db_locked',
  'db_corrupt',
  'db_newer_version',
  'data_dir_missing',
  'io_error',
  /** The disk holding the workspace is full: free space, then try again. */
  'disk_full',
  /** The workspace file or its folder cannot be written (a read-only disk or folder, or permissions). */
  'read_only',
  /** The host is at one of its limits (connections, event streams): try again shortly. */
  'busy',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface RpcError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** One problem in a method's input, as zod reports it, with the path as a dotted field name. */
export interface FieldIssue {
  field: string;
  /** The validator's English, as the CLI and the logs show it. */
  message: string;
  /**
   * What was wrong, for a window to say it in its own language: required (missing or empty),
   * too_small / too_big (with `limit`), not_allowed (with `allowed`), format (the form is wrong),
   * unknown_field, other.
   */
  kind?: 'required' | 'too_small' | 'too_big' | 'not_allowed' | 'format' | 'unknown_field' | 'other';
  limit?: number;
  allowed?: string[];
}

export function isRpcResult(value: unknown): value is RpcResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const candidate = value as { ok: unknown; error?: { code?: unknown } };
  if (candidate.ok === true) return 'value' in candidate;
  return candidate.ok === false && typeof candidate.error?.code === 'string';
}
