import { useEffect, useState } from 'react';
import type { DataChangedEvent } from '../../shared/rpc/events';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/rpc/methods';
import { engine } from './index';

export interface EngineRead<T> {
  value: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * The one way a screen reads the engine: `method` with `input` (null: nothing to read, and nothing
 * shown), read again when the input changes (compared by value) or when data of one of `topics`
 * changes. Reads can overlap (data changes while one is out): only the latest read's answer is
 * shown, so an older answer never replaces a newer one, and nothing is set after the screen has gone.
 *
 * Options: `keepWhileReading` keeps the previous answer on screen until the new input's answer comes
 * (a report whose period changed); `delayMs` waits that long after the input last changed before
 * reading, so typing in a filter asks once, not at every key.
 */
export function useEngineRead<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  topics: readonly DataChangedEvent['topic'][] = [],
  options: { keepWhileReading?: boolean; delayMs?: number } = {},
): EngineRead<MethodOutput<M>> {
  const [state, setState] = useState<EngineRead<MethodOutput<M>>>({ value: null, error: null, loading: input !== null });
  const key = JSON.stringify(input);
  const topicKey = topics.join(',');
  useEffect(() => {
    if (input === null) {
      setState({ value: null, error: null, loading: false });
      return undefined;
    }
    let current = true;
    let latest = 0;
    // Another input's answer is not this one's: cleared at once, unless the screen prefers to keep
    // showing the previous answer until the new one comes (a report whose period changed).
    if (!options.keepWhileReading) setState({ value: null, error: null, loading: true });
    const load = () => {
      const read = ++latest;
      const shown = () => current && read === latest;
      setState((s) => ({ ...s, loading: true }));
      engine.call(method, input).then(
        (value) => shown() && setState({ value, error: null, loading: false }),
        (error: Error) => shown() && setState({ value: null, error: error.message, loading: false }),
      );
    };
    const delay = options.delayMs ?? 0;
    const firstRead = delay > 0 ? setTimeout(load, delay) : undefined;
    if (delay === 0) load();
    const stop = engine.onEvent((event) => {
      if (event.type === 'data/changed' && topics.includes(event.topic)) load();
    });
    return () => {
      current = false;
      clearTimeout(firstRead);
      stop();
    };
    // The input and topics are compared by value (their text), not by identity.
    // biome-ignore lint/correctness/useExhaustiveDependencies: key and topicKey stand for input and topics
  }, [method, key, topicKey]);
  return state;
}
