import { describe, expect, test } from 'vitest';
import { DEPARTURE_SLACK_MS, TokenBucket } from './token-bucket';
import { retryDelayMs, MAX_ATTEMPTS } from './backoff';
import { retryAfterMs } from '../providers/http-status';

/** Requests as fast as the bucket allows over `seconds` of logical time; the send times in ms. */
function sendTimes(limit: number, seconds: number): number[] {
  const bucket = new TokenBucket(limit, () => 0);
  const times: number[] = [];
  for (let now = 0; now < seconds * 1000; ) {
    const wait = bucket.reserve(now);
    if (wait === 0) times.push(now);
    else now += wait;
  }
  return times;
}

describe('provider rate limit', () => {
  test.each([10, 50, 400, 2000])('at %i/s, no one-second window ever holds more than the limit, and a busy sender gets at least 90 %% of it', (limit) => {
    const times = sendTimes(limit, 5);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBeLessThanOrEqual(limit);
    expect(times.length / 5).toBeGreaterThanOrEqual(limit * 0.9);
  });
});

describe('requests leaving after their tokens', () => {
  test.each([5, 400, 2000])('at %i/s, requests let through in bursts and after pauses never put more than the limit in a second and its slack', async (limit) => {
    let clock = 0;
    const bucket = new TokenBucket(
      limit,
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const left: number[] = [];
    for (let i = 0; i < limit * 5; i++) {
      // Chunks arrive late and all at once (a prepared chunk), with pauses between some of them.
      if (i % 128 === 0) clock += i % 512 === 0 ? 300 : 7;
      await bucket.depart();
      left.push(clock);
    }
    let busiest = 0;
    for (let i = 0, j = 0; i < left.length; i++) {
      while (left[i]! - left[j]! >= 1000 + DEPARTURE_SLACK_MS) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBe(limit);
  });
});

describe('retries', () => {
  test('backoff doubles from 30 s up to an hour, with jitter between half and all of it; Retry-After wins when longer', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 8, 12].map((a) => retryDelayMs(a, undefined, low))).toEqual([15_000, 30_000, 60_000, 1_800_000, 1_800_000]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, undefined, high))).toEqual([30_000, 60_000, 120_000]);
    expect(retryDelayMs(1, 600_000, high)).toBe(600_000);
    expect(retryDelayMs(3, 1_000, high)).toBe(120_000);
    expect(MAX_ATTEMPTS).toBe(6);
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'))).toBe(60_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
