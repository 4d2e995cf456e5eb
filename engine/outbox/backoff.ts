/**
 * When to try a failed send again: exponential backoff with jitter (between half and all of 30 s, 1 min, 2 min...
 * capped at an hour), or what the provider's Retry-After asked for if that is later.
 */
export const MAX_ATTEMPTS = 6;
const BASE_MS = 30_000;
const CAP_MS = 3_600_000;

export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}
