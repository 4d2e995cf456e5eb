import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from './errors';

/**
 * Files a window hands to the engine (a CSV to import) arrive as uploads: streamed in chunks to a
 * file in the workspace's uploads/ folder, then named by an id in later calls. The renderer never
 * names a path on this machine, and a large file is never held whole in memory or in one message.
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

interface OpenUpload {
  fd: number;
  fileName: string;
  bytes: number;
}

export interface FinishedUpload {
  uploadId: string;
  fileName: string;
  bytes: number;
}

/** Whether the file holds any of the byte strings, read in 1 MiB blocks that overlap by the longest one. */
function fileHolds(path: string, needles: readonly Buffer[], longest: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.alloc(1024 * 1024 + longest);
    let carried = 0;
    let position = 0;
    for (;;) {
      const read = readSync(fd, block, carried, block.length - carried, position);
      if (read === 0) return false;
      position += read;
      const filled = block.subarray(0, carried + read);
      if (needles.some((needle) => filled.includes(needle))) return true;
      carried = Math.min(longest - 1, filled.length);
      filled.copy(block, 0, filled.length - carried);
    }
  } finally {
    closeSync(fd);
  }
}

export class UploadStore {
  private readonly open = new Map<string, OpenUpload>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  }

  private dataPath(uploadId: string) {
    return join(this.dir, `${uploadId}.upload`);
  }

  private metaPath(uploadId: string) {
    return join(this.dir, `${uploadId}.json`);
  }

  begin(fileName: string): { uploadId: string } {
    if (this.open.size >= 16) throw new EngineError('conflict', 'Too many uploads in progress; finish or discard one first.');
    const uploadId = randomBytes(16).toString('hex');
    const fd = openSync(this.dataPath(uploadId), 'wx', 0o600);
    this.open.set(uploadId, { fd, fileName, bytes: 0 });
    return { uploadId };
  }

  append(uploadId: string, offset: number, chunk: Uint8Array): { bytes: number } {
    const upload = this.open.get(uploadId);
    if (!upload) throw new EngineError('not_found', `No upload in progress has the id ${uploadId}.`, { field: 'uploadId' });
    if (offset !== upload.bytes) {
      throw new EngineError('conflict', `Upload ${uploadId} expected its chunk at byte ${upload.bytes}, not ${offset}.`, {
        field: 'offset',
        expected: upload.bytes,
      });
    }
    if (upload.bytes + chunk.length > MAX_UPLOAD_BYTES) {
      this.discard(uploadId);
      throw new EngineError('invalid_input', `${upload.fileName} is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.`, {
        field: 'chunk',
      });
    }
    writeSync(upload.fd, chunk);
    upload.bytes += chunk.length;
    return { bytes: upload.bytes };
  }

  finish(uploadId: string): FinishedUpload {
    const upload = this.open.get(uploadId);
    if (!upload) throw new EngineError('not_found', `No upload in progress has the id ${uploadId}.`, { field: 'uploadId' });
    closeSync(upload.fd);
    this.open.delete(uploadId);
    const finished = { uploadId, fileName: upload.fileName, bytes: upload.bytes };
    writeFileSync(this.metaPath(uploadId), JSON.stringify(finished), { mode: 0o600 });
    return finished;
  }

  /** The file behind a finished upload. */
  resolve(uploadId: string): FinishedUpload & { path: string } {
    try {
      const meta = JSON.parse(readFileSync(this.metaPath(uploadId), 'utf8')) as FinishedUpload;
      return { ...meta, path: this.dataPath(uploadId) };
    } catch {
      throw new EngineError('not_found', `No finished upload has the id ${uploadId}; upload the file again.`, {
        field: 'source.uploadId',
      });
    }
  }

  discard(uploadId: string): void {
    const upload = this.open.get(uploadId);
    if (upload) {
      closeSync(upload.fd);
      this.open.delete(uploadId);
    }
    rmSync(this.dataPath(uploadId), { force: true });
    rmSync(this.metaPath(uploadId), { force: true });
  }

  /** Uploads left behind by a closed window or a crash are removed after a day. */
  sweep(now: number): void {
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (now - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { force: true });
    }
  }

  /**
   * Removes every finished upload whose bytes hold one of `needles` (an erased customer's email,
   * phone, name...), read a block at a time; returns how many went.
   */
  removeHolding(needles: readonly string[]): number {
    const wanted = needles.filter((needle) => needle.length > 0).map((needle) => Buffer.from(needle, 'utf8'));
    if (wanted.length === 0) return 0;
    const longest = Math.max(...wanted.map((needle) => needle.length));
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.upload')) continue;
      const uploadId = name.slice(0, -'.upload'.length);
      if (this.open.has(uploadId)) continue;
      if (fileHolds(join(this.dir, name), wanted, longest)) {
        this.discard(uploadId);
        removed += 1;
      }
    }
    return removed;
  }

  closeAll(): void {
    for (const uploadId of [...this.open.keys()]) this.discard(uploadId);
  }
}
