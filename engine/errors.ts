import type { ErrorCode, RpcError } from '../shared/rpc/envelope';

/** An error the engine means to report: it carries a code the hosts map to the result envelope. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  toRpcError(): RpcError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

/** SQLite's and the file system's failure codes that a user can act on, translated to the envelope's codes. */
export function fromSqliteError(error: unknown, dataFile: string): EngineError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new EngineError('db_locked', `The workspace file ${dataFile} is locked by another program (another Campaign Studio or a database tool). Close it and try again.`, { sqliteCode: code });
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new EngineError('db_corrupt', `The workspace file ${dataFile} is damaged or is not a Campaign Studio database. It was left as it is; restore a backup or choose another data folder.`, {
      sqliteCode: code,
    });
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new EngineError('disk_full', `The disk holding ${dataFile} is full, so nothing was written. Free some space (or move the workspace to a larger disk), then try again.`, { code });
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new EngineError(
      'read_only',
      `The workspace ${dataFile} cannot be written (${code}): its disk or folder is read-only, or you lack the rights to it. Choose a folder you can write to, or fix its permissions.`,
      { code },
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    return new EngineError('io_error', `Cannot read or write the workspace file ${dataFile} (${code}).`, {
      sqliteCode: code,
    });
  }
  return null;
}
