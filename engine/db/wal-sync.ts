import { closeSync, fdatasync, openSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Commits that reach the disk off the engine's thread. The workspace commits with
 * `synchronous = FULL`: each commit waits for the WAL to be synced, about a millisecond on this
 * kind of disk, during which the engine's thread does nothing else. The outbox commits often, and
 * only some of its commits come before something leaves the machine. Those it makes with
 * `synchronous = NORMAL` (still atomic and consistent; a process crash keeps them, a power cut
 * could undo the last ones) and, before the requests go, waits for one fsync of the WAL file made
 * on libuv's thread pool. Calls that come while a sync runs share the next one (a group commit).
 * The order the outbox relies on holds: a message is marked `attempting` on disk before its
 * request leaves.
 */
export class WalSync {
  private readonly walFile: string;
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    dataFile: string,
  ) {
    this.walFile = `${dataFile}-wal`;
  }

  /** Runs `work` (whole transactions) with the commit's own sync left out; `durable()` makes it up. */
  unsynced<T>(work: () => T): T {
    // Not prepared once: SQLite applies this pragma when the statement is compiled, so a prepared
    // one run again does nothing.
    this.sqlite.exec('PRAGMA synchronous = NORMAL');
    try {
      return work();
    } finally {
      this.sqlite.exec('PRAGMA synchronous = FULL');
    }
  }

  /** Resolves once everything committed before the call is on disk. */
  durable(): Promise<void> {
    if (!this.running) {
      this.running = this.syncOnce().finally(() => (this.running = null));
      return this.running;
    }
    // The sync under way may have started before the caller's commit: wait for the one after it,
    // shared by everyone who asks meanwhile.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.durable();
      });
    return this.next;
  }

  /** Closes the WAL file it holds (call before the workspace closes). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private async syncOnce(): Promise<void> {
    // The workspace's connections keep the WAL file in place while the engine runs (SQLite removes
    // it when the last one closes): one descriptor serves every sync.
    this.fd ??= openSync(this.walFile, 'r+');
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }
}
