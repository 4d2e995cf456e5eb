import { useEffect, useRef } from 'react';

/** Escape closes what is open (a drawer, a dialog) wherever focus is on the page, not only inside it. */
export function useEscape(onEscape: () => void, enabled = true): void {
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [enabled]);
}
