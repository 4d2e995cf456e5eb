/**
 * Keeps requests to one provider under its rate limit: no more than `limitPerSecond` in any one
 * second. A token bucket holding `burst` tokens (a tenth of the limit) refilled at the limit minus
 * the burst: a full bucket spent at once plus a second of refill is exactly the limit. `take`
 * resolves when a token is free, so a burst of sends queues instead of tripping the provider's 429s.
 *
 * Tokens are taken for a chunk of messages before the chunk is prepared, so the requests leave a
 * little after their tokens, and not all equally late (the chunk's preparation, the write lock, the
 * hop to the HTTP worker). `depart` is the last gate, just before each request leaves: no more than
 * the limit in any window of a second plus `DEPARTURE_SLACK_MS` (room for the hop to the network).
 */
export const DEPARTURE_SLACK_MS = 25;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly burst: number;
  private readonly refillPerSecond: number;
  /** When each of the last `limitPerSecond` requests left, oldest at `nextDeparture`. */
  private readonly departures: Float64Array;
  private nextDeparture = 0;

  constructor(
    readonly limitPerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.burst = Math.max(1, Math.floor(limitPerSecond / 10));
    this.refillPerSecond = limitPerSecond >= 2 ? limitPerSecond - this.burst : limitPerSecond;
    this.tokens = this.burst;
    this.last = now();
    this.departures = new Float64Array(Math.max(1, Math.floor(limitPerSecond))).fill(-Infinity);
  }

  /** Resolves when a request may leave now; call it in the order the requests leave, one at a time. */
  async depart(): Promise<void> {
    // The request `limit` places back must be more than a second (and the slack) old.
    const wait = this.departures[this.nextDeparture]! + 1000 + DEPARTURE_SLACK_MS - this.now();
    if (wait > 0) await this.sleep(Math.ceil(wait));
    this.departures[this.nextDeparture] = this.now();
    this.nextDeparture = (this.nextDeparture + 1) % this.departures.length;
  }

  /** Takes a token at time `at` (ms) if one is free and returns 0; otherwise returns how many ms until one is. */
  reserve(at: number): number {
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, at - this.last) / 1000) * this.refillPerSecond);
    this.last = Math.max(this.last, at);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000));
  }

  take(): Promise<void> {
    // One waiter at a time, in order: the queue is the line in front of the bucket.
    const turn = this.queue.then(async () => {
      for (let wait = this.reserve(this.now()); wait > 0; wait = this.reserve(this.now())) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    });
    this.queue = turn;
    return turn;
  }
}
