import type { DataChangedEvent } from '../../shared/rpc/events';
import { engine } from './index';

/**
 * Calls `read` when data of one of `topics` changes (any topic when null), at most once every
 * `everyMs`: while a simulation runs, data changes many times a second, and a screen whose read is
 * costly reads again at that pace instead. Returns the function that stops it.
 */
export function readAgainOnChanges(topics: readonly DataChangedEvent['topic'][] | null, read: () => void, everyMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = engine.onEvent((event) => {
    if (event.type !== 'data/changed' || (topics !== null && !topics.includes(event.topic)) || timer) return;
    timer = setTimeout(() => {
      timer = null;
      read();
    }, everyMs);
  });
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}
