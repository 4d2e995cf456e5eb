/**
 * Keeps requests to one provider under its rate limit: `ratePerSecond` tokens a second, up to
 * `burst` saved. `take` resolves when a token is free, so a burst of sends queues instead of
 * tripping the provider's 429s.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = Math.max(1, Math.ceil(ratePerSecond / 10)),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  take(): Promise<void> {
    // One waiter at a time, in order: the queue is the line in front of the bucket.
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, ((1 - this.tokens) / this.ratePerSecond) * 1000)));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }
}
