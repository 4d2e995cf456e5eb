/**
 * The engine writes through one connection. A long import holds a transaction open across awaits,
 * so any other write in that time would silently join (and share the fate of) the import's
 * transaction. Every writer takes this lock; readers use the separate reader connection instead.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
