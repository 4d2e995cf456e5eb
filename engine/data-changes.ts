import type { DataChangedEvent } from '../shared/rpc/events';

/** A window needs to hear about a topic at most this often. */
const DATA_CHANGED_EVERY_MS = 250;

/**
 * "Data changed" told at most every quarter second per topic: the first at once, the rest of a
 * burst once at its end. A simulated month changes messages at every step of the clock (thousands
 * a second); told each time, every open screen read again each time, and a browser ran out of
 * connections (net::ERR_INSUFFICIENT_RESOURCES).
 */
export class DataChangeCoalescer {
  private readonly lastTold = new Map<DataChangedEvent['topic'], number>();
  private readonly waiting = new Map<DataChangedEvent['topic'], NodeJS.Timeout>();

  constructor(private readonly tell: (event: DataChangedEvent) => void) {}

  changed(event: DataChangedEvent): void {
    if (this.waiting.has(event.topic)) return;
    const since = Date.now() - (this.lastTold.get(event.topic) ?? 0);
    if (since >= DATA_CHANGED_EVERY_MS) {
      this.lastTold.set(event.topic, Date.now());
      this.tell(event);
      return;
    }
    const timer = setTimeout(() => {
      this.waiting.delete(event.topic);
      this.lastTold.set(event.topic, Date.now());
      this.tell(event);
    }, DATA_CHANGED_EVERY_MS - since);
    timer.unref();
    this.waiting.set(event.topic, timer);
  }

  stop(): void {
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }
}
