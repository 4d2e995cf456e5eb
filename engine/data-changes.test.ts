import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { DataChangedEvent } from '../shared/rpc/events';
import { DataChangeCoalescer } from './data-changes';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('data changes told to windows', () => {
  test('a burst of one topic is told once at once and once at its end; topics are told apart; nothing is lost', () => {
    const told: DataChangedEvent['topic'][] = [];
    const coalescer = new DataChangeCoalescer((event) => told.push(event.topic));
    for (let i = 0; i < 5000; i++) coalescer.changed({ type: 'data/changed', topic: 'messages' });
    coalescer.changed({ type: 'data/changed', topic: 'customers' });
    expect(told).toEqual(['messages', 'customers']);
    vi.advanceTimersByTime(250);
    expect(told).toEqual(['messages', 'customers', 'messages']);
    // Quiet for a while: the next change is told at once again.
    vi.advanceTimersByTime(1000);
    coalescer.changed({ type: 'data/changed', topic: 'messages' });
    expect(told).toHaveLength(4);
    coalescer.changed({ type: 'data/changed', topic: 'messages' });
    coalescer.stop();
    vi.advanceTimersByTime(1000);
    expect(told).toHaveLength(4);
  });
});
