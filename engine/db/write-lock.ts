/**
 * The engine writes through one connection. A long import holds a transaction open across awaits,
 * so any other write in that time would silently join (and share the fate of) the import's
 * transaction. Every writer takes this lock; readers use the separate reader connection instead.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    // Each holder starts on a new turn of the event loop: holders chained by promises alone would
    // run back to back, and a long run of them (a catch-up, a million journeys advancing) would
    // keep every request, and the screens asking them, waiting until the end.
    const start = () => new Promise<void>((resolve) => setImmediate(resolve)).then(work);
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
