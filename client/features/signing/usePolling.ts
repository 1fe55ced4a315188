/**
 * Looking again for something the other device sends through the relay: `check` runs as soon as
 * the caller is shown and `active`, then every `everyMs`, never two at once (a slow relay is not
 * asked twice); `checkNow` is the "Check now" button's.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export const POLL_EVERY_MS = 5_000;

export function usePolling(check: () => Promise<void>, active: boolean, everyMs: number = POLL_EVERY_MS): { checkNow: () => Promise<void>; checking: boolean } {
  const latest = useRef(check);
  latest.current = check;
  const running = useRef<Promise<void> | null>(null);
  const shown = useRef(true);
  const [checking, setChecking] = useState(false);

  const checkNow = useCallback((): Promise<void> => {
    if (running.current) return running.current;
    setChecking(true);
    const run = latest
      .current()
      .catch(() => undefined)
      .finally(() => {
        running.current = null;
        if (shown.current) setChecking(false);
      });
    running.current = run;
    return run;
  }, []);

  useEffect(() => {
    shown.current = true;
    return () => {
      shown.current = false;
    };
  }, []);

  useEffect(() => {
    if (!active) return undefined;
    void checkNow();
    const timer = setInterval(() => void checkNow(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, checkNow]);

  return { checkNow, checking };
}
