import { useEffect, useState } from 'react';
import type { MethodName, MethodOutput } from '../../../shared/rpc/methods';
import { engine } from '../../engine-client';

/** One report from the engine, fetched again when its input changes or new messages and events arrive. */
export function useReport<M extends MethodName>(method: M, input: unknown | null): { value: MethodOutput<M> | null; error: string | null; loading: boolean } {
  const [state, setState] = useState<{ value: MethodOutput<M> | null; error: string | null; loading: boolean }>({ value: null, error: null, loading: false });
  const key = JSON.stringify(input);
  useEffect(() => {
    if (input === null) return undefined;
    let current = true;
    // Reads overlap when data changes while one is out (a report waits for counting to catch up):
    // only the latest read's answer is shown, so an older, less counted answer never replaces it.
    let latest = 0;
    const load = () => {
      const read = ++latest;
      const shown = () => current && read === latest;
      setState((s) => ({ ...s, loading: true }));
      engine.call(method, input as never).then(
        (value) => shown() && setState({ value, error: null, loading: false }),
        (error: Error) => shown() && setState({ value: null, error: error.message, loading: false }),
      );
    };
    load();
    const stop = engine.onEvent((event) => {
      if (event.type === 'data/changed' && (event.topic === 'messages' || event.topic === 'customers' || event.topic === 'analytics')) load();
    });
    return () => {
      current = false;
      stop();
    };
    // The input is compared by value (its JSON), not by identity.
  }, [method, key]);
  return state;
}

export const count = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 0 });
